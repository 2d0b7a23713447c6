import { createMiddleware } from 'hono/factory';
import type { AppEnv } from './app-env';
import { malformedTokenEntries } from './auth/tokens';
import {
  DEFAULT_LEAD_DAILY_EVENTS,
  DEFAULT_RETENTION_DAYS,
  isDevelopment,
  MAX_LEAD_DAILY_EVENTS,
  MAX_RETENTION_DAYS,
  MIN_RETENTION_DAYS,
  parseSites,
} from './config';
import { parseRedirectHosts } from './email/redirect';
import { parseNetworkOverrides } from './enrich/network-overrides';
import { parseIdentitySecrets } from './identity/secrets';

/** One mistake in the collector's configuration: the setting (with the path inside it) and how to fix it. */
export type ConfigProblem = { field: string; message: string };

type Check = (env: Env) => ConfigProblem[];

/** The rate limit bindings `LB_RATE_LIMITS` switches: beacons (collect.ts) and e-mail opens and clicks (email.ts). */
const RATE_LIMITERS = ['IP_LIMITER', 'VISITOR_LIMITER', 'EMAIL_TOKEN_LIMITER', 'EMAIL_LEAD_LIMITER'] as const;

const oneOf =
  (field: keyof Env & string, allowed: readonly string[], unsetMeans: string): Check =>
  (env) => {
    const raw = env[field];
    if (raw === undefined || allowed.includes(String(raw))) return [];
    return [
      {
        field,
        message: `expected one of ${allowed.join(', ')} (unset means ${unsetMeans}), got "${String(raw)}"`,
      },
    ];
  };

const seconds =
  (field: keyof Env & string, max: number, unsetMeans: string): Check =>
  (env) => {
    const raw = env[field];
    if (raw === undefined || (/^\d+(\.\d+)?$/.test(String(raw).trim()) && Number(raw) <= max)) return [];
    return [{ field, message: `expected a number of seconds from 0 to ${max} (unset means ${unsetMeans})` }];
  };

/**
 * Every setting of the collector (the table in its README lists the same names; a test keeps them
 * in step) with its check. Secrets are judged without ever printing their value.
 */
export const SETTINGS = {
  LB_ENV: oneOf('LB_ENV', ['production', 'development', 'test'], 'production'),
  LB_SITES: (env) => {
    const parsed = parseSites(env.LB_SITES);
    return 'problems' in parsed ? parsed.problems.map((p) => problemAt('LB_SITES', p)) : [];
  },
  LB_ALLOW_AUTOMATION: oneOf('LB_ALLOW_AUTOMATION', ['true', 'false'], 'false'),
  LB_SIGNING_KEY: (env) =>
    env.LB_SIGNING_KEY !== undefined && env.LB_SIGNING_KEY.length < 32
      ? [
          {
            field: 'LB_SIGNING_KEY',
            message: 'too short: use at least 32 random characters (e.g. `openssl rand -base64 32`)',
          },
        ]
      : [],
  LB_IDENTITY_SECRETS: (env) => {
    const parsed = parseIdentitySecrets(env.LB_IDENTITY_SECRETS);
    return 'problems' in parsed ? parsed.problems.map((p) => problemAt('LB_IDENTITY_SECRETS', p)) : [];
  },
  LB_REDIRECT_HOSTS: (env) => {
    const parsed = parseRedirectHosts(env.LB_REDIRECT_HOSTS);
    return 'bad' in parsed
      ? [
          {
            field: 'LB_REDIRECT_HOSTS',
            message: `"${parsed.bad}" is not a host: list hosts (offers.example.com), host:port or https origins, comma-separated`,
          },
        ]
      : [];
  },
  LB_NETWORK_OVERRIDES: (env) => {
    try {
      parseNetworkOverrides(env.LB_NETWORK_OVERRIDES);
      return [];
    } catch (err) {
      return [
        problemAt(
          'LB_NETWORK_OVERRIDES',
          String((err as Error).message).replace(/^LB_NETWORK_OVERRIDES:? ?/, ''),
        ),
      ];
    }
  },
  LB_INDEX_INTERVAL_SECONDS: seconds('LB_INDEX_INTERVAL_SECONDS', 3600, '10'),
  LB_PUBLIC_URL: (env) => {
    const raw = env.LB_PUBLIC_URL;
    if (raw === undefined) return [];
    const url = URL.canParse(raw) ? new URL(raw) : null;
    const ok =
      url !== null && (url.protocol === 'https:' || url.protocol === 'http:') && !url.search && !url.hash;
    return ok
      ? []
      : [
          {
            field: 'LB_PUBLIC_URL',
            message: 'expected the collector’s public base URL, e.g. https://collector.example.com',
          },
        ];
  },
  LB_RATE_LIMITS: (env) => {
    const problems = oneOf('LB_RATE_LIMITS', ['on', 'off'], 'on')(env);
    if (env.LB_RATE_LIMITS === 'off') return problems;
    // Limits on, but a binding missing (a `ratelimits` entry removed from wrangler.jsonc).
    for (const name of RATE_LIMITERS) {
      if (typeof (env[name] as RateLimit | undefined)?.limit !== 'function') {
        problems.push({
          field: name,
          message:
            'rate limit binding missing: declare it under "ratelimits" in wrangler.jsonc, or set LB_RATE_LIMITS=off',
        });
      }
    }
    return problems;
  },
  LB_DEV_STATS: (env) => {
    const problems = oneOf('LB_DEV_STATS', ['on', 'off'], 'off')(env);
    if (env.LB_DEV_STATS === 'on' && !isDevelopment(env)) {
      problems.push({
        field: 'LB_DEV_STATS',
        message: 'counting store calls is for development only: unset it, or set LB_ENV to development',
      });
    }
    return problems;
  },
  LB_API_TOKENS: (env) =>
    malformedTokenEntries(env.LB_API_TOKENS).map((i) => ({
      field: `LB_API_TOKENS[${i}]`,
      message:
        'malformed entry: expected name:scope:sha256hex (scope read, write or admin); `pnpm run token` prints one',
    })),
  LB_WEBHOOK_RETRY_BASE_SECONDS: seconds('LB_WEBHOOK_RETRY_BASE_SECONDS', 3600, '10'),
  LB_ANONYMOUS_NOTIFY_DELAY_SECONDS: seconds('LB_ANONYMOUS_NOTIFY_DELAY_SECONDS', 600, '10'),
  LB_LEAD_DAILY_EVENTS: (env) => {
    const raw = env.LB_LEAD_DAILY_EVENTS;
    if (raw === undefined) return [];
    const n = /^\d+$/.test(raw.trim()) ? Number(raw) : Number.NaN;
    return n >= 1 && n <= MAX_LEAD_DAILY_EVENTS
      ? []
      : [
          {
            field: 'LB_LEAD_DAILY_EVENTS',
            message: `expected a whole number of events from 1 to ${MAX_LEAD_DAILY_EVENTS} (unset means ${DEFAULT_LEAD_DAILY_EVENTS}), got "${raw}"`,
          },
        ];
  },
  LB_RETENTION_DAYS: (env) => {
    const raw = env.LB_RETENTION_DAYS;
    if (raw === undefined || raw.trim() === 'off') return [];
    const n = /^\d+$/.test(raw.trim()) ? Number(raw) : Number.NaN;
    if (n >= MIN_RETENTION_DAYS && n <= MAX_RETENTION_DAYS) return [];
    // `0` could be read as "keep nothing" or "keep everything": the one way to keep everything is `off`.
    const zero = n === 0 ? ' (to keep every event, say off)' : '';
    return [
      {
        field: 'LB_RETENTION_DAYS',
        message: `expected a whole number of days from ${MIN_RETENTION_DAYS} to ${MAX_RETENTION_DAYS}, or off (unset means ${DEFAULT_RETENTION_DAYS}), got "${raw}"${zero}`,
      },
    ];
  },
} satisfies Record<string, Check>;

