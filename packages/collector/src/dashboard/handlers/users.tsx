import { type Context, Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../../app-env';
import { actorOf } from '../../storage/action-log';
import { siteConfigs } from '../../storage/sites';
import { getUser, toUser } from '../../storage/users';
import { allUsers, inviteUser, resetLink, setUserDisabled, updateUser } from '../../users/service';
import { type FormBody, field, fieldErrors, fieldValues, readForm } from '../form';
import { type FreshLink, UserPage, UsersPage } from '../pages/users-page';
import { render } from '../render';
import { requirePermission } from '../session';

export const userPages = new Hono<AppEnv>();

userPages.use('/users', requirePermission('users.manage'));
userPages.use('/users/*', requirePermission('users.manage'));

/** Where sign-in links point: the collector's public URL when set, else the address of this request. */
function linkBase(c: Context<AppEnv>): string {
  return c.env.LB_PUBLIC_URL ?? new URL(c.req.url).origin;
}

async function siteIds(env: Env): Promise<string[]> {
  return [...(await siteConfigs(env)).keys()].sort();
}

function formValues(body: FormBody) {
  return {
    name: field(body, 'name') ?? '',
    email: field(body, 'email') ?? '',
    role: field(body, 'role') ?? '',
    sites: fieldValues(body, 'sites'),
  };
}

/** GET /dashboard/users */
userPages.get('/users', async (c) => {
  return render(
    c,
    <UsersPage
      principal={c.get('principal')}
      users={await allUsers(c.env)}
      siteIds={await siteIds(c.env)}
      now={Date.now()}
    />,
  );
});

/**
 * POST /dashboard/users: invites a user. The page answers with the one-time link (never in a URL,
 * so it is not redirected to); a refused form comes back filled in with each problem at its field.
 */
userPages.post('/users', async (c) => {
  const values = formValues(await readForm(c));
  const done = await inviteUser(c.env, values, actorOf(c.get('principal')), linkBase(c));
  const fresh: FreshLink | undefined = done.ok ? { ...done.value, kind: 'invite' } : undefined;
  return render(
    c,
    <UsersPage
      principal={c.get('principal')}
      users={await allUsers(c.env)}
      siteIds={await siteIds(c.env)}
      fresh={fresh}
      errors={done.ok ? undefined : fieldErrors(done.errors)}
      values={done.ok ? undefined : values}
      now={Date.now()}
    />,
    done.ok ? 200 : done.status,
  );
});

async function userOr404(c: Context<AppEnv>) {
  const id = c.req.param('id') ?? '';
  const row = /^[0-9a-f]{32}$/.test(id) ? await getUser(c.env.DB, id) : null;
  if (!row) throw new HTTPException(404, { message: 'There is no such user.' });
  return toUser(row);
}

const NOTICES = {
  saved: 'Saved.',
  disabled: 'Disabled: every session of this user has ended.',
  enabled: 'Enabled.',
};

/** GET /dashboard/users/:id */
userPages.get('/users/:id', async (c) => {
  const user = await userOr404(c);
  const done = c.req.query('done');
  return render(
    c,
    <UserPage
      principal={c.get('principal')}
      user={user}
      siteIds={await siteIds(c.env)}
      notice={done && Object.hasOwn(NOTICES, done) ? NOTICES[done as keyof typeof NOTICES] : undefined}
      now={Date.now()}
    />,
  );
});

/** POST /dashboard/users/:id: name, role, sites. */
userPages.post('/users/:id', async (c) => {
  const user = await userOr404(c);
  const values = formValues(await readForm(c));
  const done = await updateUser(c.env, user.id, values, actorOf(c.get('principal')));
  if (done.ok) return c.redirect(`/dashboard/users/${user.id}?done=saved`, 303);
  return render(
    c,
    <UserPage
      principal={c.get('principal')}
      user={user}
      siteIds={await siteIds(c.env)}
      errors={fieldErrors(done.errors)}
      values={values}
      now={Date.now()}
    />,
    done.status,
  );
});

for (const action of ['disable', 'enable'] as const) {
  userPages.post(`/users/:id/${action}`, async (c) => {
    const user = await userOr404(c);
    const done = await setUserDisabled(c.env, user.id, action === 'disable', actorOf(c.get('principal')));
    if (!done.ok) throw new HTTPException(done.status, { message: capitalise(done.errors.join('; ')) });
    return c.redirect(`/dashboard/users/${user.id}?done=${action}d`, 303);
  });
}

/** POST /dashboard/users/:id/link: a new invitation or password reset link, shown this once. */
userPages.post('/users/:id/link', async (c) => {
  const user = await userOr404(c);
  const done = await resetLink(c.env, user.id, actorOf(c.get('principal')), linkBase(c));
  if (!done.ok) throw new HTTPException(done.status, { message: capitalise(done.errors.join('; ')) });
  return render(
    c,
    <UserPage
      principal={c.get('principal')}
      user={done.value.user}
      siteIds={await siteIds(c.env)}
      fresh={{ ...done.value, kind: user.status === 'invited' ? 'invite' : 'reset' }}
      now={Date.now()}
    />,
  );
});

function capitalise(s: string): string {
  return `${s.charAt(0).toUpperCase()}${s.slice(1)}.`;
}
