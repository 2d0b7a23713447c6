import * as v from 'valibot';
import { formatIssues } from './schema/issues';

/** A site this collector accepts beacons for (`LB_SITES`, or the sites store: storage/sites.ts). */
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
  /**
   * E-mail domains of the site's competitors, on top of the scoring model's `competitors`: an
   * address there is in the `competitor` category for leads of this site. Default none.
   */
  competitors?: string[];
  /**
   * `round-robin`: a lead of the site that becomes an MQL without an owner is assigned to the next
   * of the site's sales users in turn (storage/assignment.ts). Default: no automatic assignment.
   */
  autoAssign?: 'round-robin';
};

/** The settings a site takes, in the order forms and messages list them. */
export const SITE_SETTINGS = [
  'origins',
  'downloadExtensions',
  'stripParams',
  'requireVerifiedIdentity',
  'competitors',
  'autoAssign',
] as const satisfies readonly (keyof SiteConfig)[];

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

/** A site id: 1-64 of A-Z a-z 0-9 . _ - */
export const SiteId = v.pipe(
  v.string('expected a string'),
  v.regex(/^[A-Za-z0-9._-]{1,64}$/, 'site ids: 1-64 of A-Z a-z 0-9 . _ -'),
);

/** An e-mail domain (`rival.example`), lower-cased; a leading `@` is dropped. */
const Domain = v.pipe(
  v.string('expected a string'),
  v.trim(),
  v.toLowerCase(),
  v.transform((s) => s.replace(/^@/, '')),
  v.regex(
    /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/,
    'expected an e-mail domain like "rival.example"',
  ),
);

/** One site's settings, as `LB_SITES` and the sites store (dashboard, `POST /api/sites`) spell them. */
export const SiteSchema = v.strictObject(
  {
    origins: v.pipe(
      v.array(Origin, 'expected an array of origins'),
      v.minLength(1, 'list at least one origin the site’s pages are served from'),
      v.maxLength(50, 'at most 50 origins'),
      v.transform((list) => [...new Set(list)]),
    ),
    downloadExtensions: v.optional(
      v.pipe(
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
        v.maxLength(100, 'at most 100 extensions'),
      ),
    ),
    stripParams: v.optional(
      v.pipe(
        v.array(
          v.pipe(
            v.string('expected a string'),
            v.regex(/^[^\s&=#]{1,64}$/, 'expected a query parameter name (1-64 characters, no space & = #)'),
            v.toLowerCase(),
          ),
          'expected an array of query parameter names',
        ),
        v.maxLength(50, 'at most 50 parameter names'),
      ),
    ),
    requireVerifiedIdentity: v.optional(v.boolean('expected true or false')),
    competitors: v.optional(
      v.pipe(
        v.array(Domain, 'expected an array of e-mail domains'),
        v.maxLength(200, 'at most 200 domains'),
        v.transform((list) => [...new Set(list)]),
      ),
    ),
    autoAssign: v.optional(v.picklist(['round-robin'], 'expected "round-robin" (or leave it out)')),
  },
  (issue) =>
    issue.expected === 'never'
      ? `unknown setting ${issue.received} (a site takes ${SITE_SETTINGS.join(', ')})`
      : 'expected an object like { "origins": ["https://www.example.com"] }',
);

const SitesSchema = v.record(SiteId, SiteSchema);

/**
 * `LB_SITES` parsed and checked: the seed sites, or every mistake as `path: message`. Unset or `{}`
 * seeds none (sites are then added in the dashboard or through `POST /api/sites`).
 */
export function parseSites(
  raw: string | undefined,
): { sites: Map<string, SiteConfig> } | { problems: string[] } {
  if (raw === undefined || raw.trim() === '') return { sites: new Map() };
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

/** One site's settings checked by the schema `LB_SITES` uses: the site, or every mistake as `path: message`. */
export function parseSite(json: unknown): { site: SiteConfig } | { problems: string[] } {
  const parsed = v.safeParse(SiteSchema, json);
  if (!parsed.success) return { problems: formatIssues(parsed.issues, 20).split('; ') };
  return { site: parsed.output };
}

let cached: { raw: string | undefined; sites: Map<string, SiteConfig> } | undefined;

/**
 * The seed sites of `LB_SITES`, parsed once per isolate. Requests reach this only after the
 * configuration check (config-check.ts) passed, so a broken value here is a programming error.
 * Requests read sites through storage/sites.ts, which adds the sites stored at run time.
 */
export function seedSites(env: Pick<Env, 'LB_SITES'>): Map<string, SiteConfig> {
  if (cached && cached.raw === env.LB_SITES) return cached.sites;
  const parsed = parseSites(env.LB_SITES);
  if ('problems' in parsed) throw new Error(`LB_SITES: ${parsed.problems.join('; ')}`);
  cached = { raw: env.LB_SITES, sites: parsed.sites };
  return parsed.sites;
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

/** Browser events one lead stores per UTC day when `LB_LEAD_DAILY_EVENTS` is unset. */
export const DEFAULT_LEAD_DAILY_EVENTS = 5000;
/** The largest `LB_LEAD_DAILY_EVENTS` accepted (a day of one event every 2 seconds is 43,200). */
export const MAX_LEAD_DAILY_EVENTS = 1_000_000;

/** `LB_LEAD_DAILY_EVENTS` read (a whole number from 1; checked by config-check.ts), or the default. */
export function leadDailyEvents(env: Pick<Env, 'LB_LEAD_DAILY_EVENTS'>): number {
  const raw = env.LB_LEAD_DAILY_EVENTS?.trim();
  if (raw === undefined || !/^\d+$/.test(raw)) return DEFAULT_LEAD_DAILY_EVENTS;
  const n = Number(raw);
  return n >= 1 && n <= MAX_LEAD_DAILY_EVENTS ? n : DEFAULT_LEAD_DAILY_EVENTS;
}

/** Days of raw browser behaviour a lead keeps when `LB_RETENTION_DAYS` is unset: a year and a month. */
export const DEFAULT_RETENTION_DAYS = 395;
/**
 * The shortest `LB_RETENTION_DAYS` accepted. A beacon's events are at most 7 days old when they
 * arrive (`MAX_EVENT_AGE_MS`) and the ingest queue retries for minutes: a horizon of 30 days never
 * cuts into events still on their way.
 */
export const MIN_RETENTION_DAYS = 30;
/** The longest `LB_RETENTION_DAYS` accepted (ten years; `off` keeps everything). */
export const MAX_RETENTION_DAYS = 3650;

/**
 * `LB_RETENTION_DAYS` read: the days of raw browser behaviour a lead keeps before it is compacted
 * into the lead's base snapshot (see src/durable/retention.ts), or null for `off` (keep every
 * event). Unset or unreadable (config-check.ts refuses it): the default.
 */
export function retentionDays(env: Pick<Env, 'LB_RETENTION_DAYS'>): number | null {
  const raw = env.LB_RETENTION_DAYS?.trim();
  if (raw === 'off') return null;
  if (raw === undefined || !/^\d+$/.test(raw)) return DEFAULT_RETENTION_DAYS;
  const n = Number(raw);
  return n >= MIN_RETENTION_DAYS && n <= MAX_RETENTION_DAYS ? n : DEFAULT_RETENTION_DAYS;
}
