import type { Role } from '../auth/principal';
import { toBase64Url } from '../lib/base64url';
import { uid } from '../lib/uid';

/** A dashboard user as screens and the API show them: never a password hash or an invitation token. */
export type User = {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** Site ids a sales user works (round-robin assignment); null = every site. */
  sites: string[] | null;
  /** `invited`: no password yet; `active`; `disabled`: cannot sign in. */
  status: 'invited' | 'active' | 'disabled';
  /** Until when the open invitation or reset link works, if one is open. */
  inviteExpiresAt: number | null;
  createdAt: number;
  createdBy: string;
  lastLoginAt: number | null;
};

export type UserRow = {
  id: string;
  email: string;
  name: string;
  role: Role;
  sites: string | null;
  password_hash: string | null;
  session_key: string;
  disabled_at: number | null;
  invite_hash: string | null;
  invite_expires_at: number | null;
  created_at: number;
  created_by: string;
  updated_at: number;
  last_login_at: number | null;
};

/** How long an invitation or password reset link works. */
export const INVITE_DAYS = 7;

export function toUser(row: UserRow, now = Date.now()): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    sites: row.sites === null ? null : (JSON.parse(row.sites) as string[]),
    status: row.disabled_at !== null ? 'disabled' : row.password_hash === null ? 'invited' : 'active',
    inviteExpiresAt:
      row.invite_hash !== null && (row.invite_expires_at ?? 0) > now ? row.invite_expires_at : null,
    createdAt: row.created_at,
    createdBy: row.created_by,
    lastLoginAt: row.last_login_at,
  };
}

/** A random key a session names (sessions.credential): a new one ends every session of the user. */
export function newSessionKey(): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(24)));
}

/** A one-time link token (for the URL) and its SHA-256 (for D1). */
export async function newLinkToken(): Promise<{ token: string; hash: string }> {
  const token = toBase64Url(crypto.getRandomValues(new Uint8Array(32)));
  return { token, hash: await sha256Hex(token) };
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export async function countUsers(db: D1Database): Promise<number> {
  return (await db.prepare('SELECT COUNT(*) AS n FROM users').first<{ n: number }>())?.n ?? 0;
}

export async function listUsers(db: D1Database): Promise<UserRow[]> {
  const { results } = await db
    .prepare('SELECT * FROM users ORDER BY disabled_at IS NOT NULL, name, email')
    .all<UserRow>();
  return results;
}

export async function getUser(db: D1Database, id: string): Promise<UserRow | null> {
  return db.prepare('SELECT * FROM users WHERE id = ?1').bind(id).first<UserRow>();
}

export async function userByEmail(db: D1Database, email: string): Promise<UserRow | null> {
  return db.prepare('SELECT * FROM users WHERE email = ?1').bind(email.trim().toLowerCase()).first<UserRow>();
}

/** The user an open invitation (or reset) link names, or null when unknown, used or expired. */
export async function userByInvite(db: D1Database, token: string, now: number): Promise<UserRow | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  return db
    .prepare('SELECT * FROM users WHERE invite_hash = ?1 AND invite_expires_at > ?2 AND disabled_at IS NULL')
    .bind(await sha256Hex(token), now)
    .first<UserRow>();
}

export async function insertUser(
  db: D1Database,
  u: {
    email: string;
    name: string;
    role: Role;
    sites: string[] | null;
    inviteHash: string;
    by: string;
    now: number;
  },
): Promise<string> {
  const id = uid();
  await db
    .prepare(
      `INSERT INTO users (id, email, name, role, sites, session_key, invite_hash, invite_expires_at, created_at,
         created_by, updated_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?9)`,
    )
    .bind(
      id,
      u.email.trim().toLowerCase(),
      u.name,
      u.role,
      u.sites ? JSON.stringify(u.sites) : null,
      newSessionKey(),
      u.inviteHash,
      u.now + INVITE_DAYS * 86_400_000,
      u.now,
      u.by,
    )
    .run();
  return id;
}

export async function updateUserProfile(
  db: D1Database,
  id: string,
  u: { name: string; role: Role; sites: string[] | null; now: number },
): Promise<void> {
  await db
    .prepare('UPDATE users SET name = ?2, role = ?3, sites = ?4, updated_at = ?5 WHERE id = ?1')
    .bind(id, u.name, u.role, u.sites ? JSON.stringify(u.sites) : null, u.now)
    .run();
}

/** Disables (ending every session: a new session key) or enables a user. */
export async function setDisabled(db: D1Database, id: string, disabled: boolean, now: number): Promise<void> {
  await db.batch([
    db
      .prepare(
        'UPDATE users SET disabled_at = ?2, session_key = ?3, invite_hash = NULL, invite_expires_at = NULL, updated_at = ?4 WHERE id = ?1',
      )
      .bind(id, disabled ? now : null, newSessionKey(), now),
    db.prepare("DELETE FROM sessions WHERE subject_kind = 'user' AND subject = ?1").bind(id),
  ]);
}

/** Opens a new invitation / reset link for the user (replacing an open one). */
export async function setInvite(db: D1Database, id: string, inviteHash: string, now: number): Promise<void> {
  await db
    .prepare('UPDATE users SET invite_hash = ?2, invite_expires_at = ?3, updated_at = ?4 WHERE id = ?1')
    .bind(id, inviteHash, now + INVITE_DAYS * 86_400_000, now)
    .run();
}

/**
 * Sets the password through an open link: the link is used up, and every earlier session of the
 * user ends (a new session key). Answers the new session key, or null when the link was used or
 * expired meanwhile.
 */
export async function setPassword(
  db: D1Database,
  id: string,
  inviteHash: string,
  passwordHash: string,
  now: number,
): Promise<string | null> {
  const key = newSessionKey();
  const [updated] = await db.batch([
    db
      .prepare(
        `UPDATE users SET password_hash = ?3, session_key = ?4, invite_hash = NULL, invite_expires_at = NULL,
           updated_at = ?5, last_login_at = ?5 WHERE id = ?1 AND invite_hash = ?2 AND invite_expires_at > ?5 AND disabled_at IS NULL`,
      )
      .bind(id, inviteHash, passwordHash, key, now),
    // Sessions opened before (under the old key) are worthless now; their rows go too.
    db
      .prepare(
        "DELETE FROM sessions WHERE subject_kind = 'user' AND subject = ?1 AND credential != (SELECT session_key FROM users WHERE id = ?1)",
      )
      .bind(id),
  ]);
  return (updated?.meta.changes ?? 0) > 0 ? key : null;
}

export async function recordLogin(
  db: D1Database,
  id: string,
  now: number,
  passwordHash?: string,
): Promise<void> {
  await (passwordHash
    ? db
        .prepare('UPDATE users SET last_login_at = ?2, password_hash = ?3 WHERE id = ?1')
        .bind(id, now, passwordHash)
    : db.prepare('UPDATE users SET last_login_at = ?2 WHERE id = ?1').bind(id, now)
  ).run();
}

/** Active users who may own leads of `site` (sales and admins), by name: the owner picker. */
export async function possibleOwners(db: D1Database, site?: string): Promise<UserRow[]> {
  const rows = await listUsers(db);
  return rows.filter(
    (r) =>
      r.disabled_at === null &&
      r.password_hash !== null &&
      (r.role === 'sales' || r.role === 'admin') &&
      (site === undefined || r.sites === null || (JSON.parse(r.sites) as string[]).includes(site)),
  );
}
