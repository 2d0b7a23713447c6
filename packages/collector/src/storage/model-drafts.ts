import type { ScoringModel } from '../scoring';

/**
 * The model editor's drafts in D1 (migration 0008): one per person, always a valid model. Every
 * change is conditional on the revision the editing page was drawn from, so a second tab or a
 * double click never applies a change to a draft it has not seen.
 */
export type ModelDraft = {
  owner: string;
  /** The active version when the draft was started. */
  baseVersion: number;
  model: ScoringModel;
  /** Changes with every save; a new draft starts at the time it was made, so no old form matches it. */
  rev: number;
  updatedAt: number;
  /** The latest preview of this draft: its job, the stored version it scored and the draft's revision then. */
  preview: { job: string; version: number; rev: number } | null;
};

type DraftRow = {
  owner: string;
  base_version: number;
  body: string;
  rev: number;
  updated_at: number;
  preview_job: string | null;
  preview_version: number | null;
  preview_rev: number | null;
};

export async function getDraft(db: D1Database, owner: string): Promise<ModelDraft | null> {
  const row = await db.prepare('SELECT * FROM model_drafts WHERE owner = ?1').bind(owner).first<DraftRow>();
  if (!row) return null;
  return {
    owner: row.owner,
    baseVersion: row.base_version,
    model: JSON.parse(row.body) as ScoringModel,
    rev: row.rev,
    updatedAt: row.updated_at,
    preview:
      row.preview_job !== null && row.preview_version !== null && row.preview_rev !== null
        ? { job: row.preview_job, version: row.preview_version, rev: row.preview_rev }
        : null,
  };
}

/**
 * Stores the draft's new content if it is still at `expectedRev` (0: there is no draft yet, and this
 * starts one from `baseVersion`). Answers the new revision, or null when the draft moved on meanwhile.
 */
export async function saveDraft(
  db: D1Database,
  owner: string,
  change: { model: ScoringModel; expectedRev: number; baseVersion: number; now: number },
): Promise<number | null> {
  const body = JSON.stringify(change.model);
  if (change.expectedRev === 0) {
    const created = await db
      .prepare(
        `INSERT INTO model_drafts (owner, base_version, body, rev, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)
         ON CONFLICT (owner) DO NOTHING`,
      )
      .bind(owner, change.baseVersion, body, change.now)
      .run();
    return created.meta.changes > 0 ? change.now : null;
  }
  const updated = await db
    .prepare(
      'UPDATE model_drafts SET body = ?3, rev = rev + 1, updated_at = ?4 WHERE owner = ?1 AND rev = ?2 RETURNING rev',
    )
    .bind(owner, change.expectedRev, body, change.now)
    .first<{ rev: number }>();
  return updated?.rev ?? null;
}

/** Remembers the preview of the draft at `rev`; false when the draft changed meanwhile. */
export async function recordDraftPreview(
  db: D1Database,
  owner: string,
  preview: { job: string; version: number; rev: number },
): Promise<boolean> {
  const res = await db
    .prepare(
      'UPDATE model_drafts SET preview_job = ?2, preview_version = ?3, preview_rev = ?4 WHERE owner = ?1 AND rev = ?4',
    )
    .bind(owner, preview.job, preview.version, preview.rev)
    .run();
  return res.meta.changes > 0;
}

/** Ends the draft (discarded, or published); only the one at `expectedRev` when given. */
export async function deleteDraft(db: D1Database, owner: string, expectedRev?: number): Promise<boolean> {
  const res =
    expectedRev === undefined
      ? await db.prepare('DELETE FROM model_drafts WHERE owner = ?1').bind(owner).run()
      : await db
          .prepare('DELETE FROM model_drafts WHERE owner = ?1 AND rev = ?2')
          .bind(owner, expectedRev)
          .run();
  return res.meta.changes > 0;
}
