import { Hono } from 'hono';
import type { AppEnv } from '../../app-env';
import { authenticate } from '../../auth/tokens';
import { field, readForm } from '../form';
import { LoginPage } from '../pages/login-page';
import { render } from '../render';
import { endSession, safeNext, startSession } from '../session';

export const sessionPages = new Hono<AppEnv>();

/** GET /dashboard/login */
sessionPages.get('/login', (c) => render(c, <LoginPage next={safeNext(c.req.query('next'))} />));

/**
 * POST /dashboard/login: the token is checked exactly like a bearer token (hashed, constant time)
 * and must have at least the read scope; the session cookie then carries it.
 */
sessionPages.post('/login', async (c) => {
  const body = await readForm(c);
  const token = field(body, 'token')?.trim() ?? '';
  const next = safeNext(field(body, 'next'));
  if (token === '' || token.length > 512) {
    return render(c, <LoginPage next={next} error="Enter an API token." />, 400);
  }
  const outcome = await authenticate(c.env, token, 'read');
  if (!outcome.ok) {
    const error = outcome.status === 401 ? `Login failed: ${outcome.message}.` : outcome.message;
    return render(c, <LoginPage next={next} error={error} />, outcome.status);
  }
  startSession(c, token);
  return c.redirect(next, 303);
});

/** POST /dashboard/logout */
sessionPages.post('/logout', (c) => {
  endSession(c);
  return c.redirect('/dashboard/login', 303);
});
