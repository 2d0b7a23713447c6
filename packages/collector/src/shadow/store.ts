/**
 * D1 access for shadow models: which shadow runs (at most one), the per-lead shadow positions and
 * the shadow's outcome records. The scoring itself happens in the lead's Durable Object
 * (`lead-shadow.ts`); the comparison is pure (`report/shadow-comparison.ts`).
 */
import type { OutcomeRecord, RuleFeature } from '../report/features';
import type { Stage } from '../scoring';

export type Shadow = {
  id: number;
  version: number;
  startedAt: number;
  startedBy: string | null;
};

export type EndedShadow = Shadow & {
  endedAt: number;
  endedBy: string | null;
  endedHow: 'promoted' | 'withdrawn';
};

type ShadowRow = {
  id: number;
  version: number;
  started_at: number;
  started_by: string | null;
  ended_at: number | null;
  ended_by: string | null;
  ended_how: 'promoted' | 'withdrawn' | null;
};

/** How long an isolate trusts its cached shadow before asking D1 again (as for the active model). */
const CACHE_MS = 10_000;
let cached: { shadow: Shadow | null; checkedAt: number } | undefined;

const toShadow = (r: ShadowRow): Shadow => ({
  id: r.id,
  version: r.version,
  startedAt: r.started_at,
  startedBy: r.started_by,
});

/** The running shadow, if any. `fresh` skips the isolate's cache (jobs, routes that change it). */
export async function currentShadow(
  db: D1Database,
  options: { now?: number; fresh?: boolean } = {},
): Promise<Shadow | null> {
  const now = options.now ?? Date.now();
  if (!options.fresh && cached && now - cached.checkedAt < CACHE_MS) return cached.shadow;
  const row = await db.prepare('SELECT * FROM model_shadows WHERE running = 1').first<ShadowRow>();
  cached = { shadow: row ? toShadow(row) : null, checkedAt: now };
  return cached.shadow;
}

/** Starts a shadow; `null` when one is already running (the UNIQUE `running` column refuses a second). */
export async function startShadow(
  db: D1Database,
  s: { version: number; by: string; now: number },
): Promise<Shadow | null> {
  const res = await db
    .prepare(
      `INSERT INTO model_shadows (version, started_at, started_by, running) VALUES (?1, ?2, ?3, 1)
       ON CONFLICT (running) DO NOTHING`,
    )
    .bind(s.version, s.now, s.by)
    .run();
  if (res.meta.changes === 0) return null;
  const shadow = { id: Number(res.meta.last_row_id), version: s.version, startedAt: s.now, startedBy: s.by };
  // Rows of earlier shadows would never be read again.
  await db.batch([
    db.prepare('DELETE FROM lead_shadow_scores WHERE shadow_id <> ?1').bind(shadow.id),
    db.prepare('DELETE FROM lead_shadow_outcomes WHERE shadow_id <> ?1').bind(shadow.id),
  ]);
  cached = { shadow, checkedAt: s.now };
  return shadow;
}

/**
 * Ends the running shadow (`promoted` or `withdrawn`); `null` when none runs. A withdrawn shadow's
 * rows are deleted at once; a promoted one's stay until the next shadow starts, because the
 * promotion job adopts them lead by lead.
 */
export async function endShadow(
  db: D1Database,
  e: { how: 'promoted' | 'withdrawn'; by: string; now: number },
): Promise<EndedShadow | null> {
  const row = await db
    .prepare(
      `UPDATE model_shadows SET running = NULL, ended_at = ?1, ended_by = ?2, ended_how = ?3
       WHERE running = 1 RETURNING *`,
    )
    .bind(e.now, e.by, e.how)
    .first<ShadowRow>();
  cached = { shadow: null, checkedAt: e.now };
  if (!row) return null;
  if (e.how === 'withdrawn') {
    await db.batch([
      db.prepare('DELETE FROM lead_shadow_scores WHERE shadow_id = ?1').bind(row.id),
      db.prepare('DELETE FROM lead_shadow_outcomes WHERE shadow_id = ?1').bind(row.id),
    ]);
  }
  return { ...toShadow(row), endedAt: e.now, endedBy: e.by, endedHow: e.how };
}

