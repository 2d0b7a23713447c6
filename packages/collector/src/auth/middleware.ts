import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env';
import { fail } from '../lib/http';
import { addressKeys, recordFailure, throttledUntil, throttleSecret } from './login-throttle';
import { authenticate, type Scope } from './tokens';

/**
 * Requires `Authorization: Bearer <token>` with at least `scope`. Wrong tokens are counted per
 * client address (with failed dashboard sign-ins, auth/login-throttle.ts); past the limit the
 * address gets 429 until its window ends, whatever token it presents, so guessing online stops
 * and a right guess in the locked window tells nothing. Other addresses are not affected. A
 * missing token or one lacking the scope is no guess and is not counted.
 */
export function requireScope(scope: Scope) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const header = c.req.header('authorization');
    const token = (header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null)?.[1];
    const now = Date.now();
    const keys = token ? await addressKeys(c.req.header('cf-connecting-ip'), throttleSecret(c.env)) : [];
    // The throttle read and the token check run at once; the token's verdict is used only when
    // the address is not locked.
    const [until, outcome] = await Promise.all([
      throttledUntil(c.env.DB, keys, now),
      authenticate(c.env, token, scope),
    ]);
    if (until !== null) {
      const seconds = Math.ceil((until - now) / 1000);
      const minutes = Math.max(1, Math.ceil(seconds / 60));
      fail(
        429,
        `too many failed authentications from this address; try again in ${minutes} minute${minutes === 1 ? '' : 's'}`,
        { 'Retry-After': String(seconds) },
      );
    }
    if (!outcome.ok) {
      if (outcome.status === 401 && token) await recordFailure(c.env.DB, keys, now);
      fail(
        outcome.status,
        outcome.message,
        outcome.status === 401 ? { 'WWW-Authenticate': 'Bearer realm="leadbeacon"' } : undefined,
      );
    }
    c.set('principal', outcome.principal);
    await next();
  });
}
