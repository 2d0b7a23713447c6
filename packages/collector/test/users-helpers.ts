import { env } from 'cloudflare:workers';
import type { Role } from '../src/auth/principal';
import { BASE, dash, post } from './dashboard-helpers';
import { api, uid } from './helpers';

export type TestUser = {
  id: string;
  email: string;
  name: string;
  role: Role;
  password: string;
  cookie: string;
};

/** The `lb_session=…` of a response that set one. */
export function cookieOf(res: Response): string {
  const value = /^lb_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
  if (!value) throw new Error(`no session cookie (status ${res.status})`);
  return `lb_session=${value}`;
}

/** Invites a user through the API (as an admin token bootstraps the first admin); the link's token. */
export async function invite(fields: {
  email: string;
  name: string;
  role: Role;
  sites?: string[];
}): Promise<{ id: string; link: string; token: string }> {
  const res = await api('/api/users', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(fields),
  });
  if (res.status !== 201) throw new Error(`invite: ${res.status} ${await res.text()}`);
  const { user, link } = (await res.json()) as { user: { id: string }; link: string };
  return { id: user.id, link, token: link.split('/').pop() ?? '' };
}

/** Sets the password through a sign-in link, as the invited person does in the browser. */
export function choosePassword(token: string, password: string, repeat = password): Promise<Response> {
  return post(`/dashboard/invite/${token}`, { username: '', password, repeat }, { token: null });
}

/** Signs in with e-mail and password through the login form. */
export function signIn(
  email: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  return post('/dashboard/login', { email, password }, { token: null, headers });
}

/** A user of `role`, invited, with a password, signed in. */
export async function userWithRole(role: Role, extra: { sites?: string[] } = {}): Promise<TestUser> {
  const email = `${uid(role)}@team.example`.toLowerCase();
  const name = `${role[0]?.toUpperCase()}${role.slice(1)} ${uid('n').slice(-4)}`;
  const password = `correct horse ${uid('pw')}`;
  const { id, token } = await invite({ email, name, role, ...extra });
  const res = await choosePassword(token, password);
  if (res.status !== 303) throw new Error(`choosing a password: ${res.status} ${await res.text()}`);
  return { id, email, name, role, password, cookie: cookieOf(res) };
}

/** A dashboard request as a signed-in user. */
export function as(user: { cookie: string }, path: string, init: RequestInit = {}) {
  return dash(path, {
    ...init,
    token: null,
    headers: { ...Object.fromEntries(new Headers(init.headers)), cookie: user.cookie },
  });
}

/** A form post as a signed-in user. */
export function postAs(
  user: { cookie: string },
  path: string,
  fields: Record<string, string | string[]> = {},
) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields))
    for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
  return dash(path, { method: 'POST', body, token: null, headers: { cookie: user.cookie, origin: BASE } });
}

/** The action log's rows, newest first. */
export async function actionRows(where = '1 = 1', ...binds: unknown[]) {
  const { results } = await env.DB.prepare(
    `SELECT actor_kind, actor_id, actor_name, action, target, lead_id, detail FROM action_log WHERE ${where} ORDER BY id DESC`,
  )
    .bind(...binds)
    .all<Record<string, unknown>>();
  return results;
}
