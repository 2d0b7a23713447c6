/**
 * A lead's side of a shadow model, called by its Durable Object: whenever the object scores the
 * lead with the active model, it hands the same history to `scoreShadow`, which scores it with the
 * running shadow, keeps that result in the object's storage and writes the lead's shadow position
 * (and, for a decided lead, the shadow's outcome record) to D1. Nothing here notifies anyone or
 * touches the lead's own result, band or stage.
 *
 * On promotion the object asks `adoptableShadow` for the stored result: when it was computed at
 * the object's current revision (from the same history) and time has not since changed its band
 * or stage, the object adopts it as its result as it is. That is what "promotion re-scores
 * nothing the shadow already computed" means.
 *
 * The module needs only a key-value slot in the object's storage, the history and the active
 * result, so it survives changes to how the object scores (e.g. incremental folds).
 */
import { outcomeRecord } from '../report/features';
import { finalize, nextChangeAt, replay, type ScoreResult } from '../scoring';
import type { LeadEvent } from '../scoring/events';
import { withSiteCompetitors } from '../sites/site-model';
import { getModelVersion } from '../storage/models';
import { currentShadow, recordShadowOutcome, recordShadowScore, type Shadow } from './store';

/** The object's small key-value storage. */
export type MetaSlot = { getMeta(key: string): string | null; setMeta(key: string, value: string): void };

/** What the object keeps of the shadow's last scoring. */
export type StoredShadow = {
  shadowId: number;
  version: number;
  /** The object's revision of the active result this was computed beside: current while they match. */
  rev: number;
  result: ScoreResult;
  /** When time alone would next change the shadow's band or stage (as the object's alarm does for its own). */
  nextChangeAt: number | null;
  /** When the shadow position was last written to D1. */
  indexedAt: number | null;
  /** The active result's band and stage beside it (a change of either is written at once). */
  activeBand: string;
  activeStage: string;
};

const KEY = 'shadow';

export type ShadowInput = {
  db: D1Database;
  meta: MetaSlot;
  leadId: string;
  site: string;
  /**
   * The lead's whole history, read only when a shadow runs (a lead object scores incrementally and
   * reads its log for the shadow alone: the shadow's cost while it runs is a replay per call).
   */
  events: () => readonly LeadEvent[];
  now: number;
  /** The object's revision of the active result just stored. */
  rev: number;
  active: ScoreResult;
  /** The active model's version number (a shadow of the same version scores nothing). */
  activeVersion: number;
  /** The shadow to score with. Default: the running one (cached per isolate for 10 s). */
  shadow?: Shadow | null;
  /** The D1 debounce of the lead index, in ms: the shadow's row follows the same rule. */
  indexIntervalMs: number;
  /** Whether the D1 row must be written now whatever the debounce says (jobs). */
  forceWrite?: boolean;
  /** The lead's site's own competitor domains, joined to the shadow model's (as to the active one's). */
  competitors?: readonly string[] | undefined;
};

/** Scores the lead with the shadow model, stores and records it; `null` when no shadow runs. */
export async function scoreShadow(input: ShadowInput): Promise<StoredShadow | null> {
  const shadow =
    input.shadow === undefined ? await currentShadow(input.db, { now: input.now }) : input.shadow;
  const version =
    shadow && shadow.version !== input.activeVersion ? await getModelVersion(input.db, shadow.version) : null;
  const model = version ? withSiteCompetitors(version, input.competitors) : null;
  if (!shadow || !model) {
    // The shadow ended (or became the active model): what is kept of it is stale.
    if (input.meta.getMeta(KEY)) clearShadow(input.meta);
    return null;
  }
  const events = input.events();
  const state = replay(events, model.compiled);
  const result = finalize(state, input.now);
  const prev = storedShadow(input.meta);
  const samePrev = prev && prev.shadowId === shadow.id ? prev : undefined;
  const write =
    input.forceWrite || mustWrite(samePrev, result, input.active, input.now, input.indexIntervalMs);
  const stored: StoredShadow = {
    shadowId: shadow.id,
    version: shadow.version,
    rev: input.rev,
    result,
    nextChangeAt: nextChangeAt(state, input.now),
    indexedAt: write ? input.now : (samePrev?.indexedAt ?? null),
    activeBand: input.active.band,
    activeStage: input.active.stage,
  };
  input.meta.setMeta(KEY, JSON.stringify(stored));

  if (write) {
    await recordShadowScore(input.db, {
      leadId: input.leadId,
      site: input.site,
      shadowId: shadow.id,
      known: Boolean(input.active.profile.email),
      active: position(input.active, shadow.startedAt),
      shadow: position(result, shadow.startedAt),
      rev: input.rev,
      now: input.now,
    });
  }
  if (result.outcome) {
    const record = outcomeRecord({ leadId: input.leadId, site: input.site }, events, model);
    if (record) await recordShadowOutcome(input.db, shadow.id, record, input.rev, input.now);
  }
  return stored;
}

/**
 * The stored shadow result of `version`, if the object can adopt it as its own at `now`: computed
 * at revision `rev` (nothing was added to the history since) and still valid in time (no decay,
 * expiry or inactivity has changed its band or stage since it was computed).
 */
export function adoptableShadow(
  meta: MetaSlot,
  version: number,
  rev: number,
  now: number,
): StoredShadow | null {
  const s = storedShadow(meta);
  if (!s || s.version !== version || s.rev !== rev) return null;
  if (s.nextChangeAt !== null && s.nextChangeAt <= now) return null;
  return s;
}

export function storedShadow(meta: MetaSlot): StoredShadow | undefined {
  const raw = meta.getMeta(KEY);
  return raw ? (JSON.parse(raw) as StoredShadow) : undefined;
}

/** Forgets the shadow's result (after the object adopted it, or when its shadow ended). */
export function clearShadow(meta: MetaSlot): void {
  meta.setMeta(KEY, '');
}

/**
 * The shadow's row is written at once when something the comparison counts changed since the last
 * scoring (either model's band or stage, the outcome), when this shadow scores the lead for the
 * first time, and otherwise at most once per debounce interval (as the lead index is).
 */
function mustWrite(
  prev: StoredShadow | undefined,
  result: ScoreResult,
  active: ScoreResult,
  now: number,
  intervalMs: number,
): boolean {
  if (!prev || prev.indexedAt === null) return true;
  if (now - prev.indexedAt >= intervalMs) return true;
  return (
    prev.result.band !== result.band ||
    prev.result.stage !== result.stage ||
    prev.result.outcome !== result.outcome ||
    prev.activeBand !== active.band ||
    prev.activeStage !== active.stage
  );
}

/** Band, stage, total, and when the model first made the lead an MQL since the shadow started. */
function position(r: ScoreResult, since: number) {
  const sent = r.transitions.find((t) => t.kind === 'stage' && t.to === 'mql' && t.at >= since);
  return { total: r.total, band: r.band, stage: r.stage, sentAt: sent?.at ?? null };
}
