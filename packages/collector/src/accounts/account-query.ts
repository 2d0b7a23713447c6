/** Reading the account index (D1): the list with filters and sort, and aliases. */

export type AccountRow = {
  site: string;
  domain: string;
  name: string | null;
  total: number;
  interest: number;
  intent: number;
  fit: number;
  band: string;
  stage: string;
  knownPeople: number;
  anonymousVisitors: number;
  topics: string[];
  country: string | null;
  industry: string | null;
  lastSeen: number | null;
  updatedAt: number;
};

export const ACCOUNT_SORTS = ['total', 'intent', 'people', 'last_seen', 'domain'] as const;
export type AccountSort = (typeof ACCOUNT_SORTS)[number];

export type AccountQuery = {
  site?: string;
  band?: string;
  stage?: string;
  /** Text in the domain or the name. */
  q?: string;
  /** A topic some member read. */
  topic?: string;
  minTotal?: number;
  sort: AccountSort;
  order: 'asc' | 'desc';
  limit: number;
  offset: number;
};

const ORDER_BY: Record<AccountSort, string> = {
  total: 'total',
  intent: 'intent',
  people: 'known_people + anonymous_visitors',
  last_seen: 'COALESCE(last_seen, 0)',
  domain: 'domain',
};

type Raw = Omit<AccountRow, 'knownPeople' | 'anonymousVisitors' | 'topics' | 'lastSeen' | 'updatedAt'> & {
  known_people: number;
  anonymous_visitors: number;
  topics: string;
  last_seen: number | null;
  updated_at: number;
};

export async function listAccounts(db: D1Database, q: AccountQuery): Promise<AccountRow[]> {
  const args: unknown[] = [];
  const where: string[] = [];
  const arg = (value: unknown) => `?${args.push(value)}`;
  if (q.site) where.push(`site = ${arg(q.site)}`);
  if (q.band) where.push(`band = ${arg(q.band)}`);
  if (q.stage) where.push(`stage = ${arg(q.stage)}`);
  if (q.minTotal !== undefined) where.push(`total >= ${arg(q.minTotal)}`);
  if (q.q) {
    const p = arg(`%${q.q.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`);
    where.push(`(domain LIKE ${p} ESCAPE '\\' OR LOWER(COALESCE(name, '')) LIKE ${p} ESCAPE '\\')`);
  }
  if (q.topic)
    where.push(`EXISTS (SELECT 1 FROM json_each(accounts.topics) WHERE json_each.value = ${arg(q.topic)})`);
  const dir = q.order === 'asc' ? 'ASC' : 'DESC';
  const sql = `SELECT site, domain, name, total, interest, intent, fit, band, stage, known_people, anonymous_visitors,
      topics, country, industry, last_seen, updated_at FROM accounts
    ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY ${ORDER_BY[q.sort]} ${dir}, domain LIMIT ${arg(q.limit)} OFFSET ${arg(q.offset)}`;
  const { results } = await db
    .prepare(sql)
    .bind(...args)
    .all<Raw>();
  return results.map((r) => ({
    site: r.site,
    domain: r.domain,
    name: r.name,
    total: r.total,
    interest: r.interest,
    intent: r.intent,
    fit: r.fit,
    band: r.band,
    stage: r.stage,
    knownPeople: r.known_people,
    anonymousVisitors: r.anonymous_visitors,
    topics: JSON.parse(r.topics) as string[],
    country: r.country,
    industry: r.industry,
    lastSeen: r.last_seen,
    updatedAt: r.updated_at,
  }));
}

/** The aliases of an account (`d:<domain>`, `n:<companyKey>`). */
export async function aliasesOf(db: D1Database, site: string, domain: string): Promise<string[]> {
  const { results } = await db
    .prepare('SELECT alias FROM account_aliases WHERE site = ?1 AND domain = ?2 ORDER BY alias')
    .bind(site, domain)
    .all<{ alias: string }>();
  return results.map((r) => r.alias);
}

/** The account a member (lead or visitor object id) belongs to, if any. */
export async function accountOfMember(
  db: D1Database,
  memberId: string,
): Promise<{ site: string; domain: string } | null> {
  return db
    .prepare('SELECT site, domain FROM account_members WHERE member_id = ?1 LIMIT 1')
    .bind(memberId)
    .first<{ site: string; domain: string }>();
}
