/**
 * The model's thresholds as classifiers of the outcome ("reached MQL", each band boundary), and a
 * recommendation for the total at which leads go to sales that cannot run away: bounded to the
 * totals actually observed, never "flag everyone", only where the flagged leads clearly win more
 * often than the rest, and stated as a trade-off against the current threshold (precision,
 * recall, leads per month) rather than as a single in-sample optimum.
 */
import type { ScoreResult, ScoreTarget, ScoringModel } from '../scoring';
import { fisherExact, round, type Share, share } from './stats';

/** The part of an outcome the threshold analysis reads. */
export type ThresholdOutcome = {
  outcome: 'won' | 'lost';
  total: number;
  scores: ScoreResult['scores'];
  reachedMql: boolean;
  /** When the outcome was recorded (ms): the basis of "leads per month" without a lead index. */
  outcomeAt?: number;
};

/** Outcomes by flag: true positives are won leads the threshold flagged, and so on. */
export type Confusion = {
  /** Flagged and won. */
  tp: number;
  /** Flagged and lost. */
  fp: number;
  /** Not flagged, yet won. */
  fn: number;
  /** Not flagged and lost. */
  tn: number;
};

export type ThresholdEvidence = {
  /** `reached MQL`, or `total ≥ 51 (hot)`. */
  name: string;
  kind: 'mql' | 'band';
  /** Band boundaries: the score the band set classifies, the boundary and the band above it. */
  target?: ScoreTarget;
  min?: number;
  band?: string;
  confusion: Confusion;
  /** P(won | flagged): `count` won of `of` flagged, 95 % Wilson interval; `null` when nothing was flagged. */
  precision: Share | null;
  /** P(flagged | won): `count` flagged of `of` won; `null` without won leads. */
  recall: Share | null;
  /** Harmonic mean of precision and recall, 2·tp / (2·tp + fp + fn). */
  f1: number;
};

/** "Reached MQL" and every boundary of every band set, in the model's order. */
export function thresholdEvidence(
  model: Pick<ScoringModel, 'bands'>,
  outcomes: readonly ThresholdOutcome[],
): ThresholdEvidence[] {
  const out = [evaluate({ name: 'reached MQL', kind: 'mql' }, outcomes, (o) => o.reachedMql)];
  for (const set of model.bands) {
    for (const level of set.levels.slice(1)) {
      out.push(
        evaluate(
          {
            name: `${set.on} ≥ ${level.min} (${level.name})`,
            kind: 'band',
            target: set.on,
            min: level.min,
            band: level.name,
          },
          outcomes,
          (o) => targetValue(o, set.on) >= level.min,
        ),
      );
    }
  }
  return out;
}

/** How many leads a month a threshold on the total would send to sales. */
export type LeadVolume = {
  /** `lead index`: leads first seen in the window whose total is now at or above the threshold; `outcomes`: decided leads at or above it, by outcome date. */
  basis: 'lead index' | 'outcomes';
  /** Days the counts cover. */
  windowDays: number;
  /** Leads (never merged, not disqualified) per total, for the `lead index` basis. */
  totals?: readonly { total: number; leads: number }[];
};

/** One candidate threshold on the total ("total ≥ threshold goes to sales"). */
export type ThresholdPoint = ThresholdEvidence & {
  threshold: number;
  /** Outcomes flagged, and their share of all outcomes. */
  flagged: number;
  share: number;
  /** Leads per 30 days this threshold would send to sales (see `LeadVolume`); `null` without a basis. */
  leadsPerMonth: number | null;
  /** One-sided Fisher test: do flagged leads win more often than the others? */
  p: number;
  /** Whether it passed every guard of the recommendation. */
  eligible: boolean;
};

export type ThresholdAdvice = {
  /** The model's own threshold on the total (its MQL criterion on the total alone, else the top band). */
  current: ThresholdPoint | null;
  /** The recommended threshold, or `null` when the data does not clearly support one. */
  suggested: ThresholdPoint | null;
  /** Every candidate, lowest first: the trade-off to read before moving the threshold. */
  candidates: ThresholdPoint[];
  /** Why this threshold, or why none, in words. */
  reason: string;
  method: string;
  volume: { basis: LeadVolume['basis']; windowDays: number; definition: string } | null;
};

/** Candidates lie on a 5-point grid: thresholds people can state, and few enough to correct for. */
export const THRESHOLD_STEP = 5;
/** Each side of a candidate (flagged, not flagged) must hold at least this many outcomes. */
export const MIN_SIDE = 10;
const ALPHA = 0.05;
const DAYS_PER_MONTH = 30;
/** Leads per month needs at least this many days of data (leads or outcomes). */
const MIN_DAYS = 7;

