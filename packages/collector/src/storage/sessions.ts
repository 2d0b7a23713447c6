/** A dashboard session as stored: whose it is and until when. */
export type SessionRow = {
  subject_kind: 'token' | 'user';
  subject: string;
  credential: string;
  created_at: number;
  expires_at: number;
};

export async function insertSession(
  db: D1Database,
  s: {
    idHash: string;
    kind: 'token' | 'user';
    subject: string;
    credential: string;
    now: number;
    expiresAt: number;
  },
): Promise<void> {
  await db
    .prepare(
      `INSERT INTO sessions (id_hash, subject_kind, subject, credential, created_at, expires_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6)`,
    )
    .bind(s.idHash, s.kind, s.subject, s.credential, s.now, s.expiresAt)
    .run();
}

/** A session with the user it belongs to (null columns for a token's session or a user who is gone). */
export type SessionWithUser = SessionRow & {
  user_id: string | null;
  user_email: string | null;
  user_name: string | null;
  user_role: 'admin' | 'marketer' | 'sales' | null;
  user_session_key: string | null;
  user_disabled_at: number | null;
};

/**
 * The live session with this id hash and, for a user's session, the user as they are now (role,
 * disabled, session key), in one read; null when unknown or expired.
 */
export async function findSession(
  db: D1Database,
  idHash: string,
  now: number,
): Promise<SessionWithUser | null> {
  return db
    .prepare(
      `SELECT s.subject_kind, s.subject, s.credential, s.created_at, s.expires_at, u.id AS user_id,
         u.email AS user_email, u.name AS user_name, u.role AS user_role, u.session_key AS user_session_key,
         u.disabled_at AS user_disabled_at
       FROM sessions s LEFT JOIN users u ON s.subject_kind = 'user' AND u.id = s.subject
       WHERE s.id_hash = ?1 AND s.expires_at > ?2`,
    )
    .bind(idHash, now)
    .first<SessionWithUser>();
}

export async function deleteSession(db: D1Database, idHash: string): Promise<void> {
  await db.prepare('DELETE FROM sessions WHERE id_hash = ?1').bind(idHash).run();
}

export async function deleteExpiredSessions(db: D1Database, now: number): Promise<void> {
  await db.prepare('DELETE FROM sessions WHERE expires_at <= ?1').bind(now).run();
}
