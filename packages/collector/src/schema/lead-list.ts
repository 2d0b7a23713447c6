import * as v from 'valibot';
import { fail } from '../lib/http';
import { bandRank, type LeadListQuery, SORTS, type SortField, sortValue } from '../storage/lead-query';
import type { LeadRow } from '../storage/leads-index';
import { formatIssues } from './issues';

const list = (what: string) =>
  v.pipe(
    v.string(),
    v.regex(
      /^[a-z0-9_-]{1,32}(,[a-z0-9_-]{1,32}){0,9}$/,
      `expected one or more ${what} names, comma-separated`,
    ),
    v.transform((s) => s.split(',')),
  );
const score = v.pipe(
  v.string(),
  v.regex(/^-?\d{1,6}(\.\d{1,4})?$/, 'expected a number'),
  v.transform(Number),
);
const text = (max: number) =>
  v.pipe(
    v.string(),
    v.trim(),
    v.minLength(1, 'must not be empty'),
    v.maxLength(max, `at most ${max} characters`),
  );

const Query = v.strictObject({
  band: v.optional(list('band')),
  stage: v.optional(list('stage')),
  site: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9._-]{1,64}$/, 'expected a site id'))),
  min_total: v.optional(score),
  max_total: v.optional(score),
  min_interest: v.optional(score),
  max_interest: v.optional(score),
  min_intent: v.optional(score),
  max_intent: v.optional(score),
  min_fit: v.optional(score),
  max_fit: v.optional(score),
  company: v.optional(text(100)),
  topic: v.optional(v.pipe(text(64), v.toLowerCase())),
  q: v.optional(text(100)),
  updated_since: v.optional(
    v.pipe(
      v.string(),
      v.transform((s) => (/^\d{1,15}$/.test(s) ? Number(s) : Date.parse(s))),
      v.check((n) => Number.isFinite(n), 'expected milliseconds since the epoch or an ISO date'),
    ),
  ),
  disqualified: v.optional(v.picklist(['true', 'false'], 'expected true or false')),
  owner: v.optional(v.pipe(v.string(), v.regex(/^([0-9a-f]{32}|none)$/, 'expected a user id or none'))),
  sort: v.optional(v.picklist(SORTS, `expected one of ${SORTS.join(', ')}`)),
  order: v.optional(v.picklist(['asc', 'desc'], 'expected asc or desc')),
  limit: v.optional(
    v.pipe(v.string(), v.regex(/^\d{1,5}$/, 'expected a positive integer'), v.transform(Number)),
  ),
  cursor: v.optional(v.pipe(v.string(), v.maxLength(300))),
});

export type ListOptions = {
  /** The primary band set's names, lowest first (the active model's): what `hottest` ranks by. */
  bandOrder: readonly string[];
  /** Rows when `limit` is not given. Default 50. */
  defaultLimit?: number;
  /** The largest `limit` accepted. Default 200. */
  maxLimit?: number;
};

/** Parses the lead list's query string; anything unknown or malformed is a 400 naming the parameter. */
export function parseLeadListQuery(raw: Record<string, string>, options: ListOptions): LeadListQuery {
  const { defaultLimit = 50, maxLimit = 200, bandOrder } = options;
  const parsed = v.safeParse(Query, raw);
  if (!parsed.success) fail(400, formatIssues(parsed.issues));
  const p = parsed.output;
  const limit = p.limit ?? defaultLimit;
  if (limit < 1 || limit > maxLimit) fail(400, `limit: expected an integer 1-${maxLimit}`);
  const sort = p.sort ?? 'hottest';
  const order = p.order ?? (sort === 'first_seen' ? 'asc' : 'desc');
  const min: LeadListQuery['min'] = {};
  const max: LeadListQuery['max'] = {};
  for (const f of ['total', 'interest', 'intent', 'fit'] as const) {
    const lo = p[`min_${f}`];
    const hi = p[`max_${f}`];
    if (lo !== undefined) min[f] = lo;
    if (hi !== undefined) max[f] = hi;
  }
  const q: LeadListQuery = { sort, order, limit, min, max, bandOrder };
  if (p.band) q.bands = p.band;
  if (p.stage) q.stages = p.stage;
  if (p.site) q.site = p.site;
  if (p.company) q.company = p.company;
  if (p.topic) q.topic = p.topic;
  if (p.q) q.text = p.q;
  if (p.updated_since !== undefined) q.updatedSince = p.updated_since;
  if (p.disqualified) q.disqualified = p.disqualified === 'true';
  if (p.owner) q.owner = p.owner === 'none' ? null : p.owner;
  if (p.cursor) q.after = decodeCursor(p.cursor, sort, order);
  return q;
}

/**
 * A cursor names the sort it belongs to, so it cannot be replayed against another order; for
 * `hottest` it carries the last row's band rank too.
 */
export function encodeCursor(q: Pick<LeadListQuery, 'sort' | 'order' | 'bandOrder'>, last: LeadRow): string {
  const position: unknown[] = [q.sort, q.order, sortValue(last, q.sort), last.id];
  if (q.sort === 'hottest') position.push(bandRank(last, q.bandOrder));
  return btoa(JSON.stringify(position)).replace(/=+$/, '');
}

function decodeCursor(
  raw: string,
  sort: SortField,
  order: 'asc' | 'desc',
): { value: number; id: string; rank?: number } {
  try {
    const [s, o, value, id, rank] = JSON.parse(atob(raw)) as unknown[];
    if (
      s === sort &&
      o === order &&
      typeof value === 'number' &&
      Number.isFinite(value) &&
      typeof id === 'string' &&
      /^[0-9a-f]{64}$/.test(id)
    ) {
      if (sort !== 'hottest') return { value, id };
      if (typeof rank === 'number' && Number.isInteger(rank) && rank >= -1 && rank < 100)
        return { value, id, rank };
    }
  } catch {
    // fall through to the client error below
  }
  fail(400, 'cursor: not a cursor returned by this API for this sort');
}