/**
 * Recommends a threshold on the total. Guards, all of which a candidate must pass:
 * 1. inside the observed totals: above the lowest (so it never flags everyone) and at most the highest;
 * 2. at least `MIN_SIDE` outcomes flagged and as many not flagged;
 * 3. flagged leads win more often than the others, one-sided Fisher test at 5 % after a Bonferroni
 *    correction for the number of candidates (scanning many thresholds finds a lucky one otherwise),
 *    and more often than leads overall (their interval lies above the overall rate's);
 * 4. flags at most half the outcomes, unless the data says so clearly: the leads left out win
 *    less than half as often as the flagged ones (upper end of their interval below half the
 *    lower end of the flagged).
 * Among those, the one with the highest F1, ties to the higher threshold, and only if it beats the
 * current threshold's F1. Only with `claims` (the data floor); in-sample, which the reason says.
 */
export function recommendThreshold(
  model: Pick<ScoringModel, 'bands' | 'stages'>,
  outcomes: readonly ThresholdOutcome[],
  options: { claims: boolean; volume?: LeadVolume },
): ThresholdAdvice {
  const volume = options.volume ?? outcomeVolume(outcomes);
  const perMonth = (t: number): number | null => leadsPerMonth(volume, outcomes, t);
  const currentAt = currentThreshold(model);
  const totals = outcomes.map((o) => o.total);
  const lo = Math.min(...totals);
  const hi = Math.max(...totals);
  const grid: number[] = [];
  for (let t = (Math.floor(lo / THRESHOLD_STEP) + 1) * THRESHOLD_STEP; t <= hi; t += THRESHOLD_STEP)
    grid.push(t);
  const supported = grid
    .map((t) => point(t, outcomes, perMonth(t)))
    .filter((c) => c.flagged >= MIN_SIDE && outcomes.length - c.flagged >= MIN_SIDE);
  const bonferroni = ALPHA / Math.max(1, supported.length);
  const overall = share(outcomes.filter((o) => o.outcome === 'won').length, outcomes.length);
  for (const c of supported) {
    c.eligible =
      options.claims &&
      c.p <= bonferroni &&
      !!overall &&
      !!c.precision &&
      c.precision.low > overall.high &&
      (c.share <= 0.5 || restClearlyWorse(c));
  }
  const eligible = supported.filter((c) => c.eligible);
  const best = eligible.reduce<ThresholdPoint | null>(
    (b, c) => (!b || c.f1 > b.f1 || (c.f1 === b.f1 && c.threshold > b.threshold) ? c : b),
    null,
  );
  const current =
    currentAt === null || outcomes.length === 0 ? null : point(currentAt, outcomes, perMonth(currentAt));
  if (current) current.eligible = supported.some((c) => c.threshold === current.threshold && c.eligible);
  // A change is suggested only when it does better than what the model does now.
  const better = best && (!current || best.f1 > current.f1) ? best : null;

  return {
    current,
    suggested: better,
    candidates: supported,
    reason:
      best && !better && current
        ? `keep the current total ≥ ${current.threshold}: no threshold that passes the guards does better on these ` +
          `outcomes (F1 ${best.f1} at total ≥ ${best.threshold}, ${current.f1} now)`
        : reasonFor(best, current, options.claims, supported.length),
    method:
      `candidates every ${THRESHOLD_STEP} points inside the observed totals with at least ${MIN_SIDE} outcomes on ` +
      'each side; flagged leads must win more often than the rest (one-sided Fisher test, 5 % after a Bonferroni ' +
      'correction for the number of candidates) and more often than leads overall; at most half the outcomes flagged ' +
      'unless the rest clearly win less than half as often; the highest F1 among those, if it beats the current threshold, measured on the same outcomes ' +
      '(in-sample)',
    volume: volume
      ? {
          basis: volume.basis,
          windowDays: round(volume.windowDays, 1),
          definition:
            volume.basis === 'lead index'
              ? `leads first seen in the last ${span(volume.windowDays)} (not disqualified, not merged) whose ` +
                'total is now at or above the threshold, per 30 days'
              : `decided leads whose total at the outcome was at or above the threshold, per 30 days of outcomes ` +
                `(${span(volume.windowDays)}); leads without an outcome are not counted, so this is a lower bound`,
        }
      : null,
  };
}

const span = (d: number): string => `${round(d, 1)} day${round(d, 1) === 1 ? '' : 's'}`;

