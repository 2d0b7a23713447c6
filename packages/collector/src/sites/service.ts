import * as v from 'valibot';
import { parseSite, type SiteConfig, SiteId, seedSites } from '../config';
import { type Actor, recordAction } from '../storage/action-log';
import {
  getSite,
  newIdentitySecret,
  removeStoredSite,
  type SiteEntry,
  saveSite,
  storeIdentitySecret,
} from '../storage/sites';

/**
 * Site changes as the API and the dashboard make them: checked by the schema `LB_SITES` uses,
 * stored, and written to the action log. A refused change stores nothing and names every field
 * that is wrong (`origins[0]: expected an origin: …`).
 */

type SitesEnv = Pick<Env, 'DB' | 'LB_SITES' | 'LB_IDENTITY_SECRETS'>;

export type SiteChange =
  | { ok: true; site: SiteEntry; created: boolean; warnings: string[] }
  | { ok: false; status: 400 | 404 | 409; errors: string[] };

/** Checks a site id: the message names the field `id`. */
export function checkSiteId(raw: unknown): { id: string } | { error: string } {
  const parsed = v.safeParse(SiteId, raw);
  return parsed.success ? { id: parsed.output } : { error: `id: ${parsed.issues[0]?.message ?? 'invalid'}` };
}

/**
 * Stores a site's settings. `mode`: `create` refuses an id that exists (409), `update` one that
 * does not (404), `put` takes either.
 */
export async function writeSite(
  env: SitesEnv,
  input: { id: unknown; settings: unknown; mode: 'create' | 'update' | 'put'; actor: Actor },
): Promise<SiteChange> {
  const checkedId = checkSiteId(input.id);
  const parsed = parseSite(input.settings);
  const errors = [
    ...('error' in checkedId ? [checkedId.error] : []),
    ...('problems' in parsed ? parsed.problems : []),
  ];
  if ('error' in checkedId || 'problems' in parsed) return { ok: false, status: 400, errors };
  const { id } = checkedId;
  const existing = await getSite(env, id);
  if (input.mode === 'create' && existing) {
    return { ok: false, status: 409, errors: [`id: a site "${id}" exists already`] };
  }
  if (input.mode === 'update' && !existing) {
    return { ok: false, status: 404, errors: [`no site "${id}"`] };
  }
  const now = Date.now();
  await saveSite(env.DB, { id, config: parsed.site, by: input.actor.name, now });
  await recordAction(env.DB, {
    actor: input.actor,
    action: existing ? 'site.update' : 'site.create',
    target: id,
    detail: describeChange(existing?.config, parsed.site),
    at: now,
  });
  const site = await getSite(env, id);
  if (!site) throw new Error(`site ${id} vanished after it was stored`);
  return { ok: true, site, created: !existing, warnings: warningsFor(site) };
}

/** What a site's settings mean for it, said at once rather than found out later. */
export function warningsFor(site: SiteEntry): string[] {
  if (site.config.requireVerifiedIdentity && site.identitySecret === null) {
    return [
      'requireVerifiedIdentity: the site has no identity secret yet, so no visitor can be identified until one is generated',
    ];
  }
  return [];
}

/**
 * Removes a site's stored settings: a seed site (LB_SITES) gets its seed settings back, a stored
 * site is removed (its beacons are refused from then on; its leads stay).
 */
export async function removeSite(
  env: SitesEnv,
  id: string,
  actor: Actor,
): Promise<{ ok: true; how: 'reset' | 'deleted' } | { ok: false; status: 404 | 409; error: string }> {
  const existing = await getSite(env, id);
  if (!existing) return { ok: false, status: 404, error: `no site "${id}"` };
  if (existing.from === 'seed') {
    return {
      ok: false,
      status: 409,
      error: `site "${id}" has only its LB_SITES settings (wrangler.jsonc): remove it there`,
    };
  }
  const how = await removeStoredSite(env, id);
  if (how === 'none') return { ok: false, status: 404, error: `no stored settings for site "${id}"` };
  await recordAction(env.DB, { actor, action: how === 'reset' ? 'site.reset' : 'site.delete', target: id });
  return { ok: true, how };
}

/**
 * Generates a new identity secret for a site and stores it; the caller shows it this once. It
 * replaces the site's earlier secret (generated or from LB_IDENTITY_SECRETS) at once: signatures
 * made with the old one are refused from then on.
 */
export async function generateIdentitySecret(
  env: SitesEnv,
  id: string,
  actor: Actor,
): Promise<{ ok: true; secret: string } | { ok: false; status: 404; error: string }> {
  if (!(await getSite(env, id))) return { ok: false, status: 404, error: `no site "${id}"` };
  const secret = newIdentitySecret();
  const now = Date.now();
  await storeIdentitySecret(env.DB, { id, secret, by: actor.name, now });
  await recordAction(env.DB, { actor, action: 'site.secret', target: id, at: now });
  return { ok: true, secret };
}

/** Whether a site id has seed settings in LB_SITES. */
export function isSeedSite(env: Pick<Env, 'LB_SITES'>, id: string): boolean {
  return seedSites(env).has(id);
}

/** `origins: +https://b.example −https://a.example; competitors: 2 → 3` — what changed, in a line. */
function describeChange(before: SiteConfig | undefined, after: SiteConfig): string {
  if (!before) return `origins: ${after.origins.join(' ')}`;
  const parts: string[] = [];
  const added = after.origins.filter((o) => !before.origins.includes(o));
  const removed = before.origins.filter((o) => !after.origins.includes(o));
  if (added.length || removed.length) {
    parts.push(`origins: ${[...added.map((o) => `+${o}`), ...removed.map((o) => `−${o}`)].join(' ')}`);
  }
  for (const key of ['downloadExtensions', 'stripParams', 'competitors'] as const) {
    const a = before[key] ?? [];
    const b = after[key] ?? [];
    if (a.join() !== b.join()) parts.push(`${key}: ${a.length} → ${b.length}`);
  }
  if ((before.requireVerifiedIdentity ?? false) !== (after.requireVerifiedIdentity ?? false)) {
    parts.push(`requireVerifiedIdentity: ${after.requireVerifiedIdentity ?? false}`);
  }
  if (before.autoAssign !== after.autoAssign) parts.push(`autoAssign: ${after.autoAssign ?? 'off'}`);
  return parts.join('; ') || 'no change';
}
