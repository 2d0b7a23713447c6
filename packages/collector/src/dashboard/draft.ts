/**
 * The model a person is editing: their draft (storage/model-drafts.ts), or the active model when
 * they have none. Changes are checked by the model's own validation before they are stored, so a
 * draft is always a model that could be previewed and published.
 */
import { canonicalJson, parseModel, type ScoringModel } from '../scoring';
import { getDraft, type ModelDraft, saveDraft } from '../storage/model-drafts';
import { type ActiveModel, getActiveModel } from '../storage/models';
import { modelChanges } from './model-changes';

export type Working = {
  active: ActiveModel;
  draft: ModelDraft | null;
  /** What the editor shows: the draft, else the active model. */
  model: ScoringModel;
  /** The revision forms carry back: the draft's, 0 without one. */
  rev: number;
  /** The draft's changes against the active model, in words (none without a draft). */
  changes: string[];
};

export async function working(db: D1Database, owner: string): Promise<Working> {
  const [active, draft] = await Promise.all([getActiveModel(db), getDraft(db, owner)]);
  const model = draft?.model ?? active.model;
  return {
    active,
    draft,
    model,
    rev: draft?.rev ?? 0,
    changes: draft ? modelChanges(active.model, model) : [],
  };
}

export type ChangeOutcome =
  | { kind: 'saved'; rev: number }
  | { kind: 'unchanged' }
  | { kind: 'stale' }
  | { kind: 'invalid'; errors: string[] };

/**
 * Stores `model` as the person's draft if the draft is still at `expectedRev` (the revision the
 * page was drawn from) and the model is valid. A change that changes nothing stores nothing.
 */
export async function changeDraft(
  db: D1Database,
  owner: string,
  current: Working,
  expectedRev: number,
  model: ScoringModel,
): Promise<ChangeOutcome> {
  if (expectedRev !== current.rev) return { kind: 'stale' };
  if (model === current.model || canonicalJson(model) === canonicalJson(current.model))
    return { kind: 'unchanged' };
  const parsed = parseModel(model);
  if (!parsed.ok) return { kind: 'invalid', errors: parsed.errors };
  const rev = await saveDraft(db, owner, {
    model: parsed.model,
    expectedRev,
    baseVersion: current.draft?.baseVersion ?? current.active.version,
    now: Date.now(),
  });
  return rev === null ? { kind: 'stale' } : { kind: 'saved', rev };
}
