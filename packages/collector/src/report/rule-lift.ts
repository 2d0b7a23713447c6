/**
 * Per rule: how often it fired before won and before lost outcomes, and its lift — how much more
 * (or less) often a lead wins when the rule fired than leads win overall.
 */
import type { Axis, Rule } from '../scoring';
import type { RuleFeature } from './features';
import { type Interval, round, roundInterval, wilson } from './stats';

export type RuleVerdict = 'predicts wins' | 'predicts losses' | 'no evidence' | 'never fired';

/** The part of an outcome the rule analysis reads. */
export type RuleOutcome = { outcome: 'won' | 'lost'; features: Record<string, RuleFeature> };

export type RuleEvidence = {
  ruleId: string;
  description: string;
  axis: Axis;
  /** The rule's current points per firing. */
  points: number;
  /** Won leads for which the rule fired before the outcome, and their share of all won leads. */
  won: { fired: number; rate: number };
  /** The same for lost leads. */
  lost: { fired: number; rate: number };
  /** P(won | fired) with its 95 % Wilson interval; `null` when the rule never fired. */
  winRateWhenFired: Interval | null;
  /**
   * P(won | fired) / P(won): 1 means the rule says nothing about the outcome. The interval is the
   * Wilson interval of P(won | fired) divided by the overall win rate (taken as known).
   */
  lift: Interval | null;
  /** Given only when the lift's interval lies entirely above 1 (wins) or below 1 (losses). */
  verdict: RuleVerdict;
};

/** Rules in the model's order, analysed against the outcomes; sorted by `sortByEvidence`. */
export function ruleEvidence(
  rules: readonly Rule[],
  outcomes: readonly RuleOutcome[],
  describe: (rule: Rule) => string,
): RuleEvidence[] {
  const wonTotal = outcomes.filter((o) => o.outcome === 'won').length;
  const lostTotal = outcomes.length - wonTotal;
  const baseRate = wonTotal / outcomes.length;
  const evidence = rules.map((rule): RuleEvidence => {
    let won = 0;
    let lost = 0;
    for (const o of outcomes) {
      if ((o.features[rule.id]?.fired ?? 0) <= 0) continue;
      if (o.outcome === 'won') won++;
      else lost++;
    }
    const rate = wilson(won, won + lost);
    // Rounded before the verdict, so the verdict always agrees with the interval shown.
    const lift = rate && baseRate > 0 ? roundInterval(scale(rate, 1 / baseRate)) : null;
    return {
      ruleId: rule.id,
      description: rule.description ?? describe(rule),
      axis: rule.axis,
      points: rule.points,
      won: { fired: won, rate: wonTotal > 0 ? round(won / wonTotal) : 0 },
      lost: { fired: lost, rate: lostTotal > 0 ? round(lost / lostTotal) : 0 },
      winRateWhenFired: rate ? roundInterval(rate) : null,
      lift,
      verdict: verdict(lift),
    };
  });
  return sortByEvidence(evidence, rules);
}

function scale(i: Interval, f: number): Interval {
  return { estimate: i.estimate * f, low: i.low * f, high: i.high * f };
}

function verdict(lift: Interval | null): RuleVerdict {
  if (!lift) return 'never fired';
  if (lift.low > 1) return 'predicts wins';
  if (lift.high < 1) return 'predicts losses';
  return 'no evidence';
}

/**
 * How far the lift's interval lies from 1, on a log scale (0 when it contains 1): the strength of
 * the evidence, symmetric for wins and losses.
 */
export function evidenceStrength(lift: Interval | null): number {
  if (!lift) return 0;
  if (lift.low > 1) return Math.log(lift.low);
  // Rounding may show a tiny upper end as 0; the floor keeps the logarithm finite.
  if (lift.high < 1) return -Math.log(Math.max(lift.high, 0.001));
  return 0;
}

/**
 * Strongest evidence first; then rules that fired more often (more data); then the model's order,
 * so equal inputs always give the same order.
 */
function sortByEvidence(evidence: RuleEvidence[], rules: readonly Rule[]): RuleEvidence[] {
  const order = new Map(rules.map((r, i) => [r.id, i]));
  return evidence.sort(
    (a, b) =>
      evidenceStrength(b.lift) - evidenceStrength(a.lift) ||
      b.won.fired + b.lost.fired - (a.won.fired + a.lost.fired) ||
      (order.get(a.ruleId) ?? 0) - (order.get(b.ruleId) ?? 0),
  );
}
