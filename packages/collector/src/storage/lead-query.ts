import type { ScoringModel } from '../scoring';
import type { LeadRow } from './leads-index';
import { containsText } from './text-match';

/** Columns a lead list can be sorted by (API name → column). */
export const SORT_COLUMNS = {
  total: 'total',
  interest: 'interest',
  intent: 'intent',
  fit: 'fit',
  last_seen: 'last_seen',
  first_seen: 'first_seen',
  updated: 'updated_at',
} as const;

/**
 * Every sort of the lead list: a column, or `hottest` (the default): the primary band first, from
 * the highest band down (hot before warm before cold), then the total. A disqualified lead shows
 * at most the band below the top one, so it never tops the list above a hot lead.
 */
export const SORTS = ['hottest', ...(Object.keys(SORT_COLUMNS) as (keyof typeof SORT_COLUMNS)[])] as const;

export type SortField = (typeof SORTS)[number];
export type ScoreField = 'total' | 'interest' | 'intent' | 'fit';

export type LeadFilter = {
  /** Any of these bands. */
  bands?: string[];
  /** Any of these stages. */
  stages?: string[];
  site?: string;
  /** Inclusive lower bounds per score. */
  min?: Partial<Record<ScoreField, number>>;
  /** Inclusive upper bounds per score. */
  max?: Partial<Record<ScoreField, number>>;
  /** Company name, case-insensitive substring. */
  company?: string;
  /** Read at least one page on this topic. */
  topic?: string;
  /** Free text over e-mail, name and company. */
  text?: string;
  /** Changed at or after this time (ms). */
  updatedSince?: number;
  /** Only (or only not) disqualified leads. */
  disqualified?: boolean;
  /** Only leads this user owns; `null`: only leads nobody owns. */
  owner?: string | null;
};

export type LeadListQuery = LeadFilter & {
  sort: SortField;
  order: 'asc' | 'desc';
  limit: number;
  /** The primary band set's names, lowest first: the band ranks `hottest` sorts by. */
  bandOrder: readonly string[];
  /** Keyset position: the sort value (and band rank, for `hottest`) and id of the last row of the previous page. */
  after?: { value: number; id: string; rank?: number };
};

/**
 * Builds the SQL for a filtered, sorted, keyset-paginated lead list. Every value is a bound
 * parameter; only whitelisted column names are interpolated.
 */
export function buildLeadQuery(q: LeadListQuery): { sql: string; args: unknown[] } {
  const args: unknown[] = [];
  const arg = (v: unknown) => {
    args.push(v);
    return `?${args.length}`;
  };
  const where = ['merged_into IS NULL'];
  if (q.bands?.length) where.push(`band IN (${q.bands.map(arg).join(', ')})`);
  if (q.stages?.length) where.push(`stage IN (${q.stages.map(arg).join(', ')})`);
  if (q.site) where.push(`site = ${arg(q.site)}`);
  for (const [field, value] of Object.entries(q.min ?? {}))
    where.push(`${SORT_COLUMNS[field as ScoreField]} >= ${arg(value)}`);
  for (const [field, value] of Object.entries(q.max ?? {}))
    where.push(`${SORT_COLUMNS[field as ScoreField]} <= ${arg(value)}`);
  if (q.company) where.push(containsText('company', arg(q.company)));
  if (q.topic)
    where.push(`EXISTS (SELECT 1 FROM json_each(leads.topics) WHERE json_each.value = ${arg(q.topic)})`);
  if (q.text) {
    const text = arg(q.text);
    where.push(`(${['email', 'name', 'company'].map((col) => containsText(col, text)).join(' OR ')})`);
  }
  if (q.updatedSince !== undefined) where.push(`updated_at >= ${arg(q.updatedSince)}`);
  if (q.disqualified !== undefined) where.push(`disqualified = ${arg(q.disqualified ? 1 : 0)}`);
  if (q.owner !== undefined) where.push(q.owner === null ? 'owner_id IS NULL' : `owner_id = ${arg(q.owner)}`);

  const dir = q.order === 'desc' ? 'DESC' : 'ASC';
  const beyond = q.order === 'desc' ? '<' : '>';
  let orderBy: string;
  if (q.sort === 'hottest') {
    // A band's rank is its position in the model; a band the model no longer has ranks lowest.
    // No index serves this order (SQLite sorts in a temp B-tree): the names and their order come from
    // the active model, so an expression index fixed by a migration would match one model's literals
    // only; an indexed rank would have to be a column the lead index writes and a publish rewrites.
    const rank = q.bandOrder.length
      ? `CASE band ${q.bandOrder.map((name, i) => `WHEN ${arg(name)} THEN ${i}`).join(' ')} ELSE -1 END`
      : '-1';
    if (q.after) {
      const r = arg(q.after.rank ?? -1);
      const v = arg(q.after.value);
      const id = arg(q.after.id);
      where.push(
        `(${rank} ${beyond} ${r} OR (${rank} = ${r} AND (total ${beyond} ${v} OR (total = ${v} AND id > ${id}))))`,
      );
    }
    orderBy = `${rank} ${dir}, total ${dir}, id ASC`;
  } else {
    // Nullable columns (first/last seen) sort as -1 so the keyset comparison stays total.
    const key = `COALESCE(${SORT_COLUMNS[q.sort]}, -1)`;
    if (q.after) {
      const v = arg(q.after.value);
      const id = arg(q.after.id);
      where.push(`(${key} ${beyond} ${v} OR (${key} = ${v} AND id > ${id}))`);
    }
    orderBy = `${key} ${dir}, id ASC`;
  }
  const sql = `SELECT * FROM leads WHERE ${where.join(' AND ')} ORDER BY ${orderBy} LIMIT ${arg(q.limit)}`;
  return { sql, args };
}

export async function queryLeads(db: D1Database, q: LeadListQuery): Promise<LeadRow[]> {
  const { sql, args } = buildLeadQuery(q);
  const { results } = await db
    .prepare(sql)
    .bind(...args)
    .all<LeadRow>();
  return results;
}

/** The keyset value of a row for the query's sort (`hottest`: the total; its band rank is `bandRank`). */
export function sortValue(row: LeadRow, sort: SortField): number {
  const value = row[SORT_COLUMNS[sort === 'hottest' ? 'total' : sort]];
  return typeof value === 'number' ? value : -1;
}

/** A model's primary band names, lowest first: the ranks `hottest` sorts by. */
export function bandOrderOf(model: ScoringModel): string[] {
  return model.bands[0]?.levels.map((l) => l.name) ?? [];
}

/** A row's band rank for `hottest`, as the query ranks it. */
export function bandRank(row: LeadRow, bandOrder: readonly string[]): number {
  return bandOrder.indexOf(row.band);
}
