import { DurableObject } from 'cloudflare:workers';
import { DEFAULT_MODEL, type ScoreResult, scoreLead } from '../scoring';
import type { LeadEvent } from '../scoring/events';
import { upsertLead } from '../storage/leads-index';

export type IngestRequest = {
  site: string;
  events: LeadEvent[];
};

export type IngestResult = {
  /** Events stored for the first time. */
  accepted: number;
  /** Events whose id was already in the log (retries, double sends). */
  duplicates: number;
};

/** One page view with what the visitor did on it, for the lead detail. */
export type PageVisit = {
  eventId: string;
  at: number;
  url: string;
  title?: string;
  topics: string[];
  engagedMs: number;
  scrollDepth: number;
  points: number;
};

export type LeadDetail = {
  id: string;
  site: string;
  result: ScoreResult;
  pages: PageVisit[];
};

/**
 * The state of one visitor or lead: its event log (deduplicated by event id) and its current
 * score, in this object's own SQLite storage. Every event of a lead goes through this single
 * object, so its history is strongly ordered without any global lock; different leads never share
 * an object, so the design scales out with the number of visitors.
 */
export class LeadObject extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(`
      CREATE TABLE IF NOT EXISTS events (id TEXT PRIMARY KEY, at INTEGER NOT NULL, type TEXT NOT NULL, body TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS events_at ON events (at, id);
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    `);
  }

  /** Stores new events (ignoring ids already seen) and re-scores the lead if anything changed. */
  async ingest(req: IngestRequest): Promise<IngestResult> {
    const site = this.getMeta('site');
    if (site === null) this.setMeta('site', req.site);
    else if (site !== req.site) throw new Error('lead belongs to another site');

    let accepted = 0;
    this.ctx.storage.transactionSync(() => {
      for (const e of req.events) {
        const cursor = this.sql.exec(
          'INSERT OR IGNORE INTO events (id, at, type, body) VALUES (?, ?, ?, ?)',
          e.id,
          e.at,
          e.type,
          JSON.stringify(e),
        );
        if (cursor.rowsWritten > 0) accepted++;
      }
    });
    const result = { accepted, duplicates: req.events.length - accepted };
    if (accepted > 0) await this.rescore(Date.now());
    return result;
  }

  /** The lead as the API shows it: score, ledger and the pages read. */
  async detail(): Promise<LeadDetail | null> {
    const site = this.getMeta('site');
    if (site === null) return null;
    const events = this.loadEvents();
    const result = scoreLead(events, DEFAULT_MODEL, Date.now());
    return { id: this.ctx.id.toString(), site, result, pages: pageVisits(events, result) };
  }

  private async rescore(now: number): Promise<void> {
    const events = this.loadEvents();
    const result = scoreLead(events, DEFAULT_MODEL, now);
    const pages = pageVisits(events, result);
    const rev = Number(this.getMeta('rev') ?? '0') + 1;
    this.setMeta('rev', String(rev));
    this.setMeta('result', JSON.stringify(result));
    const topics = [...new Set(pages.flatMap((p) => p.topics))];
    await upsertLead(this.env.DB, {
      id: this.ctx.id.toString(),
      site: this.getMeta('site') ?? '',
      result,
      pageviews: pages.length,
      topics,
      updatedAt: now,
      rev,
    });
  }

  private loadEvents(): LeadEvent[] {
    const rows = this.sql.exec<{ body: string }>('SELECT body FROM events ORDER BY at, id').toArray();
    return rows.map((r) => JSON.parse(r.body) as LeadEvent);
  }

  private getMeta(key: string): string | null {
    const row = this.sql.exec<{ value: string }>('SELECT value FROM meta WHERE key = ?', key).toArray()[0];
    return row ? row.value : null;
  }

  private setMeta(key: string, value: string): void {
    this.sql.exec(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = ?',
      key,
      value,
      value,
    );
  }
}

/** Joins each page view with its engagement deltas and the points its events earned. */
export function pageVisits(events: readonly LeadEvent[], result: ScoreResult): PageVisit[] {
  const points = new Map<string, number>();
  for (const line of result.ledger) points.set(line.eventId, (points.get(line.eventId) ?? 0) + line.value);
  const pages = new Map<string, PageVisit>();
  for (const e of events) {
    if (e.type === 'pageview') {
      pages.set(e.id, {
        eventId: e.id,
        at: e.at,
        url: e.url,
        ...(e.title ? { title: e.title } : {}),
        topics: e.topics,
        engagedMs: 0,
        scrollDepth: 0,
        points: points.get(e.id) ?? 0,
      });
    }
  }
  for (const e of events) {
    if (e.type !== 'engagement') continue;
    const page = pages.get(e.pageId);
    if (!page) continue;
    page.engagedMs += e.engagedMs;
    page.scrollDepth = Math.max(page.scrollDepth, e.scrollDepth);
    page.points += points.get(e.id) ?? 0;
  }
  return [...pages.values()];
}
