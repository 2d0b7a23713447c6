import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env';

/**
 * Scripts only from the dashboard itself (one: the local-time enhancement, scripts.ts; never an
 * inline script, so lead data that escaped the templating would still not run), styles only from
 * its own stylesheet, forms only to this origin, never framed.
 */
export const DASHBOARD_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** Security headers on every dashboard response; pages (lead data) are never stored by caches. */
export function securityHeaders() {
  return createMiddleware<AppEnv>(async (c, next) => {
    await next();
    const h = c.res.headers;
    h.set('Content-Security-Policy', DASHBOARD_CSP);
    h.set('X-Content-Type-Options', 'nosniff');
    h.set('X-Frame-Options', 'DENY');
    // Links to visited pages leave no dashboard URL (with lead ids, or an invitation link's token)
    // behind at the other end. Not `no-referrer`: browsers then send `Origin: null` with a form,
    // which the same-origin check must refuse.
    h.set('Referrer-Policy', 'same-origin');
    if (!h.has('Cache-Control')) h.set('Cache-Control', 'no-store');
  });
}
