import { getSites } from '../config';

/**
 * Where a click redirect may send people: the origins of the configured sites plus the hosts in
 * `LB_REDIRECT_HOSTS`. Anything else is refused, so the collector is never an open redirect.
 */
export function isAllowedRedirect(env: Pick<Env, 'LB_SITES' | 'LB_REDIRECT_HOSTS'>, raw: string): URL | null {
  if (raw.length > 2048 || !URL.canParse(raw)) return null;
  const url = new URL(raw);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.username || url.password) return null;
  for (const site of getSites(env).values()) if (site.origins.includes(url.origin)) return url;
  const hosts = (env.LB_REDIRECT_HOSTS ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  return url.protocol === 'https:' && hosts.includes(url.hostname) ? url : null;
}
