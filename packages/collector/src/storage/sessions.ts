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

/** The live session with this id hash, or null (unknown or expired). */
export async function findSession(db: D1Database, idHash: string, now: number): Promise<SessionRow | null> {
  return db
    .prepare(
      'SELECT subject_kind, subject, credential, created_at, expires_at FROM sessions WHERE id_hash = ?1 AND expires_at > ?2',
    )
    .bind(idHash, now)
    .first<SessionRow>();
}

export async function deleteSession(db: D1Database, idHash: string): Promise<void> {
  await db.prepare('DELETE FROM sessions WHERE id_hash = ?1').bind(idHash).run();
}

export async function deleteExpiredSessions(db: D1Database, now: number): Promise<void> {
  await db.prepare('DELETE FROM sessions WHERE expires_at <= ?1').bind(now).run();
}
