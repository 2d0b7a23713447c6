/** One company in the lead index, with its leads summed up. */
export type CompanyRow = {
  company: string;
  /** Leads with an e-mail address. */
  known: number;
  /** Visitors without one (attributed to the company by name trait or by its network). */
  anonymous: number;
  /** Leads in the top band. */
  hot: number;
  maxTotal: number;
  sumTotal: number;
  lastSeen: number | null;
};

export type CompanyQuery = {
  /** The top band's name ("hot" in the default model). */
  topBand: string;
  /** Company name, case-insensitive substring. Default: every company. */
  text?: string;
  /** Page size. */
  limit: number;
  /** Rows to skip (company lists are short; an offset is good enough). */
  offset: number;
};

/**
 * Leads grouped by company, hottest companies first. No API returns this, so it is one GROUP BY
 * over the D1 index the lead objects keep current (merged visitors are left out, as in lists).
 */
export async function queryCompanies(db: D1Database, q: CompanyQuery): Promise<CompanyRow[]> {
  const args: unknown[] = [q.topBand, q.limit, q.offset];
  let filter = '';
  if (q.text) {
    args.push(`%${q.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    filter = `AND company LIKE ?${args.length} ESCAPE '\\'`;
  }
  const { results } = await db
    .prepare(
      `SELECT company,
         SUM(CASE WHEN email IS NOT NULL THEN 1 ELSE 0 END) AS known,
         SUM(CASE WHEN email IS NULL THEN 1 ELSE 0 END) AS anonymous,
         SUM(CASE WHEN band = ?1 THEN 1 ELSE 0 END) AS hot,
         MAX(total) AS maxTotal, SUM(total) AS sumTotal, MAX(last_seen) AS lastSeen
       FROM leads
       WHERE merged_into IS NULL AND company IS NOT NULL AND company != '' ${filter}
       GROUP BY company
       ORDER BY hot DESC, maxTotal DESC, company ASC
       LIMIT ?2 OFFSET ?3`,
    )
    .bind(...args)
    .all<CompanyRow>();
  return results;
}
