/**
 * The model's thresholds as classifiers of the outcome: "reached MQL" and each band boundary
 * (score ≥ the band's `min`) flag a lead; how many flagged leads were won (precision) and how many
 * won leads were flagged (recall).
 */
import type { ScoreResult, ScoreTarget, ScoringModel } from '../scoring';
import { type Interval, round, roundInterval, wilson } from './stats';

/** The part of an outcome the threshold analysis reads. */
export type ThresholdOutcome = {
  outcome: 'won' | 'lost';
  total: number;
  scores: ScoreResult['scores'];
  reachedMql: boolean;
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
  /** P(won | flagged), 95 % Wilson interval; `null` when nothing was flagged. */
  precision: Interval | null;
  /** P(flagged | won), 95 % Wilson interval; `null` without won leads. */
  recall: Interval | null;
  /** Harmonic mean of precision and recall, 2·tp / (2·tp + fp + fn). */
  f1: number;
};

export type BestThreshold = ThresholdEvidence & {
  /** Always true: the threshold was chosen on the same outcomes it is scored on. */
  inSample: true;
  note: string;
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

/**
 * The total at or above which flagging leads maximises F1 on these outcomes (ties: the higher
 * precision, then the higher threshold). In-sample, hence optimistic: a threshold picked on the data
 * always looks better on that data than it will on the next outcomes.
 */
export function bestTotalThreshold(outcomes: readonly ThresholdOutcome[]): BestThreshold | null {
  const won = outcomes.filter((o) => o.outcome === 'won').length;
  const lost = outcomes.length - won;
  // One sweep from the highest total down: lowering the threshold past a total flags its leads.
  const byTotal = [...outcomes].sort((a, b) => b.total - a.total);
  let tp = 0;
  let fp = 0;
  let best: { t: number; tp: number; fp: number } | null = null;
  for (let i = 0; i < byTotal.length; ) {
    const t = (byTotal[i] as ThresholdOutcome).total;
    for (; i < byTotal.length && (byTotal[i] as ThresholdOutcome).total === t; i++) {
      if ((byTotal[i] as ThresholdOutcome).outcome === 'won') tp++;
      else fp++;
    }
    // Ties: higher precision first; the sweep goes downwards, so a later equal candidate is a
    // lower threshold and replaces the current one only when strictly better.
    if (
      !best ||
      f1Of(tp, fp, won) > f1Of(best.tp, best.fp, won) ||
      (f1Of(tp, fp, won) === f1Of(best.tp, best.fp, won) && tp / (tp + fp) > best.tp / (best.tp + best.fp))
    )
      best = { t, tp, fp };
  }
  if (!best) return null;
  const c: Confusion = { tp: best.tp, fp: best.fp, fn: won - best.tp, tn: lost - best.fp };
  return {
    ...metrics({ name: `total ≥ ${best.t}`, kind: 'band', target: 'total', min: best.t }, c),
    inSample: true,
    note:
      'chosen to maximise F1 on these same outcomes, so it looks better here than it will on new ones; ' +
      'treat it as a direction to test, not a measured result',
  };
}

function f1Of(tp: number, fp: number, won: number): number {
  return tp === 0 ? 0 : (2 * tp) / (tp + fp + won);
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
  return metrics(head, c);
}

function metrics(head: Pick<ThresholdEvidence, 'name' | 'kind' | 'target' | 'min' | 'band'>, c: Confusion) {
  const precision = wilson(c.tp, c.tp + c.fp);
  const recall = wilson(c.tp, c.tp + c.fn);
  return {
    ...head,
    confusion: c,
    precision: precision ? roundInterval(precision) : null,
    recall: recall ? roundInterval(recall) : null,
    f1: c.tp === 0 ? 0 : round((2 * c.tp) / (2 * c.tp + c.fp + c.fn)),
  };
}
