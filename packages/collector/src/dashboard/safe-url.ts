/**
 * The URL if it is an absolute http(s) URL, else null. Lead data (page URLs, traits, link targets)
 * comes from browsers and forms: a `javascript:` or `data:` value must show as text, never become
 * a link. Escaping alone does not stop those schemes inside an `href`.
 */
export function httpUrl(raw: unknown): string | null {
  if (typeof raw !== 'string' || raw.length > 2048 || !URL.canParse(raw)) return null;
  // The parsed form goes into the href, so what is checked is exactly what the browser follows.
  const url = new URL(raw);
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
}

/** Whether an http(s) URL is on one of `origins` (scheme, host and port). */
export function onOrigins(raw: unknown, origins: readonly string[]): boolean {
  const href = httpUrl(raw);
  return href !== null && origins.includes(new URL(href).origin);
}
