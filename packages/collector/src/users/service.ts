import * as v from 'valibot';
import { DECOY_HASH, hashPassword, needsRehash, passwordProblem, verifyPassword } from '../auth/password';
import { ROLES, type UserPrincipal } from '../auth/principal';
import { SiteId } from '../config';
import { formatIssues } from '../schema/issues';
import { type Actor, recordAction } from '../storage/action-log';
import { siteConfigs } from '../storage/sites';
import {
  getUser,
  insertUser,
  listUsers,
  newLinkToken,
  recordLogin,
  setDisabled,
  setInvite,
  setPassword,
  sha256Hex,
  toUser,
  type User,
  type UserRow,
  updateUserProfile,
  userByEmail,
  userByInvite,
} from '../storage/users';

/**
 * Named users, as the dashboard's users screen and `POST /api/users` manage them. A user is invited
 * (a one-time link, valid for a week, which an admin passes on), sets a password through it, and
 * signs in with e-mail and password. Roles say what each may do (auth/principal.ts). Every change is
 * written to the action log.
 */

type UsersEnv = Pick<Env, 'DB' | 'LB_SITES'>;

export const UserFields = v.object({
  email: v.pipe(
    v.string('expected a string'),
    v.trim(),
    v.toLowerCase(),
    v.maxLength(254, 'at most 254 characters'),
    v.email('expected an e-mail address'),
  ),
  name: v.pipe(
    v.string('expected a string'),
    v.trim(),
    v.minLength(1, 'enter a name'),
    v.maxLength(100, 'at most 100 characters'),
  ),
  role: v.picklist(ROLES, `expected one of ${ROLES.join(', ')}`),
  /** Sites a sales user works; empty or absent = every site. */
  sites: v.optional(
    v.pipe(v.array(SiteId, 'expected an array of site ids'), v.maxLength(100, 'at most 100 sites')),
  ),
});

export type UserInput = v.InferInput<typeof UserFields>;

export type Outcome<T> = { ok: true; value: T } | { ok: false; status: 400 | 404 | 409; errors: string[] };

const fail = <T>(status: 400 | 404 | 409, ...errors: string[]): Outcome<T> => ({ ok: false, status, errors });

async function checkInput(env: UsersEnv, input: unknown) {
  const parsed = v.safeParse(UserFields, input);
  if (!parsed.success) return { errors: formatIssues(parsed.issues, 20).split('; ') };
  const known = await siteConfigs(env);
  const unknown = (parsed.output.sites ?? []).filter((s) => !known.has(s));
  if (unknown.length > 0) return { errors: unknown.map((s) => `sites: unknown site "${s}"`) };
  const sites = parsed.output.sites?.length ? [...new Set(parsed.output.sites)] : null;
  return { value: { ...parsed.output, sites } };
}

/** The link that opens an invitation or reset: `<base>/dashboard/invite/<token>`. */
export function inviteLink(base: string, token: string): string {
  return `${base.replace(/\/$/, '')}/dashboard/invite/${token}`;
}

/** Invites a user: stores them without a password and answers the one-time link (shown once). */
export async function inviteUser(
  env: UsersEnv,
  input: unknown,
  actor: Actor,
  base: string,
): Promise<Outcome<{ user: User; link: string }>> {
  const checked = await checkInput(env, input);
  if (!checked.value) return fail(400, ...checked.errors);
  const u = checked.value;
  if (await userByEmail(env.DB, u.email)) return fail(409, `email: a user with ${u.email} exists already`);
  const now = Date.now();
  const { token, hash } = await newLinkToken();
  const id = await insertUser(env.DB, { ...u, inviteHash: hash, by: actor.name, now });
  await recordAction(env.DB, {
    actor,
    action: 'user.invite',
    target: id,
    detail: `${u.name} <${u.email}> as ${u.role}`,
    at: now,
  });
  const row = await getUser(env.DB, id);
  if (!row) throw new Error('the invited user vanished');
  return { ok: true, value: { user: toUser(row, now), link: inviteLink(base, token) } };
}

/** Changes a user's name, role and sites. The last active admin keeps the admin role. */
export async function updateUser(
  env: UsersEnv,
  id: string,
  input: unknown,
  actor: Actor,
): Promise<Outcome<User>> {
  const row = await getUser(env.DB, id);
  if (!row) return fail(404, 'no such user');
  const checked = await checkInput(env, { ...(input as object), email: row.email });
  if (!checked.value) return fail(400, ...checked.errors);
  const u = checked.value;
  if (row.role === 'admin' && u.role !== 'admin' && (await isLastAdmin(env.DB, row))) {
    return fail(409, 'role: this is the only active admin; make someone else admin first');
  }
  const now = Date.now();
  await updateUserProfile(env.DB, id, { name: u.name, role: u.role, sites: u.sites, now });
  const changes = [
    row.name !== u.name ? `name ${u.name}` : '',
    row.role !== u.role ? `role ${row.role} → ${u.role}` : '',
    (row.sites ?? 'all') !== (u.sites ? JSON.stringify(u.sites) : 'all')
      ? `sites ${u.sites?.join(', ') ?? 'all'}`
      : '',
  ].filter(Boolean);
  await recordAction(env.DB, {
    actor,
    action: 'user.update',
    target: id,
    detail: `${row.email}: ${changes.join('; ') || 'no change'}`,
    at: now,
  });
  return { ok: true, value: toUser((await getUser(env.DB, id)) as UserRow, now) };
}

