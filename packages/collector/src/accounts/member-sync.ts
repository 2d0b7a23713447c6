/**
 * The member's side of accounts: after a lead or visitor object has done its own work (scored,
 * indexed, notified), it sends its account what the account has not seen yet. Called at the end of
 * the object's `rescore`, inside the work the ingest queue retries: if the account cannot be
 * reached, the call fails, the object's events stay marked unsettled and the next delivery (or
 * alarm) sends them again. The account keeps each event id once, so a resend changes nothing.
 *
 * The member remembers the account it feeds (`account`) and the last event it sent (`accountRow`,
 * the event log's rowid, which only grows in an object that keeps its events): each call sends only
 * newer events, so the cost does not grow with the member's history. When the member's account
 * changes (it identified, an admin merged or split a domain), it leaves the old account and sends
 * its whole history to the new one, whose events then count from when they happened. The member's
 * networks (the latest, and every company network it came from) are kept the same way, from the
 * events after `networkRow`, so no call reads the whole history unless the account changes.
 */
import type { NetworkInfo, ScoreResult } from '../scoring';
import type { LeadEvent } from '../scoring/events';
import type { MemberInfo } from './account-index';
import { accountRelevant, companyKeysOf, latestNetwork, memberKey } from './membership';
import { accountStub, resolveAccount } from './resolve';

/** What the hook needs of the member's object: its meta store and its SQLite events table. */
export type MemberStore = {
  getMeta(key: string): string | null;
  setMeta(key: string, value: string): void;
  sql: SqlStorage;
};

export type MemberSync = {
  env: Pick<Env, 'DB' | 'ACCOUNTS'>;
  store: MemberStore;
  site: string;
  memberId: string;
  kind: 'lead' | 'visitor';
  result: ScoreResult;
};

/** An event of the member's log with its rowid (the cursors below count rowids). */
type Row = { r: number; event: LeadEvent };

/** The member's events stored after `cursor`, in the order they were stored. */
function rowsSince(store: MemberStore, cursor: number): Row[] {
  return store.sql
    .exec<{ r: number; body: string }>(
      'SELECT rowid AS r, body FROM events WHERE rowid > ? ORDER BY rowid',
      cursor,
    )
    .toArray()
    .map((row) => ({ r: row.r, event: JSON.parse(row.body) as LeadEvent }));
}

/** The member's networks, kept up to date from `rows`: the events stored since the last call. */
function memberNetworks(
  store: MemberStore,
  rows: readonly Row[],
): { latest: NetworkInfo | undefined; companyKeys: string[] } {
  const raw = store.getMeta('networks');
  const known = raw
    ? (JSON.parse(raw) as { latest?: NetworkInfo; latestAt?: number; companyKeys: string[] })
    : { companyKeys: [] };
  const last = rows.at(-1);
  if (last === undefined) return { latest: known.latest, companyKeys: known.companyKeys };
  const events = rows.map((row) => row.event);
  const fresh = latestNetwork(events);
  const freshAt = Math.max(...events.filter((e) => e.network).map((e) => e.at), Number.NEGATIVE_INFINITY);
  // The latest by time, whatever order the events arrived in.
  const newer = fresh !== undefined && (known.latestAt === undefined || freshAt >= known.latestAt);
  const next = {
    ...(newer
      ? { latest: fresh, latestAt: freshAt }
      : known.latest
        ? { latest: known.latest, latestAt: known.latestAt }
        : {}),
    companyKeys: [...new Set([...known.companyKeys, ...companyKeysOf(events)])],
  };
  store.setMeta('networks', JSON.stringify(next));
  store.setMeta('networkRow', String(last.r));
  return { latest: next.latest, companyKeys: next.companyKeys };
}

export async function syncAccount(s: MemberSync): Promise<void> {
  const { env, store, site } = s;
  const networkRow = Number(store.getMeta('networkRow') ?? '0');
  const accountRow = Number(store.getMeta('accountRow') ?? '0');
  // One read of what either cursor has not seen: on a known member's call both stand at the same row.
  const from = Math.min(networkRow, accountRow);
  const rows = rowsSince(store, from);
  const networks = memberNetworks(
    store,
    rows.filter((row) => row.r > networkRow),
  );
  const key = memberKey(s.result, networks.latest);
  const target = key === null ? null : await resolveAccount(env.DB, site, key);
  const prev = store.getMeta('account') || null;
  if (prev !== null && prev !== target) await leaveAccount(env, store, site, s.memberId);
  if (target === null || key === null) return;
  // A new account gets the whole history.
  const cursor = prev === target ? accountRow : 0;
  const unsent = cursor < from ? rowsSince(store, cursor) : rows.filter((row) => row.r > cursor);
  if (unsent.length === 0 && prev === target) return;
  const events = unsent.map((row) => row.event).filter(accountRelevant);
  const name = s.result.profile.traits.name;
  const member: MemberInfo = {
    id: s.memberId,
    kind: s.kind,
    key,
    ...(s.result.profile.email ? { email: s.result.profile.email } : {}),
    ...(typeof name === 'string' && name
      ? { name }
      : s.kind === 'visitor' && networks.latest?.company
        ? { name: networks.latest.company }
        : {}),
    companyKeys: networks.companyKeys,
  };
  await accountStub(env, site, target).absorb({ site, domain: target, member, events });
  store.setMeta('account', target);
  store.setMeta('accountRow', String(unsent.at(-1)?.r ?? cursor));
}

/**
 * The member leaves the account it fed (if any): erased, merged into a lead (whose own sync has
 * already taken over its events, or, for a free-mail lead, leaves them out), or moved.
 */
export async function leaveAccount(
  env: Pick<Env, 'ACCOUNTS'>,
  store: Pick<MemberStore, 'getMeta' | 'setMeta'>,
  site: string,
  memberId: string,
): Promise<void> {
  const prev = store.getMeta('account');
  if (!prev) return;
  await accountStub(env, site, prev).leave({ site, domain: prev, memberId });
  store.setMeta('account', '');
  store.setMeta('accountRow', '0');
}
