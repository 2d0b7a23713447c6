import { parseSite, type SiteConfig, seedSites } from '../config';
import { identitySecret as seedIdentitySecret } from '../identity/secrets';

/**
 * The sites the collector serves: the seed sites of `LB_SITES` (wrangler.jsonc) and the sites
 * stored in D1 at run time (dashboard, `POST /api/sites`). A stored site replaces the seed site of
 * the same id; resetting it brings the seed's settings back. A stored identity secret replaces the
 * site's entry in `LB_IDENTITY_SECRETS` the same way.
 *
 * Every request reads sites through here. An isolate keeps its copy for `SITES_CACHE_SECONDS`:
 * a change made through the same isolate applies at once, a change made through another isolate
 * (another Cloudflare location, another instance) within that many seconds.
 */
export const SITES_CACHE_SECONDS = 5;

/** Where a site's settings come from. */
export type SiteOrigin = 'seed' | 'stored' | 'override';

export type SiteEntry = {
  id: string;
  config: SiteConfig;
  /** `seed`: LB_SITES only; `stored`: D1 only; `override`: stored in D1 over a seed site of the same id. */
  from: SiteOrigin;
  /** The seed's settings, when the site has a seed (to show what a reset brings back). */
  seed?: SiteConfig;
  /** Where the identity secret comes from: generated (D1), LB_IDENTITY_SECRETS, or none. */
  identitySecret: 'stored' | 'seed' | null;
  identitySecretAt: number | null;
  updatedAt: number | null;
  updatedBy: string | null;
};

type SiteRow = {
  id: string;
  config: string | null;
  identity_secret: string | null;
  identity_secret_at: number | null;
  created_at: number;
  updated_at: number;
  updated_by: string;
};

type Directory = {
  configs: Map<string, SiteConfig>;
  secrets: Map<string, string>;
  rows: SiteRow[];
};

/**
 * The isolate's copy: a value, never a promise. A promise one request's D1 read settles must not
 * be awaited by another request: workerd may run the awaiting request's code in the first one's
 * context (or cancel it when that request ends), and its next I/O of its own, such as reading its
 * body, then fails ("Cannot perform I/O on behalf of a different request": a 500 for a beacon).
 * Requests that find the copy stale read D1 each for themselves; the first answer is kept.
 */
let cache: { at: number; seed: string | undefined; directory: Directory } | undefined;
/** The last directory read successfully: what a failed D1 read falls back to. */
let lastGood: Directory | undefined;

/** Forgets this isolate's copy: the next request reads D1 again (after a change made here). */
export function invalidateSites(): void {
  cache = undefined;
}

async function directory(env: Pick<Env, 'DB' | 'LB_SITES'>, now: number): Promise<Directory> {
  if (
    cache &&
    cache.seed === env.LB_SITES &&
    now - cache.at >= 0 &&
    now - cache.at < SITES_CACHE_SECONDS * 1000
  ) {
    return cache.directory;
  }
  try {
    const { results } = await env.DB.prepare(
      'SELECT id, config, identity_secret, identity_secret_at, created_at, updated_at, updated_by FROM sites ORDER BY id',
    ).all<SiteRow>();
    const d = build(seedSites(env), results);
    lastGood = d;
    cache = { at: now, seed: env.LB_SITES, directory: d };
    return d;
  } catch (err) {
    // A site list that cannot be read must not turn beacons into 500s: the last good copy (or
    // the seed alone) serves, and the next request asks D1 again.
    console.error('sites could not be read from D1', err);
    return lastGood ?? build(seedSites(env), []);
  }
}

function build(seed: Map<string, SiteConfig>, rows: SiteRow[]): Directory {
  const configs = new Map(seed);
  const secrets = new Map<string, string>();
  for (const row of rows) {
    if (row.identity_secret) secrets.set(row.id, row.identity_secret);
    if (row.config === null) continue;
    const stored = storedConfig(row);
    // Written through the same schema, so this holds unless the schema got stricter since: the
    // site then keeps its seed settings (or is unknown) rather than fail every request.
    if (stored) configs.set(row.id, stored);
  }
  return { configs, secrets, rows };
}

function storedConfig(row: SiteRow): SiteConfig | null {
  if (row.config === null) return null;
  let json: unknown;
  try {
    json = JSON.parse(row.config);
  } catch {
    json = null;
  }
  const parsed = parseSite(json);
  if ('problems' in parsed) {
    console.error(`stored site "${row.id}" is not valid any more: ${parsed.problems.join('; ')}`);
    return null;
  }
  return parsed.site;
}

/** Every site the collector serves now (cached per isolate, see `SITES_CACHE_SECONDS`). */
export async function siteConfigs(
  env: Pick<Env, 'DB' | 'LB_SITES'>,
  now = Date.now(),
): Promise<Map<string, SiteConfig>> {
  return (await directory(env, now)).configs;
}

/** One site's settings, or undefined for a site the collector does not serve. */
export async function siteConfig(
  env: Pick<Env, 'DB' | 'LB_SITES'>,
  id: string,
  now = Date.now(),
): Promise<SiteConfig | undefined> {
  return (await directory(env, now)).configs.get(id);
}

