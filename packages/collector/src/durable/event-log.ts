import { COMPACTABLE_TYPES, hasIdentity } from '../scoring/compaction';
import type { LeadEvent } from '../scoring/events';
import type { SnapshotHead as Head, LeadSnapshot } from '../scoring/snapshot';

/** A stored snapshot's header: enough to tell whether a new event leaves it valid. */
export type SnapshotHead = { id: number; model: string; events: number; head: Head; base: boolean };

/** What retention compacted so far (meta `retention`): shown in the detail and the export. */
export type Compacted = {
  /** The last compacted event's time: browser behaviour up to it lives only in the base snapshot. */
  through: number;
  /** Events deleted from the log, in all and per type. */
  events: number;
  byType: Record<string, number>;
  /** Events that arrived for the compacted past (at or before `through`): not stored, counted. */
  late: number;
  /** When the last compaction ran. */
  ranAt: number;
};

/** The SQL condition of `compactable` (a claim is a custom event that stays). */
const COMPACTABLE_SQL = `type IN (${COMPACTABLE_TYPES.map((t) => `'${t}'`).join(', ')})
  AND NOT (type = 'custom' AND json_extract(body, '$.name') = 'unverified_identity')`;

/** One point of the lead's score history (see `addPoint`). */
export type StoredPoint = {
  at: number;
  total: number;
  interest: number;
  intent: number;
  fit: number;
  band: string;
};

/**
 * DO SQLite refuses a string over 2 MB in one row: a snapshot is stored in parts of at most this
 * many characters (a UTF-16 character is at most 3 bytes of UTF-8).
 */
const SNAPSHOT_PART_CHARS = 600_000;

const DAY_MS = 86_400_000;

/** The UTC day (days since 1970-01-01) an event's time falls on. */
const utcDay = (at: number): number => Math.floor(at / DAY_MS);

/** Types the daily budget never drops: who the lead is (identify) and what sales and servers did. */
const UNBUDGETED_TYPES = ['identify', 'sales', 'server'] as const;

/**
 * Whether the per-lead daily budget applies: browser behaviour (page views, engagement, clicks,
 * downloads, custom events, vitals, forms without an address) and e-mail opens and clicks. Identity,
 * a form carrying an address (the submission and the identity are one fact), sales and server
 * events decide who the lead is and what sales did: they are always stored.
 */
export function budgeted(e: LeadEvent): boolean {
  if ((UNBUDGETED_TYPES as readonly string[]).includes(e.type)) return false;
  return !(e.type === 'form' && e.email !== undefined);
}

/**
 * A lead object's SQLite storage: the event log (primary key = event id, so inserts are
 * idempotent), small metadata, and the visitors merged into the lead.
 */
export class EventLog {
  private readonly sql: SqlStorage;

  constructor(private readonly storage: DurableObjectStorage) {
    this.sql = storage.sql;
    this.createTables();
  }

  /** Deletes everything this object stores (erasure), leaving empty tables behind. */
  async erase(): Promise<void> {
    await this.storage.deleteAlarm();
    await this.storage.deleteAll();
    this.createTables();
  }

  private createTables(): void {
    this.sql.exec(`
      CREATE TABLE IF NOT EXISTS events (id TEXT PRIMARY KEY, at INTEGER NOT NULL, type TEXT NOT NULL, body TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS events_at ON events (at, id);
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS members (visitor TEXT PRIMARY KEY, at INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS events_type ON events (type, at, id);
      CREATE TABLE IF NOT EXISTS snapshots (id INTEGER PRIMARY KEY AUTOINCREMENT, model TEXT NOT NULL,
        events INTEGER NOT NULL, last_bound REAL NOT NULL, head TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS snapshot_parts (snapshot INTEGER NOT NULL, part INTEGER NOT NULL, body TEXT NOT NULL,
        PRIMARY KEY (snapshot, part));
      CREATE TABLE IF NOT EXISTS score_points (at INTEGER PRIMARY KEY, total REAL NOT NULL, interest REAL NOT NULL,
        intent REAL NOT NULL, fit REAL NOT NULL, band TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS day_budget (day INTEGER PRIMARY KEY, stored INTEGER NOT NULL, dropped INTEGER NOT NULL);
    `);
    // Objects created before retention have a snapshots table without the base flag.
    const columns = this.sql.exec<{ name: string }>('PRAGMA table_info(snapshots)').toArray();
    if (!columns.some((c) => c.name === 'base')) {
      this.sql.exec('ALTER TABLE snapshots ADD COLUMN base INTEGER NOT NULL DEFAULT 0');
    }
  }

