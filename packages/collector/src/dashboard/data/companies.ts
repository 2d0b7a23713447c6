import { listCompanies } from '../../storage/companies';

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
 * Companies as `GET /api/companies` ranks them (account score = the sum of the leads' totals),
 * in the shape the page renders.
 */
export async function queryCompanies(db: D1Database, q: CompanyQuery): Promise<CompanyRow[]> {
  const rows = await listCompanies(db, {
    ...(q.text ? { text: q.text } : {}),
    limit: q.limit,
    offset: q.offset,
    hotBand: q.topBand,
  });
  return rows.map((r) => ({
    company: r.name,
    known: r.known,
    anonymous: r.anonymous,
    hot: r.hot,
    maxTotal: r.maxTotal,
    sumTotal: r.score,
    lastSeen: r.lastSeen,
  }));
}
