import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accountRelevant, latestNetwork, memberKey } from '../accounts/membership';
import { history } from './arbitraries';
import { compileModel } from './compile';
import { DEFAULT_ACCOUNT_MODEL } from './default-account-model';
import { DEFAULT_MODEL } from './default-model';
import { scoreLead } from './engine';
import type { LeadEvent, NetworkInfo } from './events';
import { applyEvent, compareEvents, createLeadState, finalize } from './incremental';
import { type LeadSnapshot, restoreSafe, restoreState, snapshotOf } from './snapshot';

const accountModel = compileModel(DEFAULT_ACCOUNT_MODEL);
const leadModel = compileModel(DEFAULT_MODEL);

/** A member's history as its account stores it: its own ids, each event naming the member. */
const memberEvents = (member: string, events: LeadEvent[]): LeadEvent[] =>
  events.filter(accountRelevant).map((e) => ({ ...e, id: `${member}:${e.id}`, member }));

/** Up to four members, each with a history, spread over the same weeks. */
const account = fc
  .array(fc.tuple(history(12), fc.integer({ min: 0, max: 20 * 86_400_000 })), { minLength: 1, maxLength: 4 })
  .map((members) =>
    members.flatMap(([events, shift], i) =>
      memberEvents(
        `l:m${i}`,
        events.map((e) => ({ ...e, at: e.at + shift })),
      ),
    ),
  );

/** A permutation of the events: the order a queue might deliver them in. */
const arrival = (events: LeadEvent[]) =>
  fc
    .array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: events.length, maxLength: events.length })
    .map((keys) =>
      events
        .map((e, i) => ({ e, k: keys[i] as number }))
        .sort((a, b) => a.k - b.k)
        .map((x) => x.e),
    );

describe('an account is its members’ events, scored by the one engine', () => {
  it('the score equals a replay of the members’ events, whatever order they arrive in', () => {
    fc.assert(
      fc.property(
        account.chain((events) =>
          fc.tuple(fc.constant(events), arrival(events), fc.integer({ min: 0, max: 120 })),
        ),
        ([events, order, later]) => {
          const end = Math.max(...events.map((e) => e.at));
          const now = end + later * 86_400_000;
          const state = createLeadState(accountModel);
          for (const e of order) applyEvent(state, e);
          // Twice: a redelivered event changes nothing.
          for (const e of order.slice(0, 3)) expect(applyEvent(state, e)).toBe('duplicate');
          const incremental = finalize(state, now);
          const replayed = scoreLead(events, accountModel, now);
          expect(incremental).toEqual(replayed);
          // Every line names the member whose event earned it.
          for (const line of replayed.ledger) {
            if (line.eventId.startsWith('inactivity:')) continue;
            const source = events.find((e) => e.id === line.eventId);
            expect(source?.member).toBe(line.member);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('a snapshot of the fold taken anywhere and restored with the rest equals a replay (counts, members, ledger)', () => {
    fc.assert(
      fc.property(
        account.chain((events) => fc.tuple(fc.constant(events), fc.nat(), fc.integer({ min: 0, max: 120 }))),
        ([events, cut, later]) => {
          const sorted = [...events].sort(compareEvents);
          const end = Math.max(...events.map((e) => e.at));
          const now = end + later * 86_400_000;
          const k = cut % (sorted.length + 1);
          const state = createLeadState(accountModel);
          for (const e of sorted.slice(0, k)) applyEvent(state, e);
          // Through JSON, as an object stores it; the tail is every event the snapshot has not folded.
          const snap = JSON.parse(JSON.stringify(snapshotOf(state))) as LeadSnapshot;
          const through = snap.through;
          const tail =
            through === null
              ? sorted
              : sorted.filter((e) => compareEvents(e, { at: through.at, id: through.id } as LeadEvent) > 0);
          // Identities on both sides of the snapshot are replayed whole (restoreSafe): nothing to restore.
          if (!restoreSafe(snap, tail)) return;
          const restored = restoreState(accountModel, snap, tail);
          expect(finalize(restored, now)).toEqual(scoreLead(events, accountModel, now));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('adding a free-mail lead never changes an account, whatever its network', () => {
    const network = fc.constantFrom<NetworkInfo | undefined>(
      undefined,
      { country: 'DE', networkType: 'company', company: 'Acme', companyKey: 'acme' },
      { country: 'DE', networkType: 'isp' },
    );
    fc.assert(
      fc.property(
        account,
        history(10),
        fc.constantFrom('jo@gmail.com', 'sam@outlook.com', 'x@web.de'),
        network,
        fc.integer({ min: 0, max: 60 }),
        (members, personal, email, net, later) => {
          const at = (personal[0] as LeadEvent).at;
          // The person's behaviour, and the one address they gave: a free-mail one.
          const behaviour = personal.filter((e) => e.type !== 'identify' && !(e.type === 'form' && e.email));
          const lead: LeadEvent[] = [
            ...behaviour.map((e) => ({ ...e, ...(net ? { network: net } : {}) })),
            { id: 'free-id', at: at + 1, type: 'identify', email, source: 'form' },
          ];
          const result = scoreLead(lead, leadModel, at + later * 86_400_000);
          const key = memberKey(result, latestNetwork(lead));
          expect(key).toBeNull();
          // What the account receives from a member is decided by its key alone: none, nothing.
          const fed = key === null ? members : [...members, ...memberEvents('l:free', lead)];
          const now = Math.max(...fed.map((e) => e.at)) + later * 86_400_000;
          expect(scoreLead(fed, accountModel, now)).toEqual(scoreLead(members, accountModel, now));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('a business address or a company network joins; ISP, mobile and hosting visitors never do', () => {
    const base = scoreLead([], leadModel, 0);
    const known = {
      ...base,
      profile: {
        ...base.profile,
        email: 'jo@acme.example',
        emailDomain: 'acme.example',
        domainCategory: 'business' as const,
      },
    };
    expect(memberKey(known, { networkType: 'isp' })).toBe('d:acme.example');
    expect(memberKey(base, { networkType: 'company', company: 'Acme', companyKey: 'acme' })).toBe('n:acme');
    for (const networkType of ['isp', 'mobile', 'hosting', 'education', 'government', 'unknown'] as const) {
      expect(memberKey(base, { networkType })).toBeNull();
    }
    const competitor = { ...known, profile: { ...known.profile, domainCategory: 'competitor' as const } };
    expect(memberKey(competitor, { networkType: 'company', companyKey: 'acme' })).toBeNull();
  });
});
