import type { ScoreResult } from '../scoring';

/** The row the lead list reads; one per lead, kept current by the lead's Durable Object. */
export type LeadRow = {
  id: string;
  site: string;
  stage: string;
  band: string;
  interest: number;
  intent: number;
  fit: number;
  total: number;
  disqualified: number;
  email: string | null;
  name: string | null;
  company: string | null;
  country: string | null;
  pageviews: number;
  topics: string;
  first_seen: number | null;
  last_seen: number | null;
  updated_at: number;
  rev: number;
  merged_into: string | null;
  /** The user who owns the lead, if any (written by the lead's object with its summary). */
  owner_id: string | null;
};

export type LeadSummary = {
  id: string;
  site: string;
  result: ScoreResult;
  pageviews: number;
  topics: string[];
  updatedAt: number;
  /** The object's revision counter: an older summary never overwrites a newer one. */
  rev: number;
  /** The id of the user who owns the lead, if any. */
  ownerId?: string | null;
};

/** Inserts or replaces a lead's summary row. */
export async function upsertLead(db: D1Database, s: LeadSummary): Promise<void> {
  const r = s.result;
  const traits = r.profile.traits;
  const name = typeof traits.name === 'string' ? traits.name : null;
  const company = typeof traits.company === 'string' ? traits.company : (r.profile.company ?? null);
  await db
    .prepare(
      `INSERT INTO leads (id, site, stage, band, interest, intent, fit, total, disqualified, email, name, company,
         country, pageviews, topics, first_seen, last_seen, updated_at, rev, owner_id)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)
       ON CONFLICT (id) DO UPDATE SET stage = ?3, band = ?4, interest = ?5, intent = ?6, fit = ?7, total = ?8,
         disqualified = ?9, email = ?10, name = ?11, company = ?12, country = ?13, pageviews = ?14, topics = ?15,
         first_seen = ?16, last_seen = ?17, updated_at = ?18, rev = ?19, owner_id = ?20
       WHERE leads.rev < ?19`,
    )
    .bind(
      s.id,
      s.site,
      r.stage,
      r.band,
      r.scores.interest,
      r.scores.intent,
      r.scores.fit,
      r.total,
      r.disqualified ? 1 : 0,
      r.profile.email ?? null,
      name,
      company,
      r.profile.country ?? null,
      s.pageviews,
      JSON.stringify(s.topics),
      r.firstSeenAt ?? null,
      r.lastVisitAt ?? null,
      s.updatedAt,
      s.rev,
      s.ownerId ?? null,
    )
    .run();
}

/**
 * Marks an anonymous visitor's row as merged into a lead. Guarded by the revision like every
 * summary write, so a late write from before the merge cannot bring the row back into lists.
 */
export async function markMerged(
  db: D1Database,
  m: { visitorId: string; site: string; leadId: string; rev: number; now: number },
) {
  // An upsert, not an update: if the visitor's first summary is still in flight, the tombstone
  // must already be there with a higher revision so that summary cannot land.
  await db
    .prepare(
      `INSERT INTO leads (id, site, stage, band, updated_at, rev, merged_into) VALUES (?1, ?2, 'visitor', 'cold', ?5, ?4, ?3)
       ON CONFLICT (id) DO UPDATE SET merged_into = ?3, rev = ?4, updated_at = ?5 WHERE leads.rev < ?4`,
    )
    .bind(m.visitorId, m.site, m.leadId, m.rev, m.now)
    .run();
}

/** Deletes a lead's summary row and the rows of the visitors merged into it. */
export async function eraseLeadRows(db: D1Database, leadId: string): Promise<void> {
  await db.prepare('DELETE FROM leads WHERE id = ?1 OR merged_into = ?1').bind(leadId).run();
}

export async function getLeadRow(db: D1Database, id: string): Promise<LeadRow | null> {
  return db.prepare('SELECT * FROM leads WHERE id = ?1').bind(id).first<LeadRow>();
}

export async function countLeads(db: D1Database): Promise<number> {
  const row = await db
    .prepare('SELECT COUNT(*) AS n FROM leads WHERE merged_into IS NULL')
    .first<{ n: number }>();
  return row?.n ?? 0;
}

/** Counts a page view of a visitor who sent no identifier. */
/** Anonymous page views counted per site, UTC day and path (`count` views of each). */
export type PageviewCount = { site: string; day: string; path: string; count: number };

/** Page views per statement: the JSON parameter stays far below D1's 2 MB for a value. */
const COUNTS_PER_STATEMENT = 2_000;

/**
 * Adds anonymous page-view counts, one statement for up to 2,000 distinct (site, day, path) keys:
 * the ingest consumer sums a whole batch first, so D1 sees one write per key and batch instead of
 * one per page view. The counts travel as one JSON parameter (D1 binds at most 100 parameters).
 * Answers the statements run and the rows written, as D1 reports them.
 */
export async function addAnonymousPageviews(
  db: D1Database,
  counts: readonly PageviewCount[],
): Promise<{ statements: number; rowsWritten: number }> {
  if (counts.length === 0) return { statements: 0, rowsWritten: 0 };
  const statements: D1PreparedStatement[] = [];
  for (let i = 0; i < counts.length; i += COUNTS_PER_STATEMENT) {
    const slice = counts.slice(i, i + COUNTS_PER_STATEMENT).map((c) => [c.site, c.day, c.path, c.count]);
    statements.push(
      // `WHERE true` tells SQLite's parser that ON CONFLICT belongs to the INSERT, not to the SELECT's join.
      db
        .prepare(
          `INSERT INTO anonymous_pageviews (site, day, path, views)
           SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3 FROM json_each(?1) WHERE true
           ON CONFLICT (site, day, path) DO UPDATE SET views = views + excluded.views`,
        )
        .bind(JSON.stringify(slice)),
    );
  }
  const results = await db.batch(statements);
  return {
    statements: statements.length,
    rowsWritten: results.reduce((sum, r) => sum + (r.meta.rows_written ?? 0), 0),
  };
}
