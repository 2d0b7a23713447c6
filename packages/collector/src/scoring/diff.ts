/**
 * Comparing results: `diff` turns two results of one lead into the band and stage changes to record
 * and notify; `previewDiff` sums up how a candidate model would move every lead (the dry run before
 * publishing).
 */
import type { ScoreResult, Stage, Transition } from './result';

type Track = { kind: 'band' | 'stage'; axis?: string; before: string | undefined; after: string };

function tracks(prev: ScoreResult | undefined, next: ScoreResult): Track[] {
  const out: Track[] = Object.entries(next.bands).map(([axis, after]) => ({
    kind: 'band',
    axis,
    before: prev?.bands[axis],
    after,
  }));
  out.push({ kind: 'stage', before: prev?.stage, after: next.stage });
  return out;
}

/**
 * The changes between an earlier and a later result of the same lead, oldest first. Within one
 * model version these are the later result's own transitions that follow the earlier's, with their causes
 * (event, decay, inactivity, sales). When they do not lead from the earlier state to the later one
 * (a late event rewrote history) or the model changed, one change from the earlier state to the
 * later is reported instead, caused by `event` or `model`, at `next.asOf`.
 * Without an earlier result, every transition of the later one is new.
 */
export function diff(prev: ScoreResult | undefined, next: ScoreResult): Transition[] {
  if (prev === undefined) return next.transitions.slice();
  const sameModel = prev.modelVersion === next.modelVersion;
  // History only grows while events arrive in order: the new transitions are what follows the old ones
  // (this also catches a second event in the same millisecond as the earlier read).
  const fresh = isPrefix(prev.transitions, next.transitions)
    ? next.transitions.slice(prev.transitions.length)
    : next.transitions.filter((t) => t.at > prev.asOf && t.at <= next.asOf);
  const accepted = new Set<Transition>();
  const synthesized: Transition[] = [];
  for (const track of tracks(prev, next)) {
    const recent = fresh.filter((t) => t.kind === track.kind && t.axis === track.axis);
    const chained =
      sameModel &&
      recent.length > 0 &&
      recent[0]?.from === track.before &&
      recent[recent.length - 1]?.to === track.after &&
      recent.every((t, i) => i === 0 || recent[i - 1]?.to === t.from);
    if (chained) for (const t of recent) accepted.add(t);
    else if (track.before !== undefined && track.before !== track.after) {
      const change: Transition = {
        kind: track.kind,
        from: track.before,
        to: track.after,
        cause: sameModel ? 'event' : 'model',
        at: next.asOf,
      };
      if (track.axis !== undefined) change.axis = track.axis;
      synthesized.push(change);
    }
  }
  // History order for the lead's own transitions; the synthesized ones come last, at `next.asOf`.
  return [...fresh.filter((t) => accepted.has(t)), ...synthesized].sort((a, b) => a.at - b.at);
}

const sameTransition = (a: Transition, b: Transition): boolean =>
  a.kind === b.kind &&
  a.from === b.from &&
  a.to === b.to &&
  a.axis === b.axis &&
  a.cause === b.cause &&
  a.at === b.at &&
  a.eventId === b.eventId;

function isPrefix(head: readonly Transition[], all: readonly Transition[]): boolean {
  if (head.length > all.length) return false;
  for (let i = 0; i < head.length; i++)
    if (!sameTransition(head[i] as Transition, all[i] as Transition)) return false;
  return true;
}

/** A before/after pair for one lead: its result under the current and under the candidate model. */
export type PreviewPair = { before: ScoreResult; after: ScoreResult };

export type PreviewSummary = {
  leads: number;
  /** Leads whose primary band or stage would change. */
  changed: number;
  bandChanged: number;
  stageChanged: number;
  /** Leads per primary band, before and after. */
  bands: { before: Record<string, number>; after: Record<string, number> };
  /** Leads per stage, before and after. */
  stages: { before: Partial<Record<Stage, number>>; after: Partial<Record<Stage, number>> };
  /** Primary-band moves, e.g. `{ "warm→hot": 12 }`. */
  bandMoves: Record<string, number>;
  /** Stage moves, e.g. `{ "known→mql": 3 }`. */
  stageMoves: Record<string, number>;
  disqualified: { before: number; after: number };
  /** How totals move: leads up, down, and the mean change. */
  total: { up: number; down: number; meanDelta: number };
};

const bump = (record: Record<string, number>, key: string): void => {
  record[key] = (record[key] ?? 0) + 1;
};

/** Aggregates the dry run of a candidate model over every stored lead. */
export function previewDiff(pairs: Iterable<PreviewPair>): PreviewSummary {
  const s: PreviewSummary = {
    leads: 0,
    changed: 0,
    bandChanged: 0,
    stageChanged: 0,
    bands: { before: {}, after: {} },
    stages: { before: {}, after: {} },
    bandMoves: {},
    stageMoves: {},
    disqualified: { before: 0, after: 0 },
    total: { up: 0, down: 0, meanDelta: 0 },
  };
  let deltaSum = 0;
  for (const { before, after } of pairs) {
    s.leads++;
    bump(s.bands.before, before.band);
    bump(s.bands.after, after.band);
    bump(s.stages.before, before.stage);
    bump(s.stages.after, after.stage);
    const bandMoved = before.band !== after.band;
    const stageMoved = before.stage !== after.stage;
    if (bandMoved) {
      s.bandChanged++;
      bump(s.bandMoves, `${before.band}→${after.band}`);
    }
    if (stageMoved) {
      s.stageChanged++;
      bump(s.stageMoves, `${before.stage}→${after.stage}`);
    }
    if (bandMoved || stageMoved) s.changed++;
    if (before.disqualified) s.disqualified.before++;
    if (after.disqualified) s.disqualified.after++;
    const delta = after.total - before.total;
    if (delta > 0) s.total.up++;
    else if (delta < 0) s.total.down++;
    deltaSum += delta;
  }
  s.total.meanDelta = s.leads === 0 ? 0 : Math.round((deltaSum / s.leads) * 100) / 100;
  return s;
}
