import * as v from 'valibot';
import { formatIssues } from './schema/issues';

/** A site this collector accepts beacons for. */
export type SiteConfig = {
  /** Page origins allowed to send beacons for the site (`scheme://host[:port]`; a trailing `/` is dropped). */
  origins: string[];
  /** File extensions that count as downloads on top of the default list (ingest/links.ts). Default none. */
  downloadExtensions?: string[];
  /** Query parameters removed from stored URLs on top of the built-in list (ingest/url.ts). Default none. */
  stripParams?: string[];
  /**
   * Only identities the site's server signed (verified identify) identify a visitor; an unsigned
   * identify or form address is recorded as a claim and merges nothing (ingest/normalize.ts). Default false.
   */
  requireVerifiedIdentity?: boolean;
};

/**
 * The origin a configured value stands for, or null when it is not one: `https://a.example/` and
 * `HTTPS://A.example:443` are `https://a.example`; a path, query, fragment or credentials are not
 * part of an origin and are refused rather than guessed away.
 */
export function originOf(raw: string): string | null {
  if (!URL.canParse(raw)) return null;
  const url = new URL(raw);
  const plain =
    (url.protocol === 'https:' || url.protocol === 'http:') &&
    !url.username &&
    !url.password &&
    url.pathname === '/' &&
    !url.search &&
    !url.hash &&
    !/[?#]$/.test(raw);
  return plain ? url.origin : null;
}

const Origin = v.pipe(
  v.string('expected a string'),
  v.check(
    (s) => originOf(s) !== null,
    'expected an origin: scheme, host and optional port, without a path (e.g. https://www.example.com)',
  ),
  v.transform((s) => originOf(s) ?? s),
);

const SitesSchema = v.pipe(
  v.record(
    v.pipe(v.string(), v.regex(/^[A-Za-z0-9._-]{1,64}$/, 'site ids: 1-64 of A-Z a-z 0-9 . _ -')),
    v.strictObject(
      {
        origins: v.pipe(
          v.array(Origin, 'expected an array of origins'),
          v.minLength(1, 'list at least one origin the site’s pages are served from'),
        ),
        downloadExtensions: v.optional(
          v.array(
            v.pipe(
              v.string('expected a string'),
              v.regex(
                /^\.?[A-Za-z0-9]{1,16}$/,
                'expected a file extension like "dwg" (1-16 letters or digits)',
              ),
              v.transform((s) => s.replace(/^\./, '').toLowerCase()),
            ),
            'expected an array of file extensions',
          ),
        ),
        stripParams: v.optional(
          v.pipe(
            v.array(
              v.pipe(
                v.string('expected a string'),
                v.regex(
                  /^[^\s&=#]{1,64}$/,
                  'expected a query parameter name (1-64 characters, no space & = #)',
                ),
                v.toLowerCase(),
              ),
              'expected an array of query parameter names',
            ),
            v.maxLength(50, 'at most 50 parameter names'),
          ),
        ),
        requireVerifiedIdentity: v.optional(v.boolean('expected true or false')),
      },
      (issue) =>
        issue.expected === 'never'
          ? `unknown setting ${issue.received} (a site takes origins, downloadExtensions, stripParams and requireVerifiedIdentity)`
          : 'expected an object like { "origins": ["https://www.example.com"] }',
    ),
  ),
  v.check((sites) => Object.keys(sites).length > 0, 'configure at least one site'),
);

/** `LB_SITES` parsed and checked: the sites, or every mistake as `path: message`. */
export function parseSites(
  raw: string | undefined,
): { sites: Map<string, SiteConfig> } | { problems: string[] } {
  if (raw === undefined || raw.trim() === '')
    return { problems: ['missing: set it to {"<site id>":{"origins":["https://www.example.com"]}}'] };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { problems: ['not valid JSON'] };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { problems: ['expected a JSON object from site id to { "origins": [...] }'] };
  }
  const parsed = v.safeParse(SitesSchema, json);
  if (!parsed.success) return { problems: formatIssues(parsed.issues, 20).split('; ') };
  return { sites: new Map(Object.entries(parsed.output)) };
}

let cached: { raw: string; sites: Map<string, SiteConfig> } | undefined;

/**
 * The `LB_SITES` variable, parsed once per isolate. Requests reach this only after the
 * configuration check (config-check.ts) passed, so a broken value here is a programming error.
 */
export function getSites(env: Pick<Env, 'LB_SITES'>): Map<string, SiteConfig> {
  if (cached?.raw === env.LB_SITES) return cached.sites;
  const parsed = parseSites(env.LB_SITES);
  if ('problems' in parsed) throw new Error(`LB_SITES: ${parsed.problems.join('; ')}`);
  cached = { raw: env.LB_SITES, sites: parsed.sites };
  return parsed.sites;
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

/** `LB_RATE_LIMITS=off` switches the beacon rate limits off (load benchmarks); anything else keeps them. */
export function rateLimitsOn(env: Pick<Env, 'LB_RATE_LIMITS'>): boolean {
  return env.LB_RATE_LIMITS !== 'off';
}
