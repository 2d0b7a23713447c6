import { uid } from '../lib/uid';
import type { Actor } from './action-log';

/** A note sales wrote on a lead. Erased with the lead (storage/erase.ts). */
export type LeadNote = {
  id: string;
  leadId: string;
  /** The user who wrote it; null for an API token. */
  authorId: string | null;
  authorName: string;
  body: string;
  createdAt: number;
};

type NoteRow = {
  id: string;
  lead_id: string;
  author_id: string | null;
  author_name: string;
  body: string;
  created_at: number;
};

/** The longest note: a few paragraphs. */
export const NOTE_MAX = 4000;

export async function addNote(
  db: D1Database,
  n: { leadId: string; author: Actor; body: string; now: number },
): Promise<LeadNote> {
  const note: LeadNote = {
    id: uid(),
    leadId: n.leadId,
    authorId: n.author.kind === 'user' ? n.author.id : null,
    authorName: n.author.name,
    body: n.body,
    createdAt: n.now,
  };
  await db
    .prepare(
      'INSERT INTO lead_notes (id, lead_id, author_id, author_name, body, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)',
    )
    .bind(note.id, note.leadId, note.authorId, note.authorName, note.body, note.createdAt)
    .run();
  return note;
}

/**
 * The notes on a lead and on the browsers merged into it (a note written on an anonymous visitor
 * stays with the person it became), newest first.
 */
export async function listNotes(
  db: D1Database,
  leadIds: readonly string[],
  limit = 200,
): Promise<LeadNote[]> {
  const ids = leadIds.slice(0, 90);
  if (ids.length === 0) return [];
  const { results } = await db
    .prepare(
      `SELECT * FROM lead_notes WHERE lead_id IN (${ids.map((_, i) => `?${i + 1}`).join(', ')})
       ORDER BY created_at DESC, id DESC LIMIT ?${ids.length + 1}`,
    )
    .bind(...ids, limit)
    .all<NoteRow>();
  return results.map((r) => ({
    id: r.id,
    leadId: r.lead_id,
    authorId: r.author_id,
    authorName: r.author_name,
    body: r.body,
    createdAt: r.created_at,
  }));
}

export async function getNote(db: D1Database, id: string): Promise<LeadNote | null> {
  if (!/^[0-9a-f]{32}$/.test(id)) return null;
  const r = await db.prepare('SELECT * FROM lead_notes WHERE id = ?1').bind(id).first<NoteRow>();
  return r
    ? {
        id: r.id,
        leadId: r.lead_id,
        authorId: r.author_id,
        authorName: r.author_name,
        body: r.body,
        createdAt: r.created_at,
      }
    : null;
}

export async function deleteNote(db: D1Database, id: string): Promise<boolean> {
  const res = await db.prepare('DELETE FROM lead_notes WHERE id = ?1').bind(id).run();
  return res.meta.changes > 0;
}