/** Whether any site has this page origin: the CORS allow-list of the beacon endpoint. */
export async function isAllowedOrigin(env: Pick<Env, 'DB' | 'LB_SITES'>, origin: string): Promise<boolean> {
  for (const site of (await siteConfigs(env)).values()) if (site.origins.includes(origin)) return true;
  return false;
}

/**
 * The secret a site's server signs visitors' addresses with (verified identify): the one generated
 * in the dashboard, else the site's entry in `LB_IDENTITY_SECRETS`, else null.
 */
export async function siteIdentitySecret(
  env: Pick<Env, 'DB' | 'LB_SITES' | 'LB_IDENTITY_SECRETS'>,
  id: string,
): Promise<string | null> {
  return (await directory(env, Date.now())).secrets.get(id) ?? seedIdentitySecret(env, id);
}

/** Every site with where its settings come from, read from D1 now (for the sites screen and API). */
export async function listSites(
  env: Pick<Env, 'DB' | 'LB_SITES' | 'LB_IDENTITY_SECRETS'>,
): Promise<SiteEntry[]> {
  const seed = seedSites(env);
  const { results } = await env.DB.prepare(
    'SELECT id, config, identity_secret, identity_secret_at, created_at, updated_at, updated_by FROM sites',
  ).all<SiteRow>();
  const rows = new Map(results.map((r) => [r.id, r]));
  const ids = [...new Set([...seed.keys(), ...rows.keys()])].sort();
  const out: SiteEntry[] = [];
  for (const id of ids) {
    const row = rows.get(id);
    const stored = row ? storedConfig(row) : null;
    const seeded = seed.get(id);
    const config = stored ?? seeded;
    if (!config) continue;
    out.push({
      id,
      config,
      from: stored ? (seeded ? 'override' : 'stored') : 'seed',
      ...(seeded ? { seed: seeded } : {}),
      identitySecret: row?.identity_secret ? 'stored' : seedIdentitySecret(env, id) ? 'seed' : null,
      identitySecretAt: row?.identity_secret ? row.identity_secret_at : null,
      updatedAt: stored ? (row?.updated_at ?? null) : null,
      updatedBy: stored ? (row?.updated_by ?? null) : null,
    });
  }
  return out;
}

/** One site as `listSites` shows it, or null. */
export async function getSite(
  env: Pick<Env, 'DB' | 'LB_SITES' | 'LB_IDENTITY_SECRETS'>,
  id: string,
): Promise<SiteEntry | null> {
  return (await listSites(env)).find((s) => s.id === id) ?? null;
}

/** Stores a site's settings (checked by the caller with `parseSite`), over its seed if it has one. */
export async function saveSite(
  db: D1Database,
  s: { id: string; config: SiteConfig; by: string; now: number },
): Promise<void> {
  await db
    .prepare(
      `INSERT INTO sites (id, config, created_at, updated_at, updated_by) VALUES (?1, ?2, ?3, ?3, ?4)
       ON CONFLICT (id) DO UPDATE SET config = ?2, updated_at = ?3, updated_by = ?4`,
    )
    .bind(s.id, JSON.stringify(s.config), s.now, s.by)
    .run();
  invalidateSites();
}

/**
 * Removes a site's stored settings: a seed site gets its `LB_SITES` settings back, a site that
 * exists only in D1 is gone (its beacons are refused from then on; its leads stay). A generated
 * identity secret of a seed site is kept (it is removed with `removeIdentitySecret`).
 */
export async function removeStoredSite(
  env: Pick<Env, 'DB' | 'LB_SITES'>,
  id: string,
): Promise<'reset' | 'deleted' | 'none'> {
  const seeded = seedSites(env).has(id);
  const res = seeded
    ? await env.DB.prepare('UPDATE sites SET config = NULL WHERE id = ?1 AND config IS NOT NULL')
        .bind(id)
        .run()
    : await env.DB.prepare('DELETE FROM sites WHERE id = ?1').bind(id).run();
  // A seed site's row that holds nothing any more goes too.
  await env.DB.prepare('DELETE FROM sites WHERE id = ?1 AND config IS NULL AND identity_secret IS NULL')
    .bind(id)
    .run();
  invalidateSites();
  if (res.meta.changes === 0) return 'none';
  return seeded ? 'reset' : 'deleted';
}

/** Stores a newly generated identity secret for a site (replacing any earlier one). */
export async function storeIdentitySecret(
  db: D1Database,
  s: { id: string; secret: string; by: string; now: number },
): Promise<void> {
  await db
    .prepare(
      `INSERT INTO sites (id, config, identity_secret, identity_secret_at, created_at, updated_at, updated_by)
       VALUES (?1, NULL, ?2, ?3, ?3, ?3, ?4)
       ON CONFLICT (id) DO UPDATE SET identity_secret = ?2, identity_secret_at = ?3`,
    )
    .bind(s.id, s.secret, s.now, s.by)
    .run();
  invalidateSites();
}

/** A new identity secret: 32 random bytes as 64 hexadecimal characters (above the 32-character minimum). */
export function newIdentitySecret(): string {
  return [...crypto.getRandomValues(new Uint8Array(32))].map((b) => b.toString(16).padStart(2, '0')).join('');
}
