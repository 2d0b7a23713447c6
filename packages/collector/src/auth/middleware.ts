import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env';
import { fail } from '../lib/http';
import { authenticate, type Scope } from './tokens';

/** Requires `Authorization: Bearer <token>` with at least `scope`. */
export function requireScope(scope: Scope) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const header = c.req.header('authorization');
    const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    const outcome = await authenticate(c.env, match?.[1], scope);
    if (!outcome.ok) {
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
