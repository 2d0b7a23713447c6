import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../app-env';
import { can, hasScope, type Permission, type Principal, type Scope } from '../auth/principal';
import { principalForCredential } from '../auth/tokens';
import { toBase64Url } from '../lib/base64url';
import { deleteExpiredSessions, deleteSession, findSession, insertSession } from '../storage/sessions';

/**
 * The session cookie: a random session id (never the API token), readable by no script (HttpOnly)
 * and sent by no other site (SameSite). D1 keeps only the id's SHA-256 (storage/sessions.ts).
 */
export const SESSION_COOKIE = 'lb_session';

/** How long a login lasts: a working day and a half, then the token is asked for again. */
export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

/** Dashboard paths that answer without a session: everything else redirects to the login page. */
const PUBLIC_PATHS = new Set(['/dashboard/login', '/dashboard/app.css', '/dashboard/local-time.js']);

/** Invitation and password reset links: the link's token is the credential. */
const INVITE_PATH = /^\/dashboard\/invite\/[^/]+$/;

export { hasScope } from '../auth/principal';

/**
 * Opens a session and sets the cookie: for a token, its name and credential (tokens.ts); for a
 * user, their id and current session key (a new key, at a password change or when the user is
 * disabled, ends the session).
 */
export async function startSession(
  c: Context<AppEnv>,
  s: { kind: 'token' | 'user'; subject: string; credential: string },
): Promise<void> {
  const id = toBase64Url(crypto.getRandomValues(new Uint8Array(32)));
  const now = Date.now();
  await deleteExpiredSessions(c.env.DB, now);
  await insertSession(c.env.DB, {
    idHash: await sessionHash(id),
    kind: s.kind,
    subject: s.subject,
    credential: s.credential,
    now,
    expiresAt: now + SESSION_MAX_AGE_SECONDS * 1000,
  });
  setCookie(c, SESSION_COOKIE, id, {
    httpOnly: true,
    sameSite: 'Strict',
    path: '/dashboard',
    // Only over https: a plain-http development collector (wrangler dev) could not set it otherwise.
    secure: new URL(c.req.url).protocol === 'https:',
    maxAge: SESSION_MAX_AGE_SECONDS,
  });
}

/** Ends the session: its row is deleted (the id is worthless from now on) and the cookie cleared. */
export async function endSession(c: Context<AppEnv>): Promise<void> {
  const id = getCookie(c, SESSION_COOKIE);
  if (id) await deleteSession(c.env.DB, await sessionHash(id));
  clearCookie(c);
}

function clearCookie(c: Context<AppEnv>): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/dashboard', secure: new URL(c.req.url).protocol === 'https:' });
}

/**
 * Every dashboard page but the public ones needs a live session whose token still authenticates
 * (a token removed from `LB_API_TOKENS` ends its sessions at once; its scope is read as configured
 * now). Without one, the browser is sent to the login page, which returns it here afterwards.
 */
export function requireSession() {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (PUBLIC_PATHS.has(c.req.path) || INVITE_PATH.test(c.req.path)) return next();
    const id = getCookie(c, SESSION_COOKIE);
    const session = id ? await sessionPrincipal(c.env, id) : null;
    const principal = session?.principal ?? null;
    if (!principal) {
      if (id !== undefined) clearCookie(c);
      // A session whose token is gone is forgotten on this side too (an unknown id writes nothing).
      if (session?.idHash) await deleteSession(c.env.DB, session.idHash);
      const back = c.req.method === 'GET' ? `?next=${encodeURIComponent(pathAndQuery(c.req.url))}` : '';
      return c.redirect(`/dashboard/login${back}`, 303);
    }
    c.set('principal', principal);
    await next();
  });
}

/** The principal of a live session, with the id's hash when a session row was found at all. */
async function sessionPrincipal(
  env: Env,
  id: string,
): Promise<{ principal: Principal | null; idHash: string | null }> {
  // A session id is 43 base64url characters; anything else (an old cookie that held a token) is no session.
  if (!/^[A-Za-z0-9_-]{43}$/.test(id)) return { principal: null, idHash: null };
  const idHash = await sessionHash(id);
  const row = await findSession(env.DB, idHash, Date.now());
  if (!row) return { principal: null, idHash: null };
  if (row.subject_kind === 'user') {
    // The user as they are now: a disabled user, or a session opened under an earlier session key
    // (the password was set again since), opens nothing; a changed role applies at once.
    const live =
      row.user_id !== null &&
      row.user_disabled_at === null &&
      row.user_session_key !== null &&
      row.user_session_key === row.credential;
    if (!live || !row.user_id || !row.user_email || !row.user_role) return { principal: null, idHash };
    return {
      principal: {
        kind: 'user',
        userId: row.user_id,
        email: row.user_email,
        name: row.user_name || row.user_email,
        role: row.user_role,
      },
      idHash,
    };
  }
  const principal = await principalForCredential(env, row.credential);
  return { principal: principal && principal.name === row.subject ? principal : null, idHash };
}

async function sessionHash(id: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(id)));
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Refuses (403) a write the principal may not make; the pages hide such buttons too. A token needs
 * the scope; a user the role that the scope stands for on the dashboard (`hasScope`).
 */
export function requireDashboardScope(scope: Scope) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const principal = c.get('principal');
    if (!hasScope(principal, scope)) {
      throw new HTTPException(403, {
        message:
          principal?.kind === 'user'
            ? `Your role (${principal.role}) does not allow this.`
            : `This needs a token with the ${scope} scope.`,
      });
    }
    await next();
  });
}

/** Refuses (403) what the principal's role or token scope does not permit (any one of the permissions will do). */
export function requirePermission(permission: Permission, ...or: Permission[]) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const principal = c.get('principal');
    if (![permission, ...or].some((p) => can(principal, p))) {
      throw new HTTPException(403, {
        message:
          principal?.kind === 'user'
            ? `Your role (${principal.role}) does not allow this.`
            : 'This needs a token with the admin scope.',
      });
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
