import { createMiddleware } from 'hono/factory';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../app-env';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF defence in depth for every state-changing dashboard request. The session cookie is
 * `SameSite=Strict`, so browsers do not send it cross-site; on top of that a POST must name this
 * origin in `Origin` (every current browser sends it on form posts) or, failing that, in
 * `Referer`. A request with neither, or with `Origin: null`, is refused: an honest browser form
 * always has one of them. Unlike Hono's `csrf()` middleware this checks every content type and
 * falls back to the Referer (OWASP CSRF cheat sheet, "Verifying origin with standard headers").
 */
export function sameOrigin() {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (!SAFE_METHODS.has(c.req.method)) {
      const expected = new URL(c.req.url).origin;
      const origin = c.req.header('origin');
      const referer = c.req.header('referer');
      const source =
        origin !== undefined
          ? origin
          : referer && URL.canParse(referer)
            ? new URL(referer).origin
            : undefined;
      if (source !== expected) {
        throw new HTTPException(403, {
          message: 'This form was not sent from this dashboard (cross-site request refused).',
        });
      }
    }
    await next();
  });
}