/** Past shadows, newest first. */
export async function shadowHistory(db: D1Database, limit = 20): Promise<EndedShadow[]> {
  const { results } = await db
    .prepare('SELECT * FROM model_shadows WHERE running IS NULL ORDER BY id DESC LIMIT ?1')
    .bind(limit)
    .all<ShadowRow>();
  return results.map((r) => ({
    ...toShadow(r),
    endedAt: r.ended_at ?? 0,
    endedBy: r.ended_by,
    endedHow: r.ended_how ?? 'withdrawn',
  }));
}

/** One lead's position under the active model and under the shadow. */
export type ShadowScoreRow = {
  leadId: string;
  site: string;
  shadowId: number;
  known: boolean;
  active: { total: number; band: string; stage: Stage; sentAt: number | null };
  shadow: { total: number; band: string; stage: Stage; sentAt: number | null };
  rev: number;
  now: number;
};

export async function recordShadowScore(db: D1Database, r: ShadowScoreRow): Promise<void> {
  await db
    .prepare(
      `INSERT INTO lead_shadow_scores (lead_id, site, shadow_id, known, active_total, active_band, active_stage,
         active_sent_at, shadow_total, shadow_band, shadow_stage, shadow_sent_at, rev, updated_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
       ON CONFLICT (lead_id) DO UPDATE SET site = ?2, shadow_id = ?3, known = ?4, active_total = ?5,
         active_band = ?6, active_stage = ?7, active_sent_at = ?8, shadow_total = ?9, shadow_band = ?10,
         shadow_stage = ?11, shadow_sent_at = ?12, rev = ?13, updated_at = ?14
       WHERE lead_shadow_scores.rev < ?13 OR lead_shadow_scores.shadow_id <> ?3`,
    )
    .bind(
      r.leadId,
      r.site,
      r.shadowId,
      r.known ? 1 : 0,
      r.active.total,
      r.active.band,
      r.active.stage,
      r.active.sentAt,
      r.shadow.total,
      r.shadow.band,
      r.shadow.stage,
      r.shadow.sentAt,
      r.rev,
      r.now,
    )
    .run();
}

/** The shadow's record of a decided lead (the shadow's side of `lead_outcomes`). */
export async function recordShadowOutcome(
  db: D1Database,
  shadowId: number,
  r: OutcomeRecord,
  rev: number,
  now: number,
): Promise<void> {
  await db
    .prepare(
      `INSERT INTO lead_shadow_outcomes (lead_id, site, shadow_id, outcome, value, outcome_at, model_version, features,
         interest, intent, fit, total, band, stage, reached_mql, disqualified, rev, updated_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)
       ON CONFLICT (lead_id) DO UPDATE SET site = ?2, shadow_id = ?3, outcome = ?4, value = ?5, outcome_at = ?6,
         model_version = ?7, features = ?8, interest = ?9, intent = ?10, fit = ?11, total = ?12, band = ?13,
         stage = ?14, reached_mql = ?15, disqualified = ?16, rev = ?17, updated_at = ?18
       WHERE lead_shadow_outcomes.rev < ?17 OR lead_shadow_outcomes.shadow_id <> ?3`,
    )
    .bind(
      r.leadId,
      r.site,
      shadowId,
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
      rev,
      now,
    )
    .run();
}

/**
 * A promotion's outcome step: the shadow's record of the lead becomes its `lead_outcomes` row as it
 * is, computed by the shadow and not again. Returns whether there was one to adopt.
 */
export async function adoptShadowOutcome(
  db: D1Database,
  leadId: string,
  shadowId: number,
  rev: number,
): Promise<boolean> {
  const res = await db
    .prepare(
      `INSERT INTO lead_outcomes (lead_id, site, outcome, value, outcome_at, model_version, features, interest,
         intent, fit, total, band, stage, reached_mql, disqualified, rev, updated_at)
       SELECT lead_id, site, outcome, value, outcome_at, model_version, features, interest, intent, fit, total, band,
         stage, reached_mql, disqualified, ?3, updated_at
       FROM lead_shadow_outcomes WHERE lead_id = ?1 AND shadow_id = ?2
       ON CONFLICT (lead_id) DO UPDATE SET site = excluded.site, outcome = excluded.outcome, value = excluded.value,
         outcome_at = excluded.outcome_at, model_version = excluded.model_version, features = excluded.features,
         interest = excluded.interest, intent = excluded.intent, fit = excluded.fit, total = excluded.total,
         band = excluded.band, stage = excluded.stage, reached_mql = excluded.reached_mql,
         disqualified = excluded.disqualified, rev = excluded.rev, updated_at = excluded.updated_at
       WHERE lead_outcomes.rev < excluded.rev`,
    )
    .bind(leadId, shadowId, rev)
    .run();
  return res.meta.changes > 0;
}

