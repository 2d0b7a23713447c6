import * as v from 'valibot';
import type { DetailWindows } from '../durable/detail';
import { MAX_WINDOW } from '../durable/detail';
import { fail } from '../lib/http';
import { formatIssues } from './issues';

const offset = v.optional(
  v.pipe(v.string(), v.regex(/^\d{1,9}$/, 'expected a whole number ≥ 0'), v.transform(Number)),
);
// At least 1: an empty window would show nothing, and its "Older" link would point back at itself.
const limit = v.optional(
  v.pipe(
    v.string(),
    v.regex(/^\d{1,9}$/, `expected a whole number 1-${MAX_WINDOW}`),
    v.transform(Number),
    v.minValue(1, `expected a whole number 1-${MAX_WINDOW}`),
    v.maxValue(MAX_WINDOW, `expected a whole number 1-${MAX_WINDOW}`),
  ),
);

const LISTS = ['pages', 'timeline', 'ledger', 'transitions'] as const;

/** `<list>_offset` and `<list>_limit` for each paginated list of a lead detail. */
const Query = v.strictObject(
  Object.fromEntries(
    LISTS.flatMap((l) => [[`${l}_offset`, offset] as const, [`${l}_limit`, limit] as const]),
  ) as Record<`${(typeof LISTS)[number]}_${'offset' | 'limit'}`, typeof offset>,
);

/** Parses a lead detail's query string; a malformed or unknown parameter is a 400 naming it. */
export function parseDetailQuery(raw: Record<string, string>): DetailWindows {
  const parsed = v.safeParse(Query, raw);
  if (!parsed.success) fail(400, formatIssues(parsed.issues));
  const out: DetailWindows = {};
  const p = parsed.output as Record<string, number | undefined>;
  for (const list of LISTS) {
    const o = p[`${list}_offset`];
    const l = p[`${list}_limit`];
    if (o !== undefined || l !== undefined) {
      out[list] = { ...(o !== undefined ? { offset: o } : {}), ...(l !== undefined ? { limit: l } : {}) };
    }
  }
  return out;
}