  /**
   * Stores events whose id is new; returns how many were new, how many were already there and how
   * many the daily budget dropped, and the new ones themselves (the live fold applies them; a signal
   * alert looks only at events it has not seen before).
   *
   * `dailyLimit`: browser behaviour (`budgeted`) stored per UTC day of the event's time; past it, a
   * new event of that day is counted in `day_budget.dropped` and not stored. An id already stored is
   * a duplicate whatever the budget; a dropped event delivered again is counted again (nothing of it
   * is kept to recognise it by).
   */
  insert(
    events: readonly LeadEvent[],
    dailyLimit = Number.POSITIVE_INFINITY,
  ): { accepted: number; duplicates: number; dropped: number; late: number; added: LeadEvent[] } {
    let accepted = 0;
    let dropped = 0;
    let late = 0;
    // Retention compacted the history up to here: an event at or before it can be neither folded
    // (the base holds that past) nor told from a compacted one by its id. Counted, not stored.
    const floor = Number(this.getMeta('retainedAfter') ?? Number.NEGATIVE_INFINITY);
    const added: LeadEvent[] = [];
    this.storage.transactionSync(() => {
      const days = new Map<number, { stored: number; dropped: number }>();
      const budgetOf = (day: number) => {
        let b = days.get(day);
        if (!b) {
          b = this.dayBudget(day);
          days.set(day, b);
        }
        return b;
      };
      for (const e of events) {
        if (e.at <= floor) {
          late++;
          continue;
        }
        const budget = budgeted(e) ? budgetOf(utcDay(e.at)) : null;
        if (budget && budget.stored >= dailyLimit) {
          if (this.sql.exec('SELECT 1 FROM events WHERE id = ?', e.id).toArray().length === 0) {
            budget.dropped++;
            dropped++;
          }
          continue;
        }
        const cursor = this.sql.exec(
          'INSERT OR IGNORE INTO events (id, at, type, body) VALUES (?, ?, ?, ?)',
          e.id,
          e.at,
          e.type,
          JSON.stringify(e),
        );
        if (cursor.rowsWritten > 0) {
          accepted++;
          added.push(e);
          if (budget) budget.stored++;
        }
      }
      for (const [day, b] of days) {
        this.sql.exec(
          'INSERT INTO day_budget (day, stored, dropped) VALUES (?1, ?2, ?3) ON CONFLICT (day) DO UPDATE SET stored = ?2, dropped = ?3',
          day,
          b.stored,
          b.dropped,
        );
      }
      if (late > 0) {
        const info = this.compacted();
        if (info) this.setMeta('retention', JSON.stringify({ ...info, late: info.late + late }));
      }
    });
    return { accepted, duplicates: events.length - accepted - dropped - late, dropped, late, added };
  }

  /**
   * A day's budget as stored; a day without a row (a new day, or a log from before the budget)
   * counts the browser events the log holds for it, through the type index.
   */
  private dayBudget(day: number): { stored: number; dropped: number } {
    const row = this.sql
      .exec<{ stored: number; dropped: number }>('SELECT stored, dropped FROM day_budget WHERE day = ?', day)
      .toArray()[0];
    if (row) return { stored: row.stored, dropped: row.dropped };
    const marks = UNBUDGETED_TYPES.map(() => '?').join(', ');
    const stored = this.sql
      .exec<{ n: number }>(
        `SELECT COUNT(*) AS n FROM events WHERE type NOT IN (${marks}) AND at >= ? AND at < ?
           AND NOT (type = 'form' AND json_extract(body, '$.email') IS NOT NULL)`,
        ...UNBUDGETED_TYPES,
        day * DAY_MS,
        (day + 1) * DAY_MS,
      )
      .one().n;
    return { stored, dropped: 0 };
  }

  /** The days on which the budget dropped events, newest first (at most `limit`). */
  droppedDays(limit: number): { day: string; count: number }[] {
    return this.sql
      .exec<{ day: number; dropped: number }>(
        'SELECT day, dropped FROM day_budget WHERE dropped > 0 ORDER BY day DESC LIMIT ?',
        limit,
      )
      .toArray()
      .map((r) => ({ day: new Date(r.day * DAY_MS).toISOString().slice(0, 10), count: r.dropped }));
  }

  /** The whole history in time order (ties broken by id, so the order is deterministic). */
  all(): LeadEvent[] {
    return this.sql
      .exec<{ body: string }>('SELECT body FROM events ORDER BY at, id')
      .toArray()
      .map((r) => JSON.parse(r.body) as LeadEvent);
  }

