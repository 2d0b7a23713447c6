/**
 * The `lead_outcomes` table: one row per decided lead, written by the lead's Durable Object and
 * read by the model report. Everything here is D1 access; the row's content comes from
 * `outcomeRecord` (pure).
 */
import type { CompiledModel, ScoreResult, Stage } from '../scoring';
import type { LeadEvent } from '../scoring/events';
import { type OutcomeRecord, outcomeRecord, type RuleFeature } from './features';

/** What the Durable Object hands over after a re-score. */
export type OutcomeSource = {
  leadId: string;
  site: string;
  /** The result just computed; only its `outcome` is read, to skip leads without one cheaply. */
  result: ScoreResult;
  /** The lead's whole history. */
  events: readonly LeadEvent[];
  /** The model version the lead was scored with. */
  model: { version: number; compiled: CompiledModel };
  /** The object's revision of this re-score: an older write never overwrites a newer one. */
  rev: number;
};

/**
 * Records the features of a decided lead (upsert). A lead without an outcome costs nothing: its
 * history only grows, so it never had a row (won and lost may replace each other, which is an
 * upsert; erasure goes through `src/storage/erase.ts`), and the hot path of every beacon stays one D1 write.
 */
export async function recordOutcomeFeatures(db: D1Database, source: OutcomeSource): Promise<void> {
  if (!source.result.outcome) return;
  const r = outcomeRecord({ leadId: source.leadId, site: source.site }, source.events, source.model);
  if (!r) return;
  await db
    .prepare(
      `INSERT INTO lead_outcomes (lead_id, site, outcome, value, outcome_at, model_version, features, interest,
         intent, fit, total, band, stage, reached_mql, disqualified, rev, updated_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)
       ON CONFLICT (lead_id) DO UPDATE SET site = ?2, outcome = ?3, value = ?4, outcome_at = ?5,
         model_version = ?6, features = ?7, interest = ?8, intent = ?9, fit = ?10, total = ?11, band = ?12,
         stage = ?13, reached_mql = ?14, disqualified = ?15, rev = ?16, updated_at = ?17
       WHERE lead_outcomes.rev < ?16`,
    )
    .bind(
      r.leadId,
      r.site,
      r.outcome,
      r.value,
      r.outcomeAt,
      r.modelVersion,
      JSON.stringify(r.features),
      r.scores.interest,
      r.scores.intent,
      r.scores.fit,
      r.total,
      r.band,
      r.stage,
      r.reachedMql ? 1 : 0,
      r.disqualified ? 1 : 0,
      source.rev,
      source.result.asOf,
    )
    .run();
}

export type ListOutcomesOptions = {
  /** Only this site's outcomes. Default: every site. */
  site?: string;
  /** The most recent outcomes first, at most this many. Default 10,000. */
  limit?: number;
};

type OutcomeRow = {
  lead_id: string;
  site: string;
  outcome: 'won' | 'lost';
  value: number | null;
  outcome_at: number;
  model_version: number;
  features: string;
  interest: number;
  intent: number;
  fit: number;
  total: number;
  band: string;
  stage: Stage;
  reached_mql: number;
  disqualified: number;
};

/**
 * Decided leads, most recent outcome first. Only rows of leads in the index count: a visitor that
 * carried an outcome and then merged into a lead is left out (its history, outcome included, now
 * belongs to the lead, which has its own row), and so is anything left of an erased lead.
 */
export async function listOutcomes(
  db: D1Database,
  options: ListOutcomesOptions = {},
): Promise<OutcomeRecord[]> {
  const limit = options.limit ?? 10_000;
  const { results } = await db
    .prepare(
      `SELECT o.* FROM lead_outcomes o JOIN leads l ON l.id = o.lead_id
       WHERE l.merged_into IS NULL AND (?1 IS NULL OR o.site = ?1)
       ORDER BY o.outcome_at DESC, o.lead_id LIMIT ?2`,
    )
    .bind(options.site ?? null, limit)
    .all<OutcomeRow>();
  return results.map((row) => ({
    leadId: row.lead_id,
    site: row.site,
    outcome: row.outcome,
    value: row.value,
    outcomeAt: row.outcome_at,
    modelVersion: row.model_version,
    features: JSON.parse(row.features) as Record<string, RuleFeature>,
    scores: { interest: row.interest, intent: row.intent, fit: row.fit },
    total: row.total,
    band: row.band,
    stage: row.stage,
    reachedMql: row.reached_mql === 1,
    disqualified: row.disqualified === 1,
  }));
}
