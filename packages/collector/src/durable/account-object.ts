import { DurableObject } from 'cloudflare:workers';
import {
  type AccountMemberRow,
  deleteAccountRows,
  type MemberInfo,
  writeAccountIndex,
} from '../accounts/account-index';
import { accountModel } from '../accounts/account-model';
import { ACCOUNT_STAGE_NAMES } from '../accounts/membership';
import { accountStub } from '../accounts/resolve';
import {
  applyEvent,
  compareEvents,
  diff,
  finalize,
  type LeadState,
  nextChangeAt,
  pageTopics,
  replay,
  type ScoreResult,
  type Transition,
} from '../scoring';
import type { LeadEvent } from '../scoring/events';
import { foldedThrough } from '../scoring/snapshot';
import type { LeadNotification, ScoreAxis } from '../webhooks/notification';
import { notify } from '../webhooks/notification';
import { type ScorePoint, scoreHistory } from './score-history';

export type { MemberInfo } from '../accounts/account-index';

/** What a member's object sends its account: who it is and its account-relevant events. */
export type AccountAbsorbRequest = {
  site: string;
  domain: string;
  member: MemberInfo;
  events: LeadEvent[];
};

/** One member as the account page shows it. */
export type AccountMember = AccountMemberRow & {
  /** Points this member's events earn the account now. */
  points: number;
  /** Pages the member read, newest first (URL, topics, when). */
  pages: { eventId: string; at: number; url: string; topics: string[]; points: number }[];
  topics: string[];
  eventCount: number;
};

export type AccountDetail = {
  site: string;
  domain: string;
  name?: string;
  result: ScoreResult;
  /** The stage under its account journey name (mqa, opportunity, …). */
  stageName: string;
  members: AccountMember[];
  topics: { topic: string; members: number; views: number }[];
  history: ScorePoint[];
  /** The admin-entered profile (traits), if any. */
  profile: Record<string, string>;
  aliases?: string[];
  nextChangeAt: number | null;
};

/** Event id prefix of the admin-entered account profile: an identify from the API, without an address. */
const PROFILE_EVENT = 'account-profile:';

/**
 * One account: a business e-mail domain of a site (`a:<site>:<domain>`). Its members' objects
 * (known people and anonymous visitors from the company's network) send it their events after
 * their own work is done; it keeps each event once (by id, with the member it came from), scores
 * the whole history with the account model in the same engine as a lead, writes its index row,
 * notifies band and stage changes, and sets its alarm for decay. One object per account: there is
 * no object all accounts pass through.
 */
