/**
 * The active model and a shadow model side by side, on the outcomes recorded since the shadow
 * started (out of sample for both: neither was built on them): how well each ranks won above lost
 * leads, the paired difference of their AUCs (DeLong), how their "sent to sales" (reached MQL)
 * converts and how much better than the base rate that is (lift), conversion per band and 10-point
 * bucket, and how many leads each made an MQL since the shadow started. The same floor as the
 * report: below it, figures but no verdict.
 */
import type { ScoringModel } from '../scoring';
import { type BucketRow, conversionByScore } from './buckets';
import { DATA_THRESHOLDS } from './data-quality';
import { type ScoreRanking, scoreRanking } from './ranking';
import { compareAuc, type Interval, round, roundInterval, type Share, share } from './stats';

/** One decided lead as each model saw it just before the outcome. */
export type ComparedOutcome = {
  outcome: 'won' | 'lost';
  active: Side;
  shadow: Side;
};

type Side = { total: number; reachedMql: boolean; scores: { interest: number; intent: number; fit: number } };

export type ModelSide = {
  version: number;
  label: string;
  /** How well its total ranks won above lost leads. */
  ranking: ScoreRanking | null;
  /** Leads it had made an MQL before their outcome: how many, how many of them won, and of all won. */
  sentToSales: {
    sent: number;
    precision: Share | null;
    recall: Share | null;
    /** Precision / the overall win rate (1 = no better than sending leads at random), with its interval. */
    lift: Interval | null;
  };
  bands: BucketRow[];
  buckets: BucketRow[];
  /** Leads it made an MQL (sent to sales) since the shadow started, among all leads scored by both. */
  sentSinceStart: number;
};

export type ShadowComparison = {
  /** When the shadow started: only outcomes dated since count. */
  since: number;
  outcomes: { won: number; lost: number; total: number };
  /** Whether the outcomes reach the report's floor (20 won and 20 lost). */
  claims: boolean;
  active: ModelSide;
  shadow: ModelSide;
  /** AUC of the shadow minus AUC of the active model on the same outcomes, 95 % interval (DeLong). */
  aucDifference: { difference: Interval; p: number } | null;
  /** Leads scored by both models since the shadow started (and how many of them are known). */
  live: { leads: number; known: number };
  verdict: string;
};

export type ComparisonInput = {
  since: number;
  outcomes: readonly ComparedOutcome[];
  active: { version: number; model: ScoringModel };
  shadow: { version: number; model: ScoringModel };
  live: { leads: number; known: number; sentByActive: number; sentByShadow: number };
};

export function compareModels(input: ComparisonInput): ShadowComparison {
  const { outcomes } = input;
  const won = outcomes.filter((o) => o.outcome === 'won').length;
  const lost = outcomes.length - won;
  const claims = Math.min(won, lost) >= DATA_THRESHOLDS.floor;
  const isWon = outcomes.map((o) => o.outcome === 'won');
  const baseRate = outcomes.length > 0 ? won / outcomes.length : 0;

  const side = (which: 'active' | 'shadow', sentSinceStart: number): ModelSide => {
    const m = input[which];
    const view = outcomes.map((o) => ({ outcome: o.outcome, ...o[which] }));
    const conversion = conversionByScore(m.model, view);
    let tp = 0;
    let fp = 0;
    for (const o of view) {
      if (!o.reachedMql) continue;
      if (o.outcome === 'won') tp++;
      else fp++;
    }
    const precision = share(tp, tp + fp);
    return {
      version: m.version,
      label: m.model.version,
      ranking: scoreRanking(
        view.map((o) => o.total),
        isWon,
        { claims, what: which === 'active' ? 'the active model' : 'the shadow model' },
      ),
      sentToSales: {
        sent: tp + fp,
        precision,
        recall: share(tp, won),
        lift:
          precision && baseRate > 0
            ? roundInterval({
                estimate: precision.estimate / baseRate,
                low: precision.low / baseRate,
                high: precision.high / baseRate,
              })
            : null,
      },
      bands: conversion?.bands ?? [],
      buckets: conversion?.buckets ?? [],
      sentSinceStart,
    };
  };

  const compared = compareAuc(
    outcomes.map((o) => o.shadow.total),
    outcomes.map((o) => o.active.total),
    isWon,
  );
  const aucDifference = compared
    ? { difference: roundInterval(compared.difference), p: Number(compared.p.toPrecision(3)) }
    : null;
  return {
    since: input.since,
    outcomes: { won, lost, total: outcomes.length },
    claims,
    active: side('active', input.live.sentByActive),
    shadow: side('shadow', input.live.sentByShadow),
    aucDifference,
    live: { leads: input.live.leads, known: input.live.known },
    verdict: verdictOf(won, lost, claims, aucDifference),
  };
}

function verdictOf(
  won: number,
  lost: number,
  claims: boolean,
  auc: { difference: Interval; p: number } | null,
): string {
  const counted = `${won + lost} outcome${won + lost === 1 ? '' : 's'} since the shadow started (${won} won, ${lost} lost)`;
  if (won + lost === 0) {
    return 'no outcomes recorded since the shadow started: nothing to compare yet; the live counts show how many leads each model would send to sales';
  }
  if (!claims || !auc) {
    return (
      `${counted}: below the data floor of ${DATA_THRESHOLDS.floor} won and ${DATA_THRESHOLDS.floor} lost, ` +
      'so the figures are evidence, not a verdict'
    );
  }
  const d = auc.difference;
  const signed = (x: number) => `${x > 0 ? '+' : x < 0 ? '−' : ''}${Math.abs(round(x, 3))}`;
  const shown = `AUC difference ${signed(d.estimate)}, 95 % interval ${signed(d.low)} to ${signed(d.high)}, on ${counted}`;
  if (d.low > 0)
    return `the shadow model ranks won leads above lost ones better than the active model (${shown})`;
  if (d.high < 0)
    return `the shadow model ranks won leads above lost ones worse than the active model (${shown})`;
  return `no difference the data can show between the two models yet (${shown})`;
}
