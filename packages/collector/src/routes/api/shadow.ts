import { Hono } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../../app-env';
import { requireScope } from '../../auth/middleware';
import { fail } from '../../lib/http';
import { site as siteSchema } from '../../schema/api';
import { promoteShadow, publishShadow, shadowStatus, withdrawShadow } from '../../shadow/service';
import { actorOf, recordAction } from '../../storage/action-log';

export const shadowRoutes = new Hono<AppEnv>();

/**
 * GET /api/model/shadow: the running shadow model (if any), past ones, and its comparison with the
 * active model on the outcomes recorded since it started (`?site=` for one site).
 */
shadowRoutes.get('/model/shadow', requireScope('read'), async (c) => {
  const rawSite = c.req.query('site');
  if (rawSite !== undefined && !v.is(siteSchema, rawSite)) fail(400, 'site: expected a site id');
  return c.json(await shadowStatus(c.env.DB, rawSite !== undefined ? { site: rawSite } : {}));
});

/**
 * POST /api/model/versions/:version/shadow: scores every lead with this stored version beside the
 * active model, live, without notifications or stage changes. One shadow at a time (409).
 */
shadowRoutes.post('/model/versions/:version/shadow', requireScope('admin'), async (c) => {
  const raw = c.req.param('version');
  if (!/^\d{1,9}$/.test(raw)) fail(400, 'version: expected a non-negative integer');
  const { shadow, job } = await publishShadow(c.env, Number(raw), c.get('principal').name);
  await recordAction(c.env.DB, { actor: actorOf(c.get('principal')), action: 'model.shadow', target: raw });
  return c.json({ shadow, job, status: `/api/jobs/${job}` }, 202);
});

/** POST /api/model/shadow/promote: the shadow becomes the active model; leads adopt its results. */
shadowRoutes.post('/model/shadow/promote', requireScope('admin'), async (c) => {
  const { shadow, job } = await promoteShadow(c.env, c.get('principal').name);
  await recordAction(c.env.DB, {
    actor: actorOf(c.get('principal')),
    action: 'model.promote',
    target: String(shadow.version),
  });
  return c.json({ version: shadow.version, shadow, job, status: `/api/jobs/${job}` }, 202);
});

/** DELETE /api/model/shadow: withdraws the shadow; no lead changes. */
shadowRoutes.delete('/model/shadow', requireScope('admin'), async (c) => {
  const withdrawn = await withdrawShadow(c.env, c.get('principal').name);
  await recordAction(c.env.DB, {
    actor: actorOf(c.get('principal')),
    action: 'model.withdraw',
    target: null,
  });
  return c.json({ withdrawn });
});
