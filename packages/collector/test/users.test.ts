import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { PER_ACCOUNT } from '../src/auth/login-throttle';
import { ITERATIONS, PASSWORD_MIN } from '../src/auth/password';
import { dash, elements, hotHistory, post, seedLead, texts } from './dashboard-helpers';
import { api, uid } from './helpers';
import {
  actionRows,
  as,
  choosePassword,
  cookieOf,
  invite,
  postAs,
  signIn,
  userWithRole,
} from './users-helpers';

const userRow = (id: string) =>
  env.DB.prepare('SELECT * FROM users WHERE id = ?1').bind(id).first<Record<string, unknown>>();

describe('named users', () => {
  it('bootstrap: an admin token invites the first admin, who sets a password through the one-time link', async () => {
    const email = `${uid('first')}@team.example`.toLowerCase();
    const { id, link, token } = await invite({ email, name: 'Grace Hopper', role: 'admin' });
    expect(link).toBe(`https://leads.example.test/dashboard/invite/${token}`);
    // Only the link's hash is stored; no password yet.
    const stored = JSON.stringify(await userRow(id));
    expect(stored).not.toContain(token);
    expect(await userRow(id)).toMatchObject({ password_hash: null, role: 'admin' });

    const page = await dash(`/dashboard/invite/${token}`, { token: null });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(await texts(html, 'h1')).toEqual(['Welcome, Grace Hopper']);
    expect(await texts(html, 'label')).toEqual(['New password', 'The same password again']);

    // A short password or two different ones are refused at their field; the link still works.
    const short = await choosePassword(token, 'short');
    expect(short.status).toBe(400);
    expect(await texts(await short.text(), '.field-error')).toEqual([
      `Use at least ${PASSWORD_MIN} characters.`,
    ]);
    const differ = await choosePassword(token, 'a long enough passphrase', 'another passphrase');
    expect(differ.status).toBe(400);
    expect(await texts(await differ.text(), '#repeat-error')).toEqual(['The two passwords differ.']);

    const password = 'a long enough passphrase';
    const done = await choosePassword(token, password);
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/dashboard');
    const cookie = cookieOf(done);
    const home = await dash('/dashboard', { token: null, headers: { cookie } });
    expect(home.status).toBe(200);
    expect(await texts(await home.text(), '.who span')).toEqual(['Grace Hopper (admin)']);

    // The password is stored as PBKDF2-SHA256 with 600,000 iterations, never as typed.
    const row = await userRow(id);
    expect(String(row?.password_hash)).toMatch(
      new RegExp(`^pbkdf2-sha256\\$${ITERATIONS}\\$[\\w-]{22}\\$[\\w-]{43}$`),
    );
    expect(JSON.stringify(row)).not.toContain(password);
    expect(row?.invite_hash).toBeNull();
    // The link is used up.
    expect((await dash(`/dashboard/invite/${token}`, { token: null })).status).toBe(404);
    expect((await choosePassword(token, 'yet another passphrase')).status).toBe(404);
  });

  it('sign in with e-mail and password; a wrong password, an unknown address and a disabled user get the same answer', async () => {
    const ada = await userWithRole('sales');
    const ok = await signIn(ada.email.toUpperCase(), ada.password);
    expect(ok.status).toBe(303);
    expect((await dash('/dashboard', { token: null, headers: { cookie: cookieOf(ok) } })).status).toBe(200);
    const wrong = await signIn(ada.email, `${ada.password}!`);
    const unknown = await signIn(`nobody-${ada.email}`, ada.password);
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const message = await texts(await wrong.text(), '[role="alert"] p');
    expect(message).toEqual([
      'Sign-in failed: the e-mail address or the password is wrong, or the account is disabled.',
    ]);
    expect(await texts(await unknown.text(), '[role="alert"] p')).toEqual(message);
    expect(wrong.headers.get('set-cookie')).toBeNull();
  });

  it(`throttles failed sign-ins per account after ${PER_ACCOUNT.failures}, even for the right password`, async () => {
    const bob = await userWithRole('sales');
    for (let i = 0; i < PER_ACCOUNT.failures; i++) {
      expect(
        (await signIn(bob.email, `guess ${i} of many`, { 'cf-connecting-ip': `198.18.0.${i + 1}` })).status,
      ).toBe(401);
    }
    const blocked = await signIn(bob.email, bob.password, { 'cf-connecting-ip': '198.18.0.99' });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another account signs in as usual.
    const carol = await userWithRole('sales');
    expect((await signIn(carol.email, carol.password, { 'cf-connecting-ip': '198.18.0.99' })).status).toBe(
      303,
    );
  });

  it('roles decide what each may do, on the page and on the server, and a role change applies at once', async () => {
    const sales = await userWithRole('sales');
    const marketer = await userWithRole('marketer');
    const admin = await userWithRole('admin');
    const leadId = await seedLead(
      `${uid('lead')}@buyer.example`,
      hotHistory('x@buyer.example', { name: 'X' }),
    );
    const nav = async (u: { cookie: string }) =>
      texts(await (await as(u, '/dashboard')).text(), 'nav[aria-label="Main"] a');
    expect(await nav(sales)).toEqual(['Leads', 'Companies', 'Model']);
    expect(await nav(marketer)).toEqual(['Leads', 'Companies', 'Model', 'Notifications', 'Sites']);
    expect(await nav(admin)).toEqual([
      'Leads',
      'Companies',
      'Model',
      'Notifications',
      'Sites',
      'Users',
      'Action log',
    ]);

    // Sales: sales actions yes; model, sites, users no.
    expect((await postAs(sales, `/dashboard/leads/${leadId}/reject`, { reason: 'not now' })).status).toBe(
      303,
    );
    expect((await postAs(sales, '/dashboard/model/versions/0/preview')).status).toBe(403);
    expect((await as(sales, '/dashboard/sites')).status).toBe(403);
    expect((await as(sales, '/dashboard/users')).status).toBe(403);
    expect((await as(sales, '/dashboard/log')).status).toBe(403);
    // Marketer: model and sites yes; sales actions and users no.
    expect((await postAs(marketer, '/dashboard/model/versions/0/preview')).status).toBe(303);
    expect((await as(marketer, '/dashboard/sites')).status).toBe(200);
    const refused = await postAs(marketer, `/dashboard/leads/${leadId}/accept`);
    expect(refused.status).toBe(403);
    expect(await texts(await refused.text(), '[role="alert"]')).toEqual([
      'Your role (marketer) does not allow this.',
    ]);
    expect((await as(marketer, '/dashboard/users')).status).toBe(403);
    const leadPage = await (await as(marketer, `/dashboard/leads/${leadId}`)).text();
    expect(leadPage).not.toMatch(/action="[^"]*\/accept"/);
    // Admin: everything.
    expect((await postAs(admin, `/dashboard/leads/${leadId}/accept`)).status).toBe(303);
    expect((await as(admin, '/dashboard/users')).status).toBe(200);

    // The admin makes the salesperson a marketer: the open session follows at once.
    const changed = await postAs(admin, `/dashboard/users/${sales.id}`, {
      name: sales.name,
      role: 'marketer',
    });
    expect(changed.status).toBe(303);
    expect(await nav(sales)).toEqual(['Leads', 'Companies', 'Model', 'Notifications', 'Sites']);
  });

  it('disabling a user ends their sessions at once and refuses their sign-in', async () => {
    const admin = await userWithRole('admin');
    const dave = await userWithRole('sales');
    expect((await as(dave, '/dashboard')).status).toBe(200);
    expect((await postAs(admin, `/dashboard/users/${dave.id}/disable`)).status).toBe(303);
    const after = await as(dave, '/dashboard');
    expect(after.status).toBe(303);
    expect(after.headers.get('location')).toBe('/dashboard/login?next=%2Fdashboard');
    expect((await signIn(dave.email, dave.password)).status).toBe(401);
    expect(
      await env.DB.prepare("SELECT COUNT(*) AS n FROM sessions WHERE subject_kind = 'user' AND subject = ?1")
        .bind(dave.id)
        .first(),
    ).toEqual({ n: 0 });
    // An admin cannot disable themselves.
    expect((await postAs(admin, `/dashboard/users/${admin.id}/disable`)).status).toBe(409);
    // Enabled again, the old password works.
    expect((await postAs(admin, `/dashboard/users/${dave.id}/enable`)).status).toBe(303);
    expect((await signIn(dave.email, dave.password)).status).toBe(303);
  });

  it('a password reset link sets a new password and ends the sessions opened with the old one', async () => {
    const admin = await userWithRole('admin');
    const erin = await userWithRole('sales');
    const res = await postAs(admin, `/dashboard/users/${erin.id}/link`);
    expect(res.status).toBe(200);
    const [input] = await elements(await res.text(), '#fresh-link');
    const token = input?.attrs.value?.split('/').pop() ?? '';
    expect(token).toMatch(/^[\w-]{43}$/);
    expect((await as(erin, '/dashboard')).status).toBe(200);
    const done = await choosePassword(token, 'a brand new passphrase');
    expect(done.status).toBe(303);
    expect((await as(erin, '/dashboard')).status).toBe(303);
    expect((await signIn(erin.email, erin.password)).status).toBe(401);
    expect((await signIn(erin.email, 'a brand new passphrase')).status).toBe(303);
  });

  it('logout deletes the session: the same cookie replayed opens nothing', async () => {
    const fay = await userWithRole('sales');
    expect((await postAs(fay, '/dashboard/logout')).status).toBe(303);
    expect((await as(fay, '/dashboard')).status).toBe(303);
  });

  it('refuses a bad invitation naming the field, a second user with the same address, and demoting the last admin', async () => {
    const bad = await api('/api/users', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'not-an-address', name: '', role: 'boss' }),
    });
    expect(bad.status).toBe(400);
    const { error } = (await bad.json()) as { error: string };
    expect(error).toMatch(/email: expected an e-mail address/);
    expect(error).toMatch(/name: enter a name/);
    expect(error).toMatch(/role: expected one of admin, marketer, sales/);
    const sites = await api('/api/users', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: `${uid('s')}@team.example`,
        name: 'S',
        role: 'sales',
        sites: ['nowhere'],
      }),
    });
    expect(((await sites.json()) as { error: string }).error).toBe('sites: unknown site "nowhere"');

    const admin = await userWithRole('admin');
    const again = await postAs(admin, '/dashboard/users', {
      name: 'Twin',
      email: admin.email,
      role: 'sales',
    });
    expect(again.status).toBe(409);
    expect(await texts(await again.text(), '#email-error')).toEqual([
      `a user with ${admin.email} exists already`,
    ]);
    const form = await postAs(admin, '/dashboard/users', { name: '', email: 'nope', role: 'sales' });
    expect(form.status).toBe(400);
    const page = await form.text();
    expect(await texts(page, '#name-error')).toEqual(['enter a name']);
    expect(await texts(page, '#email-error')).toEqual(['expected an e-mail address']);
    expect(page).toMatch(/id="email"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="email"/);

    // Every other admin disabled, this one cannot stop being admin.
    const { results } = await env.DB.prepare("SELECT id FROM users WHERE role = 'admin' AND id != ?1")
      .bind(admin.id)
      .all<{ id: string }>();
    await env.DB.prepare(
      `UPDATE users SET disabled_at = 1 WHERE id IN (${results.map((r) => `'${r.id}'`).join(',') || "''"})`,
    ).run();
    const demote = await postAs(admin, `/dashboard/users/${admin.id}`, { name: admin.name, role: 'sales' });
    expect(demote.status).toBe(409);
    expect(await texts(await demote.text(), '#role-error')).toEqual([
      'this is the only active admin; make someone else admin first',
    ]);
  });

  it('the action log says who did what', async () => {
    const admin = await userWithRole('admin');
    const gus = await userWithRole('sales');
    await postAs(admin, `/dashboard/users/${gus.id}`, { name: gus.name, role: 'marketer' });
    const rows = await actionRows('target = ?1', gus.id);
    expect(rows.map((r) => [r.actor_kind, r.actor_name, r.action])).toEqual([
      ['user', admin.name, 'user.update'],
      ['user', gus.name, 'user.activate'],
      ['token', 'development (token)', 'user.invite'],
    ]);
    expect(rows[0]?.detail).toBe(`${gus.email}: role sales → marketer`);
    const page = await (await as(admin, '/dashboard/log?action=user.')).text();
    expect(await texts(page, 'h1')).toEqual(['Action log']);
    expect(
      (await texts(page, 'tbody tr')).some((t) => t.includes(admin.name) && t.includes('changed a user')),
    ).toBe(true);
    const viaApi = (await (await api('/api/actions?action=user.&limit=5')).json()) as {
      actions: { id: number; action: string }[];
      next: number | null;
    };
    expect(viaApi.actions).toHaveLength(5);
    expect(viaApi.actions.every((a) => a.action.startsWith('user.'))).toBe(true);
    // The next page starts below the last entry of this one.
    const older = (await (await api(`/api/actions?action=user.&limit=5&before=${viaApi.next}`)).json()) as {
      actions: { id: number }[];
    };
    expect(Math.max(...older.actions.map((a) => a.id))).toBeLessThan(
      Math.min(...viaApi.actions.map((a) => a.id)),
    );
    for (const bad of ['action=nope', 'limit=0', 'before=x', 'lead=abc']) {
      expect((await api(`/api/actions?${bad}`)).status, bad).toBe(400);
    }
  });

  it('lists users through the API without hashes or links', async () => {
    const hal = await userWithRole('marketer');
    const { users } = (await (await api('/api/users')).json()) as { users: Record<string, unknown>[] };
    const mine = users.find((u) => u.id === hal.id);
    expect(mine).toMatchObject({
      email: hal.email,
      name: hal.name,
      role: 'marketer',
      status: 'active',
      sites: null,
    });
    expect(JSON.stringify(users)).not.toMatch(/pbkdf2|invite_hash|session_key|password/);
    expect((await api('/api/users', { token: null })).status).toBe(401);
  });

  it('token sign-in stays for operators', async () => {
    const res = await post('/dashboard/login', { token: 'lb_dev_admin_token' }, { token: null });
    expect(res.status).toBe(303);
    const page = await (await dash('/dashboard/login', { token: null })).text();
    expect(page).not.toContain('pnpm run token');
    expect(await texts(page, 'label')).toEqual(['E-mail address', 'Password', 'API token']);
  });
});
