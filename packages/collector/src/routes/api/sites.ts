import { type Context, Hono } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../../app-env';
import { requireScope } from '../../auth/middleware';
import { fail } from '../../lib/http';
import { parseJson } from '../../schema/api';
import { checkSiteId, generateIdentitySecret, removeSite, writeSite } from '../../sites/service';
import { actorOf } from '../../storage/action-log';
import { getSite, listSites, SITES_CACHE_SECONDS, type SiteEntry } from '../../storage/sites';

export const siteRoutes = new Hono<AppEnv>();

/** A site as the API shows it: its settings and where they come from; never a secret. */
function toJson(s: SiteEntry) {
  return {
    id: s.id,
    ...s.config,
    from: s.from,
    ...(s.seed ? { seed: s.seed } : {}),
    identitySecret: s.identitySecret,
    identitySecretAt: s.identitySecretAt,
    updatedAt: s.updatedAt,
    updatedBy: s.updatedBy,
  };
}

/** GET /api/sites: every site the collector serves (seeded and stored). */
siteRoutes.get('/sites', requireScope('read'), async (c) => {
  return c.json({ sites: (await listSites(c.env)).map(toJson), appliesWithinSeconds: SITES_CACHE_SECONDS });
});

siteRoutes.get('/sites/:id', requireScope('read'), async (c) => {
  const site = await getSite(c.env, siteIdParam(c.req.param('id')));
  if (!site) fail(404, 'no such site');
  return c.json(toJson(site));
});

/** POST /api/sites: a new site, `{ "id": "beta", "origins": [...], … }`; 409 when the id exists. */
siteRoutes.post('/sites', requireScope('admin'), async (c) => {
  const body = await parseJson(c.req.raw, v.unknown());
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    fail(400, 'expected a JSON object like {"id":"beta","origins":["https://www.example.com"]}');
  }
  const { id, ...settings } = body as Record<string, unknown>;
  return answer(
    c,
    await writeSite(c.env, { id, settings, mode: 'create', actor: actorOf(c.get('principal')) }),
  );
});

/** PUT /api/sites/:id: the site's whole settings, creating it or replacing what it had. */
siteRoutes.put('/sites/:id', requireScope('admin'), async (c) => {
  const settings = await parseJson(c.req.raw, v.unknown());
  const id = c.req.param('id');
  return answer(c, await writeSite(c.env, { id, settings, mode: 'put', actor: actorOf(c.get('principal')) }));
});

/**
 * DELETE /api/sites/:id: removes the stored settings. A site seeded by LB_SITES gets its seed
 * settings back; a stored site is gone. A site that only has seed settings is 409.
 */
siteRoutes.delete('/sites/:id', requireScope('admin'), async (c) => {
  const done = await removeSite(c.env, siteIdParam(c.req.param('id')), actorOf(c.get('principal')));
  if (!done.ok) fail(done.status, done.error);
  return c.json({ id: c.req.param('id'), [done.how]: true });
});

/**
 * POST /api/sites/:id/identity-secret: generates the site's identity secret for verified identify.
 * The answer holds it, the only time it is shown; it replaces the earlier secret at once.
 */
siteRoutes.post('/sites/:id/identity-secret', requireScope('admin'), async (c) => {
  const done = await generateIdentitySecret(
    c.env,
    siteIdParam(c.req.param('id')),
    actorOf(c.get('principal')),
  );
  if (!done.ok) fail(done.status, done.error);
  return c.json({ id: c.req.param('id'), secret: done.secret }, 201, { 'Cache-Control': 'no-store' });
});

function siteIdParam(raw: string): string {
  const checked = checkSiteId(raw);
  if ('error' in checked) fail(400, checked.error);
  return checked.id;
}

function answer(c: Context<AppEnv>, change: Awaited<ReturnType<typeof writeSite>>): Response {
  if (!change.ok) fail(change.status, change.errors.join('; '));
  return c.json(
    { ...toJson(change.site), warnings: change.warnings, appliesWithinSeconds: SITES_CACHE_SECONDS },
    change.created ? 201 : 200,
  );
}
