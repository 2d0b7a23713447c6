import { Hono } from 'hono';
import type { AppEnv } from '../../app-env';
import { clearFailures, recordFailure, throttledUntil, throttleKeys } from '../../auth/login-throttle';
import { authenticate, tokenCredential } from '../../auth/tokens';
import { field, readForm } from '../form';
import { LoginPage } from '../pages/login-page';
import { render } from '../render';
import { endSession, safeNext, startSession } from '../session';

export const sessionPages = new Hono<AppEnv>();

/** GET /dashboard/login */
sessionPages.get('/login', (c) => render(c, <LoginPage next={safeNext(c.req.query('next'))} />));

/**
 * POST /dashboard/login: the token is checked exactly like a bearer token (hashed, compared with
 * every configured token in constant time) and must have at least the read scope; the session
 * cookie then carries a new random session id. Failed logins are throttled per client address and
 * per account (storage in auth/login-throttle.ts). Every attempt does the same work whatever its
 * fate: the token is always hashed and compared, the throttle always read, and every failure
 * counted, so neither the answer nor its time tells an unknown token from a wrong one.
 */
sessionPages.post('/login', async (c) => {
  const body = await readForm(c);
  const token = field(body, 'token')?.trim() ?? '';
  const next = safeNext(field(body, 'next'));
  if (token === '' || token.length > 512) {
    return render(c, <LoginPage next={next} error="Enter an API token." />, 400);
  }
  const now = Date.now();
  const keys = await throttleKeys(c.req.header('cf-connecting-ip'), token, c.env.LB_SIGNING_KEY ?? '');
  const [until, outcome] = await Promise.all([
    throttledUntil(c.env.DB, keys, now),
    authenticate(c.env, token, 'read'),
  ]);
  if (until !== null) {
    const minutes = Math.max(1, Math.ceil((until - now) / 60_000));
    c.header('Retry-After', String(Math.ceil((until - now) / 1000)));
    const error = `Too many failed logins. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
    return render(c, <LoginPage next={next} error={error} />, 429);
  }
  if (!outcome.ok) {
    await recordFailure(c.env.DB, keys, now);
    const error = outcome.status === 401 ? `Login failed: ${outcome.message}.` : outcome.message;
    return render(c, <LoginPage next={next} error={error} />, outcome.status);
  }
  await clearFailures(c.env.DB, keys, now);
  await startSession(c, outcome.principal.name, await tokenCredential(token));
  return c.redirect(next, 303);
});

/** POST /dashboard/logout: the session is deleted, not only forgotten by this browser. */
sessionPages.post('/logout', async (c) => {
  await endSession(c);
  return c.redirect('/dashboard/login', 303);
});