/** A decided lead as both models saw it, for outcomes recorded since the shadow started. */
export type OutcomePair = {
  leadId: string;
  outcome: 'won' | 'lost';
  outcomeAt: number;
  active: Pick<OutcomeRecord, 'total' | 'band' | 'reachedMql' | 'scores'>;
  shadow: Pick<OutcomeRecord, 'total' | 'band' | 'reachedMql' | 'scores'> & {
    features: Record<string, RuleFeature>;
  };
};

type PairRow = {
  lead_id: string;
  outcome: 'won' | 'lost';
  outcome_at: number;
  a_total: number;
  a_band: string;
  a_mql: number;
  a_interest: number;
  a_intent: number;
  a_fit: number;
  s_total: number;
  s_band: string;
  s_mql: number;
  s_interest: number;
  s_intent: number;
  s_fit: number;
  s_features: string;
};

/**
 * Outcomes dated since the shadow started, of leads both models scored (the active one with the
 * active version), most recent first, at most `limit`. Merged visitors are left out, as in the report.
 */
export async function outcomePairs(
  db: D1Database,
  shadow: Shadow,
  options: { activeVersion: number; site?: string; limit?: number },
): Promise<OutcomePair[]> {
  const { results } = await db
    .prepare(
      `SELECT s.lead_id, s.outcome, s.outcome_at,
         o.total AS a_total, o.band AS a_band, o.reached_mql AS a_mql, o.interest AS a_interest, o.intent AS a_intent,
         o.fit AS a_fit,
         s.total AS s_total, s.band AS s_band, s.reached_mql AS s_mql, s.interest AS s_interest, s.intent AS s_intent,
         s.fit AS s_fit, s.features AS s_features
       FROM lead_shadow_outcomes s
       JOIN lead_outcomes o ON o.lead_id = s.lead_id AND o.model_version = ?2 AND o.outcome = s.outcome
         AND o.outcome_at = s.outcome_at
       JOIN leads l ON l.id = s.lead_id AND l.merged_into IS NULL
       WHERE s.shadow_id = ?1 AND s.outcome_at >= ?3 AND (?4 IS NULL OR s.site = ?4)
       ORDER BY s.outcome_at DESC, s.lead_id LIMIT ?5`,
    )
    .bind(shadow.id, options.activeVersion, shadow.startedAt, options.site ?? null, options.limit ?? 10_000)
    .all<PairRow>();
  return results.map((r) => ({
    leadId: r.lead_id,
    outcome: r.outcome,
    outcomeAt: r.outcome_at,
    active: {
      total: r.a_total,
      band: r.a_band,
      reachedMql: r.a_mql === 1,
      scores: { interest: r.a_interest, intent: r.a_intent, fit: r.a_fit },
    },
    shadow: {
      total: r.s_total,
      band: r.s_band,
      reachedMql: r.s_mql === 1,
      scores: { interest: r.s_interest, intent: r.s_intent, fit: r.s_fit },
      features: JSON.parse(r.s_features) as Record<string, RuleFeature>,
    },
  }));
}

/** Leads scored by the shadow, and how many each model made an MQL (sent to sales) since it started. */
export type LiveCounts = { leads: number; known: number; sentByActive: number; sentByShadow: number };

export async function liveCounts(db: D1Database, shadow: Shadow, site?: string): Promise<LiveCounts> {
  const row = await db
    .prepare(
      `SELECT COUNT(*) AS leads, COALESCE(SUM(s.known), 0) AS known,
         COALESCE(SUM(s.active_sent_at IS NOT NULL), 0) AS sentByActive,
         COALESCE(SUM(s.shadow_sent_at IS NOT NULL), 0) AS sentByShadow
       FROM lead_shadow_scores s JOIN leads l ON l.id = s.lead_id AND l.merged_into IS NULL
       WHERE s.shadow_id = ?1 AND (?2 IS NULL OR s.site = ?2)`,
    )
    .bind(shadow.id, site ?? null)
    .first<LiveCounts>();
  return row ?? { leads: 0, known: 0, sentByActive: 0, sentByShadow: 0 };
}