export type SettingName = keyof typeof SETTINGS;

/** `LB_SITES: acme.origins[0]: expected …` → field `LB_SITES.acme.origins[0]`, message `expected …`. */
function problemAt(setting: string, text: string): ConfigProblem {
  const m = /^([\w$.[\]-]+): (.*)$/s.exec(text);
  return m?.[1] && m[2] ? { field: `${setting}.${m[1]}`, message: m[2] } : { field: setting, message: text };
}

let cached: { key: string; problems: ConfigProblem[] } | undefined;

/**
 * The configuration's mistakes, empty when it is sound. Checked once per isolate and again
 * whenever a value changes (a deploy brings a new isolate; `wrangler dev` reloads one).
 */
export function checkConfig(env: Env): ConfigProblem[] {
  const names = Object.keys(SETTINGS) as SettingName[];
  const key = JSON.stringify([
    ...names.map((n) => (env as unknown as Record<string, unknown>)[n] ?? null),
    ...RATE_LIMITERS.map((name) => typeof env[name]),
  ]);
  if (cached?.key === key) return cached.problems;
  const problems = names.flatMap((n) => SETTINGS[n](env));
  if (problems.length > 0) {
    console.error(`the collector's configuration is invalid: ${describeProblems(problems)}`);
  }
  cached = { key, problems };
  return problems;
}

export function describeProblems(problems: readonly ConfigProblem[]): string {
  return problems.map((p) => `${p.field}: ${p.message}`).join('; ');
}

/** Paths served even with a broken configuration: the script itself needs none of it. */
const ALWAYS_SERVED = new Set(['/lb.js', '/lb.vitals.js']);

/**
 * Answers `503` to every request while the configuration is broken, naming the fields to fix, so
 * a mistake shows at once and the same way everywhere (`/healthz` included, for uptime checks)
 * instead of as a 500 deep inside one route.
 */
export function configGuard() {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (ALWAYS_SERVED.has(c.req.path)) return next();
    const problems = checkConfig(c.env);
    if (problems.length === 0) return next();
    const body =
      c.req.path === '/healthz'
        ? { ok: false, error: 'configuration invalid', problems }
        : { error: `the collector's configuration is invalid: ${describeProblems(problems)}` };
    return c.json(body, 503, { 'Retry-After': '60', 'Cache-Control': 'no-store' });
  });
}
