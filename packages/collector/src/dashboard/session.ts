import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../app-env';
import { authenticate, type Principal, type Scope } from '../auth/tokens';

/** The session cookie: the API token itself, readable by no script (HttpOnly) and sent by no other site (SameSite). */
export const SESSION_COOKIE = 'lb_session';

/** How long a login lasts: a working day and a half, then the token is asked for again. */
export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

/** Dashboard paths that answer without a session: everything else redirects to the login page. */
const PUBLIC_PATHS = new Set(['/dashboard/login', '/dashboard/app.css']);

const RANK: Record<Scope, number> = { read: 1, write: 2, admin: 3 };

/** Whether the logged-in token may do what needs `scope` (admin ⊃ write ⊃ read). */
export function hasScope(principal: Principal | undefined, scope: Scope): boolean {
  return principal !== undefined && RANK[principal.scope] >= RANK[scope];
}

export function startSession(c: Context<AppEnv>, token: string): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Strict',
    path: '/dashboard',
    // Only over https: a plain-http development collector (wrangler dev) could not set it otherwise.
    secure: new URL(c.req.url).protocol === 'https:',
    maxAge: SESSION_MAX_AGE_SECONDS,
  });
}

export function endSession(c: Context<AppEnv>): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/dashboard', secure: new URL(c.req.url).protocol === 'https:' });
}

/**
 * Every dashboard page but the public ones needs a session whose token still authenticates with
 * at least `read` (a token removed from `LB_API_TOKENS` ends its sessions at once). Without one,
 * the browser is sent to the login page, which returns it here afterwards.
 */
export function requireSession() {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (PUBLIC_PATHS.has(c.req.path)) return next();
    const token = getCookie(c, SESSION_COOKIE);
    const outcome = await authenticate(c.env, token, 'read');
    if (!outcome.ok) {
      if (token !== undefined) endSession(c);
      const back = c.req.method === 'GET' ? `?next=${encodeURIComponent(pathAndQuery(c.req.url))}` : '';
      return c.redirect(`/dashboard/login${back}`, 303);
    }
    c.set('principal', outcome.principal);
    await next();
  });
}

/** Refuses (403) a write the logged-in token's scope does not allow; the pages hide such buttons too. */
export function requireDashboardScope(scope: Scope) {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (!hasScope(c.get('principal'), scope)) {
      throw new HTTPException(403, { message: `This needs a token with the ${scope} scope.` });
    }
    await next();
  });
}

/** A `next` target after login: only a dashboard path of this site, never another origin. */
export function safeNext(raw: unknown): string {
  if (typeof raw !== 'string' || raw.length > 2000) return '/dashboard';
  return /^\/dashboard(?:[/?][^\\\s]*)?$/.test(raw) ? raw : '/dashboard';
}

function pathAndQuery(url: string): string {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
}
