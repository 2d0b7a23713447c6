import { Hono } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../../app-env';
import { requireScope } from '../../auth/middleware';
import { fail } from '../../lib/http';
import { buildModelReport } from '../../report/model-report';
import { listOutcomes } from '../../report/outcomes-store';
import { site as siteSchema } from '../../schema/api';
import { getActiveModel } from '../../storage/models';

export const reportRoutes = new Hono<AppEnv>();

/** The report reads at most this many outcomes, the most recent first (bounded D1 read and CPU). */
const MAX_OUTCOMES = 10_000;

/**
 * GET /api/model/report: which rules and thresholds of the active model predict won deals, from
 * the recorded outcomes (`?site=` for one site). See the collector README for every number.
 */
reportRoutes.get('/model/report', requireScope('read'), async (c) => {
  const rawSite = c.req.query('site');
  if (rawSite !== undefined && !v.is(siteSchema, rawSite)) fail(400, 'site: expected a site id');
  const active = await getActiveModel(c.env.DB);
  const read = await listOutcomes(c.env.DB, {
    ...(rawSite !== undefined ? { site: rawSite } : {}),
    limit: MAX_OUTCOMES + 1,
  });
  const recent = read.slice(0, MAX_OUTCOMES);
  // Rule ids and thresholds belong to one model version: outcomes whose features were computed with
  // another one wait until their lead is re-scored (publishing a version re-scores every lead).
  const current = recent.filter((o) => o.modelVersion === active.version);
  const notes: string[] = [];
  if (read.length > MAX_OUTCOMES) notes.push(`only the ${MAX_OUTCOMES} most recent outcomes are used`);
  const stale = recent.length - current.length;
  if (stale > 0) {
    notes.push(
      `${stale} outcome${stale === 1 ? ' was' : 's were'} scored with another model version and ` +
        'left out until the re-scoring after its publication reaches them',
    );
  }
  return c.json({
    site: rawSite ?? null,
    model: { version: active.version, label: active.model.version },
    ...buildModelReport(current, active.model),
    excluded: { otherModelVersion: stale },
    notes,
  });
});
