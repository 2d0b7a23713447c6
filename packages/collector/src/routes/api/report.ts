import { Hono } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../../app-env';
import { requireScope } from '../../auth/middleware';
import { fail } from '../../lib/http';
import { loadModelReport } from '../../report/load';
import { site as siteSchema } from '../../schema/api';

export const reportRoutes = new Hono<AppEnv>();

/**
 * GET /api/model/report: how leads convert by score, which rules and thresholds of the active
 * model predict won deals, from the recorded outcomes (`?site=` for one site). See
 * src/report/README.md for every number.
 */
reportRoutes.get('/model/report', requireScope('read'), async (c) => {
  const rawSite = c.req.query('site');
  if (rawSite !== undefined && !v.is(siteSchema, rawSite)) fail(400, 'site: expected a site id');
  return c.json(
    await loadModelReport(c.env.DB, { ...(rawSite !== undefined ? { site: rawSite } : {}), now: Date.now() }),
  );
});
