import { Hono } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../../app-env';
import { requireScope } from '../../auth/middleware';
import { fail } from '../../lib/http';
import { formatIssues } from '../../schema/issues';
import { listCompanies } from '../../storage/companies';

export const companyRoutes = new Hono<AppEnv>();

const Query = v.strictObject({
  q: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(100, 'at most 100 characters'))),
  limit: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d{1,3}$/, 'expected an integer 1-200'),
      v.transform(Number),
      v.minValue(1),
      v.maxValue(200, 'expected an integer 1-200'),
    ),
  ),
  offset: v.optional(
    v.pipe(v.string(), v.regex(/^\d{1,6}$/, 'expected a non-negative integer'), v.transform(Number)),
  ),
});

/**
 * GET /api/companies: companies by account score (the sum of their leads' totals), with known
 * leads, anonymous visitors and hot leads counted. The members are `GET /api/leads?company=<name>`.
 */
companyRoutes.get('/companies', requireScope('read'), async (c) => {
  const parsed = v.safeParse(Query, c.req.query());
  if (!parsed.success) fail(400, formatIssues(parsed.issues));
  const { q, limit = 50, offset = 0 } = parsed.output;
  const companies = await listCompanies(c.env.DB, { ...(q ? { text: q } : {}), limit, offset });
  return c.json({ companies });
});
