import { Hono } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../../app-env';
import { clearFailures, recordFailure, throttledUntil, throttleKeys } from '../../auth/login-throttle';
import { authenticate, tokenCredential } from '../../auth/tokens';
import { formState, optionalText, parseForm, text } from '../form';
import { LoginPage } from '../pages/login-page';
import { render } from '../render';
import { endSession, safeNext, startSession } from '../session';

export const sessionPages = new Hono<AppEnv>();

/** The login form: the token (as typed, kept only to show the form again) and where to go next. */
const LoginForm = v.object({
  token: text({ max: 512, requiredMessage: 'Enter an API token.' }),
  next: optionalText(2000),
});

/** GET /dashboard/login */
sessionPages.get('/login', (c) =>
  render(c, <LoginPage next={safeNext(c.req.query('next'))} form={formState()} />),
);

/**
 * POST /dashboard/login: the token is checked exactly like a bearer token (hashed, compared with
 * every configured token in constant time) and must have at least the read scope; the session
 * cookie then carries a new random session id. Failed logins are throttled per client address and
 * per account (storage in auth/login-throttle.ts). Every attempt does the same work whatever its
 * fate: the token is always hashed and compared, the throttle always read, and every failure
 * counted, so neither the answer nor its time tells an unknown token from a wrong one.
 */
sessionPages.post('/login', async (c) => {
  const parsed = await parseForm(c, LoginForm);
  const next = safeNext(parsed.values.next);
  // The token is never sent back into the page, whatever happens.
  const { token: _typed, ...shown } = parsed.values;
  if (!parsed.ok) return render(c, <LoginPage next={next} form={formState(shown, parsed.errors)} />, 400);
  const token = parsed.value.token;
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
    return render(c, <LoginPage next={next} form={formState(shown)} error={error} />, 429);
  }
  if (!outcome.ok) {
    await recordFailure(c.env.DB, keys, now);
    const error = outcome.status === 401 ? `Login failed: ${outcome.message}.` : outcome.message;
    return render(c, <LoginPage next={next} form={formState(shown)} error={error} />, outcome.status);
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
