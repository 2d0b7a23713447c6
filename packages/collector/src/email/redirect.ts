import { siteConfigs } from '../storage/sites';

/**
 * The origins `LB_REDIRECT_HOSTS` allows, or the entry that is not one. An entry is a host
 * (`offers.example.com`: https on the default port), a host and port (`offers.example.com:8443`:
 * https on that port), or an https origin (`https://offers.example.com:8443`). Either way it names
 * one scheme, one host and one port: a redirect to any other port of the host is refused.
 */
export function parseRedirectHosts(raw: string | undefined): { origins: Set<string> } | { bad: string } {
  const origins = new Set<string>();
  for (const entry of (raw ?? '').split(',')) {
    const trimmed = entry.trim();
    if (!trimmed) continue;
    const candidate =
      /^[a-z][a-z0-9+.-]*:/i.test(trimmed) && trimmed.includes('//') ? trimmed : `https://${trimmed}`;
    const url = URL.canParse(candidate) ? new URL(candidate) : null;
    // An origin and nothing more: no path, query, credentials, wildcard or other scheme.
    const plain =
      url !== null &&
      url.protocol === 'https:' &&
      !url.username &&
      !url.password &&
      url.pathname === '/' &&
      !url.search &&
      !url.hash &&
      !candidate.endsWith('?') &&
      !candidate.endsWith('#') &&
      /^([a-z0-9-]+\.)*[a-z0-9-]+$|^\[[0-9a-f:.]+\]$/.test(url.hostname);
    if (!url || !plain) return { bad: trimmed };
    origins.add(url.origin);
  }
  return { origins };
}

const cache = new Map<string, Set<string>>();

function redirectOrigins(raw: string | undefined): Set<string> {
  const key = raw ?? '';
  let origins = cache.get(key);
  if (!origins) {
    const parsed = parseRedirectHosts(raw);
    // The configuration check refuses a bad entry before any request gets here (config-check.ts).
    origins = 'origins' in parsed ? parsed.origins : new Set();
    cache.set(key, origins);
  }
  return origins;
}

/**
 * Where a click redirect may send people: the origins of the configured sites plus those in
 * `LB_REDIRECT_HOSTS`, compared as whole origins (scheme, host and port). Anything else is refused,
 * so the collector is never an open redirect.
 */
export async function isAllowedRedirect(
  env: Pick<Env, 'DB' | 'LB_SITES' | 'LB_REDIRECT_HOSTS'>,
  raw: string,
): Promise<URL | null> {
  if (raw.length > 2048 || !URL.canParse(raw)) return null;
  const url = new URL(raw);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.username || url.password) return null;
  for (const site of (await siteConfigs(env)).values()) if (site.origins.includes(url.origin)) return url;
  return redirectOrigins(env.LB_REDIRECT_HOSTS).has(url.origin) ? url : null;
}