export class AccountObject extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.createTables();
  }

  private createTables(): void {
    this.sql.exec(`
      CREATE TABLE IF NOT EXISTS events (id TEXT PRIMARY KEY, at INTEGER NOT NULL, member TEXT NOT NULL, body TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS events_member ON events (member);
      CREATE TABLE IF NOT EXISTS members (id TEXT PRIMARY KEY, kind TEXT NOT NULL, key TEXT NOT NULL, email TEXT,
        name TEXT, company_keys TEXT NOT NULL DEFAULT '[]', joined_at INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    `);
  }

  /**
   * A member's events (from its object, after its own work). Each event id is kept once; an event
   * that arrives again from another member (a visitor's history now sent by the lead it became) is
   * the new member's. Scoring, the index and notifications follow at once.
   */
  async absorb(req: AccountAbsorbRequest): Promise<{ accepted: number }> {
    return this.serial(() => this.absorbNow(req));
  }

  /**
   * Members call at the same time; each change is stored, scored, indexed and notified before the
   * next starts (the storage calls alone would let two re-scorings interleave at their awaits: both
   * would compare with the same stored result, and the later index write could carry less).
   */
  private chain: Promise<unknown> = Promise.resolve();
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn, fn);
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async absorbNow(req: AccountAbsorbRequest): Promise<{ accepted: number }> {
    this.claim(req.site, req.domain);
    let accepted = 0;
    const m = req.member;
    // The member's index rows (membership, network links) are written only when it is new or its
    // kind or networks changed: most calls carry a known member's next page view.
    const known = this.sql
      .exec<{ kind: string; company_keys: string }>(
        'SELECT kind, company_keys FROM members WHERE id = ?',
        m.id,
      )
      .toArray()[0];
    const changed = !known || known.kind !== m.kind || known.company_keys !== JSON.stringify(m.companyKeys);
    const fresh: LeadEvent[] = [];
    let reassigned = false;
    this.ctx.storage.transactionSync(() => {
      for (const e of req.events) {
        const event: LeadEvent = { ...e, member: m.id };
        const body = JSON.stringify(event);
        const cur = this.sql.exec(
          'INSERT OR IGNORE INTO events (id, at, member, body) VALUES (?1, ?2, ?3, ?4)',
          e.id,
          e.at,
          m.id,
          body,
        );
        if (cur.rowsWritten > 0) {
          accepted++;
          fresh.push(event);
          continue;
        }
        // Known from another member (a visitor's event, now its lead's): the lead's from now on.
        const moved = this.sql.exec(
          'UPDATE events SET member = ?2, body = ?3 WHERE id = ?1 AND member <> ?2',
          e.id,
          m.id,
          body,
        );
        if (moved.rowsWritten > 0) reassigned = true;
      }
      this.sql.exec(
        `INSERT INTO members (id, kind, key, email, name, company_keys, joined_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (id) DO UPDATE SET kind = ?2, key = ?3, email = ?4, name = ?5, company_keys = ?6`,
        m.id,
        m.kind,
        m.key,
        m.email ?? null,
        m.name ?? null,
        JSON.stringify(m.companyKeys),
        Date.now(),
      );
      // A visitor whose every event now belongs to the lead it became is no member of its own.
      this.sql.exec('DELETE FROM members WHERE id NOT IN (SELECT DISTINCT member FROM events)');
    });
    // Per-member counts depend on who an event belongs to: a reassignment refolds from the log.
    if (reassigned) this.state = null;
    else this.fold(fresh);
    await this.rescore(Date.now(), [], changed ? [m] : []);
    return { accepted };
  }

  /** A member leaves (erased, identified with another domain or a free-mail address): its events go. */
  async leave(req: { site: string; domain: string; memberId: string }): Promise<{ removed: number }> {
    return this.serial(() => this.leaveNow(req));
  }

  private async leaveNow(req: {
    site: string;
    domain: string;
    memberId: string;
  }): Promise<{ removed: number }> {
    if (this.getMeta('site') === null) return { removed: 0 };
    let removed = 0;
    this.ctx.storage.transactionSync(() => {
      removed = this.sql.exec('DELETE FROM events WHERE member = ?', req.memberId).rowsWritten;
      this.sql.exec('DELETE FROM members WHERE id = ?', req.memberId);
    });
    if (removed > 0) this.state = null;
    // A visitor whose events its lead has already taken over leaves nothing to re-score.
    if (removed === 0) {
      await this.env.DB.prepare(
        'DELETE FROM account_members WHERE site = ?1 AND member_id = ?2 AND domain = ?3',
      )
        .bind(req.site, req.memberId, req.domain)
        .run();
      return { removed };
    }
    await this.rescore(Date.now(), [req.memberId]);
    return { removed };
  }

  /** The admin-entered profile (company size, industry, country, name): an API identify in the history. */
  async setProfile(req: {
    site: string;
    domain: string;
    traits: Record<string, string>;
  }): Promise<AccountDetail | null> {
    await this.serial(() => this.setProfileNow(req));
    return this.detail();
  }

  private async setProfileNow(req: {
    site: string;
    domain: string;
    traits: Record<string, string>;
  }): Promise<void> {
    this.claim(req.site, req.domain);
    const now = Date.now();
    const event: LeadEvent = {
      id: `${PROFILE_EVENT}${now}`,
      at: now,
      type: 'identify',
      email: '',
      traits: req.traits,
      source: 'api',
    };
    this.sql.exec(
      'INSERT OR IGNORE INTO events (id, at, member, body) VALUES (?, ?, ?, ?)',
      event.id,
      now,
      '',
      JSON.stringify(event),
    );
    this.setMeta('profile', JSON.stringify({ ...this.profile(), ...req.traits }));
    this.fold([event]);
    await this.rescore(now);
  }

  /**
   * An admin merged this account's domain into `into` (an alias): every member's events move there
   * (a member's own object re-resolves and follows at its next change), then this account is gone.
   */
  async moveTo(into: string): Promise<{ members: number }> {
    return this.serial(() => this.moveToNow(into));
  }

  private async moveToNow(into: string): Promise<{ members: number }> {
    const site = this.getMeta('site');
    const domain = this.getMeta('domain');
    if (site === null || domain === null) return { members: 0 };
    const members = this.memberRows();
    await this.sendMembers(site, into, members);
    await this.eraseAll(site, domain);
    return { members: members.length };
  }

  /** An admin split alias `key` off this account: its members move to their own account `to`. */
  async split(key: string, to: string): Promise<{ members: number }> {
    return this.serial(() => this.splitNow(key, to));
  }

  private async splitNow(key: string, to: string): Promise<{ members: number }> {
    const site = this.getMeta('site');
    if (site === null) return { members: 0 };
    const moving = this.memberRows().filter((m) => m.key === key);
    await this.sendMembers(site, to, moving);
    for (const m of moving) {
      this.sql.exec('DELETE FROM events WHERE member = ?', m.id);
      this.sql.exec('DELETE FROM members WHERE id = ?', m.id);
    }
    this.state = null;
    await this.rescore(
      Date.now(),
      moving.map((m) => m.id),
    );
    return { members: moving.length };
  }

  private async sendMembers(site: string, domain: string, members: MemberInfo[]): Promise<void> {
    const stub = accountStub(this.env, site, domain);
    for (const m of members) {
      const events = this.sql
        .exec<{ body: string }>('SELECT body FROM events WHERE member = ? ORDER BY at, id', m.id)
        .toArray()
        .map((r) => JSON.parse(r.body) as LeadEvent);
      await stub.absorb({ site, domain, member: m, events });
    }
  }

  /** The account as the API and the dashboard show it: score, ledger, members and what each read. */
  async detail(): Promise<AccountDetail | null> {
    const site = this.getMeta('site');
    const domain = this.getMeta('domain');
    if (site === null || domain === null) return null;
    const events = this.events();
    const model = accountModel();
    const now = Date.now();
    const result = finalize(replay(events, model), now);
    const byMember = new Map<string, AccountMember>();
    const rows = this.memberRows();
    for (const row of rows) {
      byMember.set(row.id, {
        ...row,
        joinedAt: row.joinedAt,
        points: 0,
        pages: [],
        topics: [],
        eventCount: 0,
      });
    }
    const points = new Map<string, number>();
    for (const line of result.ledger) {
      points.set(line.eventId, (points.get(line.eventId) ?? 0) + line.value);
      const m = line.member === undefined ? undefined : byMember.get(line.member);
      if (m) m.points = round(m.points + line.value);
    }
    const topicStats = new Map<string, { members: Set<string>; views: number }>();
    for (const e of events) {
      const m = e.member === undefined ? undefined : byMember.get(e.member);
      if (!m) continue;
      m.eventCount++;
      if (e.type !== 'pageview') continue;
      const topics = [...pageTopics(model, e)];
      m.pages.push({ eventId: e.id, at: e.at, url: e.url, topics, points: points.get(e.id) ?? 0 });
      for (const t of topics) {
        if (!m.topics.includes(t)) m.topics.push(t);
        const s = topicStats.get(t) ?? { members: new Set<string>(), views: 0 };
        s.members.add(m.id);
        s.views++;
        topicStats.set(t, s);
      }
    }
    for (const m of byMember.values()) m.pages.reverse();
    const name = accountName(this.profile(), result, rows);
    return {
      site,
      domain,
      ...(name ? { name } : {}),
      result: withoutPersonalProfile(result),
      stageName: ACCOUNT_STAGE_NAMES[result.stage] ?? result.stage,
      members: [...byMember.values()].sort((a, b) => b.points - a.points || a.id.localeCompare(b.id)),
      topics: [...topicStats]
        .map(([topic, s]) => ({ topic, members: s.members.size, views: s.views }))
        .sort((a, b) => b.members - a.members || b.views - a.views || a.topic.localeCompare(b.topic)),
      history: scoreHistory(events, model, now),
      profile: this.profile(),
      nextChangeAt: await this.ctx.storage.getAlarm(),
    };
  }

  /** Decay, expiry and inactivity move the account's band or stage: record and notify it. */
  override async alarm(): Promise<void> {
    if (this.getMeta('site') === null) return;
    await this.serial(() => this.rescore(Date.now()));
  }

  /**
   * Scores the whole history at `now`, notifies the changes since the stored result (ids derived
   * from the change: a retried call notifies nobody twice), writes the index row and re-arms the
   * alarm. The result is stored last, so a failure before it repeats the same changes next time.
   * `left`: members that just left (their D1 member rows go).
   */
  /**
   * The account's scoring state, kept between calls: new events are folded in (`applyEvent`, which
   * refolds by itself when one lands in the folded past), so a member's next page view does not
   * replay the whole account. Rebuilt from the log after a restart, a departure or a reassignment.
   */
  private state: LeadState | null = null;

  private currentState(): LeadState {
    this.state ??= replay(this.events(), accountModel());
    return this.state;
  }

  /**
   * Applies new events to the live fold in O(rules) each. A late one (before the last folded event)
   * drops the fold instead: the next read replays the log once, as the lead object refolds, rather
   * than every later event paying for the late one.
   */
  private fold(events: readonly LeadEvent[]): void {
    if (this.state === null) return;
    const through = foldedThrough(this.state);
    if (through !== null && events.some((e) => compareEvents(e, through as LeadEvent) < 0)) {
      this.state = null;
      return;
    }
    for (const e of events) applyEvent(this.state, e);
  }

  private async rescore(now: number, left: string[] = [], joined: MemberInfo[] = []): Promise<void> {
    const site = this.getMeta('site') ?? '';
    const domain = this.getMeta('domain') ?? '';
    const state = this.currentState();
    const events = state.events;
    const members = this.memberRows();
    if (events.length === 0 && members.length === 0) {
      await this.eraseAll(site, domain);
      return;
    }
    const model = accountModel();
    const result = finalize(state, now);
    const prev = this.storedResult();
    const changes = diff(prev, result);
    const rev = Number(this.getMeta('rev') ?? '0') + 1;
    const topics = [
      ...new Set(events.flatMap((e) => (e.type === 'pageview' ? [...pageTopics(model, e)] : []))),
    ];
    const name = accountName(this.profile(), result, members);
    await writeAccountIndex(this.env.DB, {
      site,
      domain,
      ...(name ? { name } : {}),
      result,
      members,
      joined,
      left,
      topics,
      profile: this.profile(),
      updatedAt: now,
      rev,
    });
    const notifications = accountNotifications(changes, result, {
      site,
      domain,
      ...(name ? { name } : {}),
      members,
      topics,
      ...(this.env.LB_PUBLIC_URL ? { publicUrl: this.env.LB_PUBLIC_URL } : {}),
    });
    if (notifications.length > 0) await notify(this.env, notifications);
    const wake = nextChangeAt(state, now);
    if (wake === null) await this.ctx.storage.deleteAlarm();
    else await this.ctx.storage.setAlarm(wake);
    this.setMeta('rev', String(rev));
    this.setMeta('result', JSON.stringify(result));
  }

  /** Forgets the account: its storage, alarm and D1 rows. */
  private async eraseAll(site: string, domain: string): Promise<void> {
    this.state = null;
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    this.createTables();
    if (site && domain) await deleteAccountRows(this.env.DB, site, domain);
  }

  private events(): LeadEvent[] {
    return this.sql
      .exec<{ body: string }>('SELECT body FROM events ORDER BY at, id')
      .toArray()
      .map((r) => JSON.parse(r.body) as LeadEvent);
  }

  private memberRows(): AccountMemberRow[] {
    return this.sql
      .exec<{
        id: string;
        kind: string;
        key: string;
        email: string | null;
        name: string | null;
        company_keys: string;
        joined_at: number;
      }>('SELECT id, kind, key, email, name, company_keys, joined_at FROM members ORDER BY joined_at, id')
      .toArray()
      .map((r) => ({
        id: r.id,
        kind: r.kind === 'lead' ? 'lead' : 'visitor',
        key: r.key,
        ...(r.email ? { email: r.email } : {}),
        ...(r.name ? { name: r.name } : {}),
        companyKeys: JSON.parse(r.company_keys) as string[],
        joinedAt: r.joined_at,
      }));
  }

  private profile(): Record<string, string> {
    return JSON.parse(this.getMeta('profile') ?? '{}') as Record<string, string>;
  }

  private storedResult(): ScoreResult | undefined {
    const raw = this.getMeta('result');
    return raw ? (JSON.parse(raw) as ScoreResult) : undefined;
  }

  private claim(site: string, domain: string): void {
    const current = this.getMeta('site');
    if (current === null) {
      this.setMeta('site', site);
      this.setMeta('domain', domain);
    } else if (current !== site || this.getMeta('domain') !== domain) {
      throw new Error('this object belongs to another account');
    }
  }

  private getMeta(key: string): string | null {
    const row = this.sql.exec<{ value: string }>('SELECT value FROM meta WHERE key = ?', key).toArray()[0];
    return row ? row.value : null;
  }

  private setMeta(key: string, value: string): void {
    this.sql.exec(
      'INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = ?2',
      key,
      value,
    );
  }
}