  /** The events after `through` in (at, id) order (all of them for null): a snapshot's tail. */
  after(through: { at: number; id: string } | null): LeadEvent[] {
    if (through === null) return this.all();
    return this.sql
      .exec<{ body: string }>(
        'SELECT body FROM events WHERE at > ?1 OR (at = ?1 AND id > ?2) ORDER BY at, id',
        through.at,
        through.id,
      )
      .toArray()
      .map((r) => JSON.parse(r.body) as LeadEvent);
  }

  /**
   * One page of the events of some types, newest first: `limit` rows after skipping `offset`.
   * `types` null: every type but those in `except`.
   */
  page(opts: {
    types?: readonly string[];
    except?: readonly string[];
    offset: number;
    limit: number;
  }): LeadEvent[] {
    const { where, list } = typeFilter(opts);
    return this.sql
      .exec<{ body: string }>(
        `SELECT body FROM events ${where} ORDER BY at DESC, id DESC LIMIT ? OFFSET ?`,
        ...list,
        opts.limit,
        opts.offset,
      )
      .toArray()
      .map((r) => JSON.parse(r.body) as LeadEvent);
  }

  /** The events with these ids (at most a few hundred: a statement binds at most 100 at a time). */
  byIds(ids: readonly string[]): LeadEvent[] {
    const out: LeadEvent[] = [];
    for (let i = 0; i < ids.length; i += 100) {
      const chunk = ids.slice(i, i + 100);
      const marks = chunk.map(() => '?').join(', ');
      for (const r of this.sql.exec<{ body: string }>(
        `SELECT body FROM events WHERE id IN (${marks})`,
        ...chunk,
      )) {
        out.push(JSON.parse(r.body) as LeadEvent);
      }
    }
    return out;
  }

  /** How many events of some types (or of every type but `except`) the log holds. */
  countOf(opts: { types?: readonly string[]; except?: readonly string[] }): number {
    const { where, list } = typeFilter(opts);
    return this.sql.exec<{ n: number }>(`SELECT COUNT(*) AS n FROM events ${where}`, ...list).one().n;
  }

  /**
   * The engagement events of some page views (their `pageId`), none older than the oldest of them:
   * a range of the type index from there, so the newest pages cost a few rows at any history.
   */
  engagementsOf(pages: readonly LeadEvent[]): LeadEvent[] {
    if (pages.length === 0) return [];
    const marks = pages.map(() => '?').join(', ');
    const since = Math.min(...pages.map((p) => p.at));
    return this.sql
      .exec<{ body: string }>(
        `SELECT body FROM events WHERE type = 'engagement' AND at >= ? AND json_extract(body, '$.pageId') IN (${marks})`,
        since,
        ...pages.map((p) => p.id),
      )
      .toArray()
      .map((r) => JSON.parse(r.body) as LeadEvent);
  }

  /**
   * Stores a snapshot of the lead's fold; keeps the newest `keep` (base snapshots aside: retention's
   * base is never dropped by this rule, only replaced by a newer base).
   */
  saveSnapshot(snap: LeadSnapshot, modelKey: string, keep: number, base = false): number {
    const body = JSON.stringify(snap);
    let saved = 0;
    this.storage.transactionSync(() => {
      const id = this.sql
        .exec<{ id: number }>(
          'INSERT INTO snapshots (model, events, last_bound, head, base) VALUES (?, ?, ?, ?, ?) RETURNING id',
          modelKey,
          snap.acc.eventCount,
          typeof snap.acc.lastBound === 'number' ? snap.acc.lastBound : -1e300,
          JSON.stringify({ lastBound: snap.acc.lastBound, mergedFacts: snap.acc.mergedFacts }),
          base ? 1 : 0,
        )
        .one().id;
      saved = id;
      for (let i = 0, part = 0; i < body.length; i += SNAPSHOT_PART_CHARS, part++) {
        this.sql.exec(
          'INSERT INTO snapshot_parts (snapshot, part, body) VALUES (?, ?, ?)',
          id,
          part,
          body.slice(i, i + SNAPSHOT_PART_CHARS),
        );
      }
      if (base) return;
      const old = this.sql
        .exec<{ id: number }>(
          'SELECT id FROM snapshots WHERE base = 0 ORDER BY id DESC LIMIT -1 OFFSET ?',
          keep,
        )
        .toArray();
      for (const r of old) this.dropSnapshot(r.id);
    });
    return saved;
  }