function reasonFor(
  best: ThresholdPoint | null,
  current: ThresholdPoint | null,
  claims: boolean,
  candidates: number,
): string {
  if (!claims) return 'below the data floor: no threshold is recommended';
  if (candidates === 0)
    return `no threshold inside the observed totals leaves ${MIN_SIDE} outcomes on each side`;
  if (!best) {
    return (
      'no threshold separates leads that win from leads that lose clearly enough (after correcting for the ' +
      `${candidates} thresholds tried): keep the current one`
    );
  }
  const pct = (s: Share | null) => (s ? `${Math.round(s.estimate * 100)} %` : '–');
  const head =
    `total ≥ ${best.threshold} flags ${best.flagged} of ${best.confusion.tp + best.confusion.fp + best.confusion.fn + best.confusion.tn} ` +
    `outcomes with precision ${pct(best.precision)} and recall ${pct(best.recall)}`;
  const against = current
    ? `; the current total ≥ ${current.threshold}: precision ${pct(current.precision)}, recall ${pct(current.recall)}`
    : '';
  return `${head}${against}. Measured on the same outcomes it was chosen on: expect a little less on new ones`;
}

/** Flagging most leads is right only when the leads left out clearly win less than half as often as the flagged ones. */
function restClearlyWorse(c: ThresholdPoint): boolean {
  const out = share(c.confusion.fn, c.confusion.fn + c.confusion.tn);
  return !!out && !!c.precision && out.high < c.precision.low / 2;
}

/** The model's MQL threshold on the total alone, else the lowest band above the first of a band set on the total. */
export function currentThreshold(model: Pick<ScoringModel, 'bands' | 'stages'>): number | null {
  const totals = model.stages.mql.filter((c) => Object.keys(c).length === 1 && c.total !== undefined);
  if (totals.length > 0) return Math.min(...totals.map((c) => c.total as number));
  const set = model.bands.find((b) => b.on === 'total');
  return set?.levels.at(-1)?.min ?? null;
}

function point(t: number, outcomes: readonly ThresholdOutcome[], perMonth: number | null): ThresholdPoint {
  const e = evaluate(
    { name: `total ≥ ${t}`, kind: 'band', target: 'total', min: t },
    outcomes,
    (o) => o.total >= t,
  );
  const c = e.confusion;
  const flagged = c.tp + c.fp;
  return {
    ...e,
    threshold: t,
    flagged,
    share: outcomes.length > 0 ? round(flagged / outcomes.length) : 0,
    leadsPerMonth: perMonth === null ? null : round(perMonth, 1),
    p: Number(fisherExact({ a: c.tp, b: c.fp, c: c.fn, d: c.tn }, 'greater').toPrecision(3)),
    eligible: false,
  };
}

function outcomeVolume(outcomes: readonly ThresholdOutcome[]): LeadVolume | undefined {
  const dates = outcomes.flatMap((o) => (o.outcomeAt === undefined ? [] : [o.outcomeAt]));
  if (dates.length < 2) return undefined;
  const days = (Math.max(...dates) - Math.min(...dates)) / 86_400_000;
  // Less than a week of outcomes says nothing about a month.
  return days >= MIN_DAYS ? { basis: 'outcomes', windowDays: days } : undefined;
}

function leadsPerMonth(
  volume: LeadVolume | undefined,
  outcomes: readonly ThresholdOutcome[],
  t: number,
): number | null {
  if (!volume || volume.windowDays <= 0) return null;
  const count =
    volume.basis === 'lead index'
      ? (volume.totals ?? []).reduce((s, r) => s + (r.total >= t ? r.leads : 0), 0)
      : outcomes.filter((o) => o.outcomeAt !== undefined && o.total >= t).length;
  return (count * DAYS_PER_MONTH) / volume.windowDays;
}

function targetValue(o: ThresholdOutcome, target: ScoreTarget): number {
  return target === 'total' ? o.total : o.scores[target];
}

function evaluate(
  head: Pick<ThresholdEvidence, 'name' | 'kind' | 'target' | 'min' | 'band'>,
  outcomes: readonly ThresholdOutcome[],
  flagged: (o: ThresholdOutcome) => boolean,
): ThresholdEvidence {
  const c: Confusion = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (const o of outcomes) {
    const won = o.outcome === 'won';
    if (flagged(o)) won ? c.tp++ : c.fp++;
    else won ? c.fn++ : c.tn++;
  }
  return {
    ...head,
    confusion: c,
    precision: share(c.tp, c.tp + c.fp),
    recall: share(c.tp, c.tp + c.fn),
    f1: c.tp === 0 ? 0 : round((2 * c.tp) / (2 * c.tp + c.fp + c.fn)),
  };
}