const round = (x: number): number => Math.round(x * 100) / 100;

/** The company's name: the admin's profile, else a member's `company` trait, else a member's network name. */
function accountName(
  profile: Record<string, string>,
  result: ScoreResult,
  members: readonly MemberInfo[],
): string | undefined {
  if (profile.name) return profile.name;
  const company = result.profile.company;
  if (company) return company;
  // A person's name is not the company's; an anonymous visitor's is its network's company.
  return members.find((m) => m.kind === 'visitor' && m.name)?.name;
}

/**
 * An account's profile is the company's, not a person's: the address the fold merged (the latest
 * member's) is dropped; members are listed with their own addresses.
 */
function withoutPersonalProfile(result: ScoreResult): ScoreResult {
  const { email: _email, sources: _sources, ...profile } = result.profile;
  return { ...result, profile };
}

type AccountNotificationContext = {
  site: string;
  domain: string;
  name?: string;
  members: readonly MemberInfo[];
  topics: string[];
  publicUrl?: string;
};

const STAGE_ORDER = ['visitor', 'recycled', 'known', 'mql', 'sql'];

/** One notification per account band or stage change, with an id derived from the change. */
export function accountNotifications(
  changes: readonly Transition[],
  result: ScoreResult,
  ctx: AccountNotificationContext,
): LeadNotification[] {
  const model = accountModel().model;
  const leadId = `a:${ctx.site}:${ctx.domain}`;
  const known = ctx.members.filter((m) => m.kind === 'lead').length;
  const base = {
    site: ctx.site,
    leadId,
    lead: {
      ...(ctx.name ? { company: ctx.name } : {}),
      scores: result.scores,
      total: result.total,
      band: result.band,
      stage: ACCOUNT_STAGE_NAMES[result.stage] ?? result.stage,
      disqualified: result.disqualified,
      anonymous: false,
    },
    account: {
      domain: ctx.domain,
      ...(ctx.name ? { name: ctx.name } : {}),
      knownPeople: known,
      anonymousVisitors: ctx.members.length - known,
      topics: ctx.topics.slice(0, 20),
    },
    why: [...result.ledger]
      .filter((l) => l.value !== 0)
      .sort((a, b) => Math.abs(b.value) - Math.abs(a.value))
      .slice(0, 5)
      .map((l) => ({ rule: l.ruleId, points: l.value, reason: l.reason })),
    ...(ctx.publicUrl
      ? {
          url: `${ctx.publicUrl.replace(/\/$/, '')}/dashboard/accounts/${encodeURIComponent(ctx.site)}/${encodeURIComponent(ctx.domain)}`,
        }
      : {}),
  };
  return changes.map((t): LeadNotification => {
    const axis = (t.axis ?? 'total') as ScoreAxis;
    const names = (s: string) => (t.kind === 'stage' ? (ACCOUNT_STAGE_NAMES[s] ?? s) : s);
    const rank = (s: string) =>
      t.kind === 'stage'
        ? STAGE_ORDER.indexOf(s)
        : (model.bands.find((b) => b.on === axis)?.levels.findIndex((l) => l.name === s) ?? 0);
    return {
      ...base,
      id: `${leadId.slice(0, 60)}:${t.kind}:${axis}:${t.from}>${t.to}@${t.at}`,
      kind: t.kind === 'band' ? 'account_band_changed' : 'account_stage_changed',
      at: t.at,
      change: {
        ...(t.kind === 'band' ? { axis } : {}),
        from: names(t.from),
        to: names(t.to),
        direction: rank(t.to) > rank(t.from) ? 'up' : 'down',
        cause: t.cause,
      },
    };
  });
}