  /** The stored snapshots' headers, newest first. */
  snapshotHeads(): SnapshotHead[] {
    return this.sql
      .exec<{ id: number; model: string; events: number; head: string; base: number }>(
        'SELECT id, model, events, head, base FROM snapshots ORDER BY id DESC',
      )
      .toArray()
      .map((r) => ({
        id: r.id,
        model: r.model,
        events: r.events,
        head: JSON.parse(r.head),
        base: r.base === 1,
      }));
  }

  loadSnapshot(id: number): LeadSnapshot | null {
    const parts = this.sql
      .exec<{ body: string }>('SELECT body FROM snapshot_parts WHERE snapshot = ? ORDER BY part', id)
      .toArray();
    return parts.length > 0 ? (JSON.parse(parts.map((p) => p.body).join('')) as LeadSnapshot) : null;
  }

  dropSnapshot(id: number): void {
    this.sql.exec('DELETE FROM snapshot_parts WHERE snapshot = ?', id);
    this.sql.exec('DELETE FROM snapshots WHERE id = ?', id);
  }

  /** Drops the snapshots whose fold an event at `at` (without identity facts) lands in. */
  dropSnapshotsFrom(at: number): void {
    const ids = this.sql.exec<{ id: number }>('SELECT id FROM snapshots WHERE last_bound >= ?', at).toArray();
    for (const r of ids) this.dropSnapshot(r.id);
  }

  /**
   * Records a point of the score history when it differs from the last one; keeps at most `max`
   * points by dropping every other one of the older half (a chart's resolution where it matters least).
   */
  addPoint(p: StoredPoint, max: number): void {
    const last = this.sql
      .exec<StoredPoint>(
        'SELECT at, total, interest, intent, fit, band FROM score_points ORDER BY at DESC LIMIT 1',
      )
      .toArray()[0];
    if (
      last &&
      last.total === p.total &&
      last.band === p.band &&
      last.interest === p.interest &&
      last.intent === p.intent &&
      last.fit === p.fit
    )
      return;
    if (last && last.at >= p.at) return;
    this.sql.exec(
      'INSERT INTO score_points (at, total, interest, intent, fit, band) VALUES (?, ?, ?, ?, ?, ?)',
      p.at,
      p.total,
      p.interest,
      p.intent,
      p.fit,
      p.band,
    );
    const n = this.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM score_points').one().n;
    if (n <= max) return;
    const older = this.sql
      .exec<{ at: number }>('SELECT at FROM score_points ORDER BY at LIMIT ?', Math.floor(n / 2))
      .toArray();
    // The first point stays (where the history starts); every second one after it goes.
    for (let i = 1; i < older.length; i += 2)
      this.sql.exec('DELETE FROM score_points WHERE at = ?', (older[i] as { at: number }).at);
  }

  points(): StoredPoint[] {
    return this.sql
      .exec<StoredPoint>('SELECT at, total, interest, intent, fit, band FROM score_points ORDER BY at')
      .toArray();
  }

  count(): number {
    return this.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM events').one().n;
  }

  delete(ids: readonly string[]): void {
    this.storage.transactionSync(() => {
      for (const id of ids) this.sql.exec('DELETE FROM events WHERE id = ?', id);
      // The snapshots folded what is gone.
      this.sql.exec('DELETE FROM snapshot_parts');
      this.sql.exec('DELETE FROM snapshots');
    });
  }

  /** What retention compacted so far, or null when it never ran. */
  compacted(): Compacted | null {
    const raw = this.getMeta('retention');
    return raw ? (JSON.parse(raw) as Compacted) : null;
  }

  /** The time of the oldest event retention may compact (null: none), per type through the type index. */
  oldestCompactable(): number | null {
    let oldest: number | null = null;
    for (const type of COMPACTABLE_TYPES) {
      const at = this.sql
        .exec<{ at: number | null }>('SELECT MIN(at) AS at FROM events WHERE type = ?', type)
        .one().at;
      if (at !== null && (oldest === null || at < oldest)) oldest = at;
    }
    return oldest;
  }

  /** The time of the `n`-th compactable event after `from` in (at, id) order, or null when fewer. */
  nthCompactableAfter(from: { at: number; id: string } | null, n: number): number | null {
    const row = this.sql
      .exec<{ at: number }>(
        `SELECT at FROM events WHERE ${COMPACTABLE_SQL} AND (?1 IS NULL OR at > ?1 OR (at = ?1 AND id > ?2))
         ORDER BY at, id LIMIT 1 OFFSET ?3`,
        from?.at ?? null,
        from?.id ?? '',
        n - 1,
      )
      .toArray()[0];
    return row?.at ?? null;
  }

