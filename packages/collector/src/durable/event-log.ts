import type { LeadEvent } from '../scoring/events';

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
    `);
  }

  /**
   * Stores events whose id is new; returns how many were new and how many were already there, and
   * the new ones themselves (a signal alert looks only at events it has not seen before).
   */
  insert(events: readonly LeadEvent[]): { accepted: number; duplicates: number; fresh: LeadEvent[] } {
    const fresh: LeadEvent[] = [];
    this.storage.transactionSync(() => {
      for (const e of events) {
        const cursor = this.sql.exec(
          'INSERT OR IGNORE INTO events (id, at, type, body) VALUES (?, ?, ?, ?)',
          e.id,
          e.at,
          e.type,
          JSON.stringify(e),
        );
        if (cursor.rowsWritten > 0) fresh.push(e);
      }
    });
    return { accepted: fresh.length, duplicates: events.length - fresh.length, fresh };
  }

  /** The whole history in time order (ties broken by id, so the order is deterministic). */
  all(): LeadEvent[] {
    return this.sql
      .exec<{ body: string }>('SELECT body FROM events ORDER BY at, id')
      .toArray()
      .map((r) => JSON.parse(r.body) as LeadEvent);
  }

  count(): number {
    return this.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM events').one().n;
  }

  delete(ids: readonly string[]): void {
    this.storage.transactionSync(() => {
      for (const id of ids) this.sql.exec('DELETE FROM events WHERE id = ?', id);
    });
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
