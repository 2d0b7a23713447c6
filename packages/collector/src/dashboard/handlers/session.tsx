import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../app-env';
import {
  clearFailures,
  recordFailure,
  throttledUntil,
  throttleKeys,
  throttleSecret,
  tokenAccount,
  userAccount,
} from '../../auth/login-throttle';
import { authenticate, tokenCredential } from '../../auth/tokens';
import { actorOf, recordAction } from '../../storage/action-log';
import { acceptInvite, checkLogin, invitedUser } from '../../users/service';
import { field, readForm } from '../form';
import { plural } from '../format';
import { InvitePage } from '../pages/invite-page';
import { LoginPage, type LoginPageProps } from '../pages/login-page';
import { render } from '../render';
import { endSession, safeNext, startSession } from '../session';

export const sessionPages = new Hono<AppEnv>();

/** GET /dashboard/login */
sessionPages.get('/login', (c) => render(c, <LoginPage next={safeNext(c.req.query('next'))} />));

/**
 * POST /dashboard/login: a person's e-mail address and password, or an operator's API token (at
 * least the read scope). Failed attempts are throttled per client address and per account (the
 * address, or the token's first characters; auth/login-throttle.ts). Every attempt does the same
 * work whatever its fate: the password or token is always hashed and compared (an unknown address
 * against a decoy hash), the throttle always read, every failure counted, so neither the answer
 * nor its time tells an unknown account from a wrong password.
 */
sessionPages.post('/login', async (c) => {
  const body = await readForm(c);
  const next = safeNext(field(body, 'next'));
  const token = field(body, 'token')?.trim();
  if (token !== undefined) return tokenLogin(c, token, next);
  const email = field(body, 'email')?.trim() ?? '';
  const password = field(body, 'password') ?? '';
  if (email === '' || password === '' || email.length > 254 || password.length > 256) {
    return render(
      c,
      <LoginPage next={next} email={email.slice(0, 254)} error="Enter your e-mail address and password." />,
      400,
    );
  }
  const now = Date.now();
  const keys = await throttleKeys(
    c.req.header('cf-connecting-ip'),
    userAccount(email),
    throttleSecret(c.env),
  );
  const [until, found] = await Promise.all([
    throttledUntil(c.env.DB, keys, now),
    checkLogin(c.env, email, password),
  ]);
  if (until !== null) return throttled(c, until, now, { next, email });
  if (!found) {
    await recordFailure(c.env.DB, keys, now);
    const error = 'Sign-in failed: the e-mail address or the password is wrong, or the account is disabled.';
    return render(c, <LoginPage next={next} email={email} error={error} />, 401);
  }
  await clearFailures(c.env.DB, keys, now);
  await startSession(c, { kind: 'user', subject: found.user.userId, credential: found.sessionKey });
  await recordAction(c.env.DB, {
    actor: actorOf(found.user),
    action: 'user.login',
    target: found.user.userId,
    at: now,
  });
  return c.redirect(next, 303);
});

async function tokenLogin(c: Context<AppEnv>, token: string, next: string) {
  if (token === '' || token.length > 512) {
    return render(c, <LoginPage next={next} error="Enter an API token." />, 400);
  }
  const now = Date.now();
  const keys = await throttleKeys(
    c.req.header('cf-connecting-ip'),
    tokenAccount(token),
    throttleSecret(c.env),
  );
  const [until, outcome] = await Promise.all([
    throttledUntil(c.env.DB, keys, now),
    authenticate(c.env, token, 'read'),
  ]);
  if (until !== null) return throttled(c, until, now, { next });
  if (!outcome.ok) {
    await recordFailure(c.env.DB, keys, now);
    const error = outcome.status === 401 ? `Login failed: ${outcome.message}.` : outcome.message;
    return render(c, <LoginPage next={next} error={error} />, outcome.status);
  }
  await clearFailures(c.env.DB, keys, now);
  await startSession(c, {
    kind: 'token',
    subject: outcome.principal.name,
    credential: await tokenCredential(token),
  });
  return c.redirect(next, 303);
}

/** 429 with `Retry-After` and the minutes to wait, even for the right password or token. */
function throttled(c: Context<AppEnv>, until: number, now: number, form: LoginPageProps) {
  const minutes = Math.max(1, Math.ceil((until - now) / 60_000));
  c.header('Retry-After', String(Math.ceil((until - now) / 1000)));
  const error = `Too many failed logins. Try again in ${plural(minutes, 'minute')}.`;
  return render(c, <LoginPage {...form} error={error} />, 429);
}

/** POST /dashboard/logout: the session is deleted, not only forgotten by this browser. */
sessionPages.post('/logout', async (c) => {
  const principal = c.get('principal');
  await endSession(c);
  if (principal?.kind === 'user') {
    await recordAction(c.env.DB, {
      actor: actorOf(principal),
      action: 'user.logout',
      target: principal.userId,
    });
  }
  return c.redirect('/dashboard/login', 303);
});

/** GET /dashboard/invite/:token: the page an invitation or reset link opens (no session needed). */
sessionPages.get('/invite/:token', async (c) => {
  const user = await invitedUser(c.env, c.req.param('token'));
  return render(c, <InvitePage token={c.req.param('token')} user={user} />, user ? 200 : 404);
});

/**
 * POST /dashboard/invite/:token: sets the password (twice, the same), uses up the link, ends every
 * earlier session of the user and signs them in.
 */
sessionPages.post('/invite/:token', async (c) => {
  const token = c.req.param('token');
  const body = await readForm(c);
  const password = field(body, 'password') ?? '';
  const user = await invitedUser(c.env, token);
  if (!user) return render(c, <InvitePage token={token} user={null} />, 404);
  if (password !== (field(body, 'repeat') ?? '')) {
    return render(
      c,
      <InvitePage token={token} user={user} errors={{ repeat: 'The two passwords differ.' }} />,
      400,
    );
  }
  const done = await acceptInvite(c.env, token, password);
  if (!done.ok) {
    if (done.status === 404) return render(c, <InvitePage token={token} user={null} />, 404);
    const message = done.errors.join('; ').replace(/^password: /, '');
    const sentence = `${message.charAt(0).toUpperCase()}${message.slice(1)}.`;
    return render(c, <InvitePage token={token} user={user} errors={{ password: sentence }} />, 400);
  }
  await startSession(c, { kind: 'user', subject: done.value.user.userId, credential: done.value.sessionKey });
  return c.redirect('/dashboard', 303);
});