  /** The events after `from` (all for null) up to time `until` included, in (at, id) order. */
  between(from: { at: number; id: string } | null, until: number): LeadEvent[] {
    return this.sql
      .exec<{ body: string }>(
        `SELECT body FROM events WHERE at <= ?3 AND (?1 IS NULL OR at > ?1 OR (at = ?1 AND id > ?2))
         ORDER BY at, id`,
        from?.at ?? null,
        from?.id ?? '',
        until,
      )
      .toArray()
      .map((r) => JSON.parse(r.body) as LeadEvent);
  }

  /** The identity events (identify, forms with facts) from `from` to `until` (few per lead). */
  identities(from: number, until = Number.MAX_SAFE_INTEGER): LeadEvent[] {
    return this.sql
      .exec<{ body: string }>(
        "SELECT body FROM events WHERE type IN ('identify', 'form') AND at >= ? AND at <= ?",
        from,
        until,
      )
      .toArray()
      .map((r) => JSON.parse(r.body) as LeadEvent)
      .filter(hasIdentity);
  }

  /**
   * Retention's one transaction: stores `snap` as the base (replacing any earlier base, and every
   * other snapshot that folded less: its tail would now miss the deleted events), deletes the
   * compactable events up to the base's last folded event, and records what went. Answers how many
   * events were deleted.
   */
  compact(snap: LeadSnapshot, modelKey: string, now: number): number {
    const through = snap.through;
    if (through === null) return 0;
    let deleted = 0;
    this.storage.transactionSync(() => {
      const upTo = '(at < ?1 OR (at = ?1 AND id <= ?2))';
      const counts = this.sql
        .exec<{ type: string; n: number }>(
          `SELECT type, COUNT(*) AS n FROM events WHERE ${COMPACTABLE_SQL} AND ${upTo} GROUP BY type`,
          through.at,
          through.id,
        )
        .toArray();
      deleted = this.sql.exec(
        `DELETE FROM events WHERE ${COMPACTABLE_SQL} AND ${upTo}`,
        through.at,
        through.id,
      ).rowsWritten;
      const stale = this.sql
        .exec<{ id: number }>('SELECT id FROM snapshots WHERE base = 1 OR events <= ?', snap.acc.eventCount)
        .toArray();
      for (const r of stale) this.dropSnapshot(r.id);
      this.saveSnapshot(snap, modelKey, 0, true);
      const before = this.compacted();
      const byType: Record<string, number> = { ...(before?.byType ?? {}) };
      for (const c of counts) byType[c.type] = (byType[c.type] ?? 0) + c.n;
      const info: Compacted = {
        through: through.at,
        events: (before?.events ?? 0) + deleted,
        byType,
        late: before?.late ?? 0,
        ranAt: now,
      };
      this.setMeta('retention', JSON.stringify(info));
      // The fold's last step may end after its last event (an identity's window): nothing at or
      // before its end can be folded any more.
      const bound = Number(snap.acc.lastBound);
      this.setMeta(
        'retainedAfter',
        String(Number.isFinite(bound) ? Math.max(bound, through.at) : through.at),
      );
    });
    return deleted;
  }

  getMeta(key: string): string | null {
    const row = this.sql.exec<{ value: string }>('SELECT value FROM meta WHERE key = ?', key).toArray()[0];
    return row ? row.value : null;
  }

  setMeta(key: string, value: string): void {
    this.sql.exec(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = ?',
      key,
      value,
      value,
    );
  }

  addMember(visitor: string, at: number): void {
    this.sql.exec('INSERT OR IGNORE INTO members (visitor, at) VALUES (?, ?)', visitor, at);
  }

  hasMember(visitor: string): boolean {
    return this.sql.exec('SELECT 1 FROM members WHERE visitor = ?', visitor).toArray().length > 0;
  }

  members(): { visitor: string; at: number }[] {
    return this.sql
      .exec<{ visitor: string; at: number }>('SELECT visitor, at FROM members ORDER BY at, visitor')
      .toArray();
  }
}

/** The `WHERE` of a read by event type: some `types`, every type but `except`, or every type. */
function typeFilter(opts: { types?: readonly string[]; except?: readonly string[] }): {
  where: string;
  list: readonly string[];
} {
  const list = opts.types ?? opts.except ?? [];
  const marks = list.map(() => '?').join(', ');
  const where = opts.types
    ? `WHERE type IN (${marks})`
    : list.length > 0
      ? `WHERE type NOT IN (${marks})`
      : '';
  return { where, list };
}