/** Disables a user (their sessions end at once) or enables them again. */
export async function setUserDisabled(
  env: UsersEnv,
  id: string,
  disabled: boolean,
  actor: Actor,
): Promise<Outcome<User>> {
  const row = await getUser(env.DB, id);
  if (!row) return fail(404, 'no such user');
  if (disabled && actor.kind === 'user' && actor.id === id) return fail(409, 'you cannot disable yourself');
  if (disabled && row.role === 'admin' && (await isLastAdmin(env.DB, row))) {
    return fail(409, 'this is the only active admin; make someone else admin first');
  }
  const now = Date.now();
  await setDisabled(env.DB, id, disabled, now);
  await recordAction(env.DB, {
    actor,
    action: disabled ? 'user.disable' : 'user.enable',
    target: id,
    detail: row.email,
    at: now,
  });
  return { ok: true, value: toUser((await getUser(env.DB, id)) as UserRow, now) };
}

/** Opens a new one-time link for the user (an invitation again, or a password reset). */
export async function resetLink(
  env: UsersEnv,
  id: string,
  actor: Actor,
  base: string,
): Promise<Outcome<{ user: User; link: string }>> {
  const row = await getUser(env.DB, id);
  if (!row) return fail(404, 'no such user');
  if (row.disabled_at !== null) return fail(409, 'the user is disabled: enable them first');
  const now = Date.now();
  const { token, hash } = await newLinkToken();
  await setInvite(env.DB, id, hash, now);
  await recordAction(env.DB, { actor, action: 'user.reset', target: id, detail: row.email, at: now });
  return {
    ok: true,
    value: { user: toUser((await getUser(env.DB, id)) as UserRow, now), link: inviteLink(base, token) },
  };
}

/** The user an open link names (for the page that asks for the password), or null. */
export async function invitedUser(env: UsersEnv, token: string): Promise<User | null> {
  const row = await userByInvite(env.DB, token, Date.now());
  return row ? toUser(row) : null;
}

/**
 * Sets the password through an open link, which is used up; every earlier session of the user
 * ends. Answers what a new session needs.
 */
export async function acceptInvite(
  env: UsersEnv,
  token: string,
  password: string,
): Promise<Outcome<{ user: UserPrincipal; sessionKey: string }>> {
  const now = Date.now();
  const row = await userByInvite(env.DB, token, now);
  if (!row) return fail(404, 'this link has been used, has expired or was replaced by a newer one');
  const problem = passwordProblem(password, row.email);
  if (problem) return fail(400, `password: ${problem}`);
  const key = await setPassword(env.DB, row.id, await sha256Hex(token), await hashPassword(password), now);
  if (!key) return fail(404, 'this link has been used, has expired or was replaced by a newer one');
  await recordAction(env.DB, {
    actor: { kind: 'user', id: row.id, name: row.name },
    action: 'user.activate',
    target: row.id,
    detail: row.email,
    at: now,
  });
  return { ok: true, value: { user: principalOf(row), sessionKey: key } };
}

/**
 * Checks an e-mail address and password. An unknown address costs the same work as a known one
 * (a decoy hash is verified), so the time of the answer does not tell whether the account exists.
 */
export async function checkLogin(
  env: UsersEnv,
  email: string,
  password: string,
): Promise<{ user: UserPrincipal; sessionKey: string } | null> {
  const row = await userByEmail(env.DB, email);
  const usable = row !== null && row.disabled_at === null && row.password_hash !== null;
  const ok = await verifyPassword(password, usable && row.password_hash ? row.password_hash : DECOY_HASH);
  if (!usable || !ok || !row) return null;
  // A hash from before the iteration count was raised is replaced while the password is at hand.
  const rehash =
    row.password_hash && needsRehash(row.password_hash) ? await hashPassword(password) : undefined;
  await recordLogin(env.DB, row.id, Date.now(), rehash);
  return { user: principalOf(row), sessionKey: row.session_key };
}

export async function allUsers(env: UsersEnv): Promise<User[]> {
  const now = Date.now();
  return (await listUsers(env.DB)).map((r) => toUser(r, now));
}

function principalOf(row: UserRow): UserPrincipal {
  return { kind: 'user', userId: row.id, email: row.email, name: row.name, role: row.role };
}

async function isLastAdmin(db: D1Database, row: UserRow): Promise<boolean> {
  const admins = (await listUsers(db)).filter((u) => u.role === 'admin' && u.disabled_at === null);
  return admins.length === 1 && admins[0]?.id === row.id;
}
