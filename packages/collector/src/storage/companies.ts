import { containsText } from './text-match';

/**
 * Companies, as the lead index sees them: leads grouped by company name (case-insensitive). A
 * company appears as soon as one visitor arrives from its own network, before anyone fills in a
 * form; known leads join it through their traits or e-mail domain.
 */
export type CompanyRow = {
  key: string;
  name: string;
  leads: number;
  known: number;
  anonymous: number;
  hot: number;
  /** Account score: the sum of the members' totals (transparent; each member's ledger explains its part). */
  score: number;
  maxTotal: number;
  intent: number;
  lastSeen: number | null;
};

export type CompanyQuery = { text?: string; limit: number; offset: number; hotBand?: string };

export async function listCompanies(db: D1Database, q: CompanyQuery): Promise<CompanyRow[]> {
  const args: unknown[] = [q.hotBand ?? 'hot'];
  let where = 'merged_into IS NULL AND company IS NOT NULL';
  if (q.text) {
    args.push(q.text);
    where += ` AND ${containsText('company', `?${args.length}`)}`;
  }
  args.push(q.limit, q.offset);
  const { results } = await db
    .prepare(
      `SELECT LOWER(company) AS key, MAX(company) AS name, COUNT(*) AS leads,
         SUM(CASE WHEN email IS NOT NULL THEN 1 ELSE 0 END) AS known,
         SUM(CASE WHEN email IS NULL THEN 1 ELSE 0 END) AS anonymous,
         SUM(CASE WHEN band = ?1 THEN 1 ELSE 0 END) AS hot,
         ROUND(SUM(total), 2) AS score, MAX(total) AS maxTotal, ROUND(SUM(intent), 2) AS intent, MAX(last_seen) AS lastSeen
       FROM leads WHERE ${where}
       GROUP BY LOWER(company) ORDER BY score DESC, key LIMIT ?${args.length - 1} OFFSET ?${args.length}`,
    )
    .bind(...args)
    .all<CompanyRow>();
  return results;
}

/**
 * How many known people (leads with an address) of a company the index holds, matched by name
 * without regard to case (A–Z): what a signal alert's "a company with ≥ 2 people" counts. Uses the
 * `leads_company` index (migration 0008).
 */
export async function knownPeopleOfCompany(db: D1Database, company: string): Promise<number> {
  const row = await db
    .prepare(
      'SELECT COUNT(*) AS n FROM leads WHERE lower(company) = lower(?1) AND merged_into IS NULL AND email IS NOT NULL',
    )
    .bind(company)
    .first<{ n: number }>();
  return row?.n ?? 0;
}
