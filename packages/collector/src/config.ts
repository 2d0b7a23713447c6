import * as v from 'valibot';
import { formatIssues } from './schema/issues';

/** A site this collector accepts beacons for. */
export type SiteConfig = {
  /** Page origins allowed to send beacons for the site (exact `scheme://host[:port]`). */
  origins: string[];
  /** File extensions that count as downloads on top of the default list (ingest/links.ts). Default none. */
  downloadExtensions?: string[];
  /**
   * Only identities the site's server signed (verified identify) identify a visitor; an unsigned
   * identify or form address is recorded as a claim and merges nothing (ingest/normalize.ts). Default false.
   */
  requireVerifiedIdentity?: boolean;
};

const SitesSchema = v.record(
  v.pipe(v.string(), v.regex(/^[A-Za-z0-9._-]{1,64}$/, 'site ids: 1-64 of A-Z a-z 0-9 . _ -')),
  v.strictObject({
    origins: v.array(
      v.pipe(
        v.string(),
        v.check(
          (s) => URL.canParse(s) && new URL(s).origin === s,
          'expected an origin like https://www.example.com',
        ),
      ),
    ),
    requireVerifiedIdentity: v.optional(v.boolean('expected true or false')),
  }),
);

let cached: { raw: string; sites: Map<string, SiteConfig> } | undefined;

/**
 * The `LB_SITES` variable, parsed once per isolate. A broken value is an operator error: it throws
 * with the path of the mistake, which the error funnel logs and answers with a generic 500.
 */
export function getSites(env: Pick<Env, 'LB_SITES'>): Map<string, SiteConfig> {
  if (cached?.raw === env.LB_SITES) return cached.sites;
  let json: unknown;
  try {
    json = JSON.parse(env.LB_SITES);
  } catch {
    throw new Error('LB_SITES is not valid JSON');
  }
  const parsed = v.safeParse(SitesSchema, json);
  if (!parsed.success) throw new Error(`LB_SITES: ${formatIssues(parsed.issues)}`);
  const sites = new Map(Object.entries(parsed.output));
  cached = { raw: env.LB_SITES, sites };
  return sites;
}

/** Every origin of every site: the CORS allow-list of the beacon endpoint. */
export function isAllowedOrigin(env: Pick<Env, 'LB_SITES'>, origin: string): boolean {
  for (const site of getSites(env).values()) if (site.origins.includes(origin)) return true;
  return false;
}

/** `development` and `test` accept the documented development token; anything else is production. */
export function isDevelopment(env: Pick<Env, 'LB_ENV'>): boolean {
  return env.LB_ENV === 'development' || env.LB_ENV === 'test';
}

/**
 * `LB_ALLOW_AUTOMATION=true` lets headless browsers be tracked (the SDK's `navigator.webdriver`
 * check and the collector's headless user-agent check both step aside). `pnpm start` sets it so
 * the local demo can be driven by a headless browser; production leaves it unset.
 */
export function allowsAutomation(env: Pick<Env, 'LB_ALLOW_AUTOMATION'>): boolean {
  return env.LB_ALLOW_AUTOMATION === 'true';
}
