/**
 * Per rule: how often it fired before won and before lost outcomes, how often leads won when it
 * fired and when it did not, and a verdict that accounts for testing every rule at once.
 *
 * Each judged rule gets Fisher's exact test of "won" against "fired" (a 2×2 table, exact at any
 * size); the p-values of all judged rules are adjusted together (Benjamini–Hochberg), and a rule
 * is called predictive only when its adjusted p-value is at most `FDR` (5 %). With 14 noise rules
 * and no correction, about one report in three would name one of them; with it, about one in
 * twenty at most.
 */
import type { Axis, Rule } from '../scoring';
import type { DataThresholds } from './data-quality';
import type { RuleFeature } from './features';
import {
  benjaminiHochberg,
  fisherExact,
  type Interval,
  round,
  roundInterval,
  type Share,
  share,
} from './stats';

/** The false discovery rate the verdicts keep: at most 5 % of the rules called predictive are expected to be noise. */
export const FDR = 0.05;

export type RuleVerdict =
  | 'predicts wins'
  | 'predicts losses'
  | 'no evidence'
  | 'too little data'
  | 'never fired';

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
  /** P(won | fired), with its 95 % Wilson interval and the outcomes it rests on; `null` when it never fired. */
  winRateWhenFired: Share | null;
  /** P(won | not fired), the comparison; `null` when it fired before every outcome. */
  winRateWhenNot: Share | null;
  /**
   * P(won | fired) / P(won): 1 means the rule says nothing about the outcome. The interval is the
   * Wilson interval of P(won | fired) divided by the overall win rate (taken as known): evidence
   * for the rule alone, before the correction for testing many rules.
   */
  lift: Interval | null;
  /** Fisher's exact test (two-sided) of fired against won; `null` when the rule is not judged. */
  p: number | null;
  /** `p` adjusted for every judged rule (Benjamini–Hochberg); a verdict needs q ≤ 5 %. */
  q: number | null;
  /** Whether the rule reaches the per-rule floor (and the data the overall floor). */
  judged: boolean;
  verdict: RuleVerdict;
  /** Why the rule has no verdict, in words, when it is not judged. */
  note?: string;
};

/** Rules in the model's order, analysed against the outcomes; sorted by `sortByEvidence`. */
export function ruleEvidence(
  rules: readonly Rule[],
  outcomes: readonly RuleOutcome[],
  describe: (rule: Rule) => string,
  floor: { claims: boolean; thresholds: DataThresholds },
): RuleEvidence[] {
  const n = outcomes.length;
  const wonTotal = outcomes.filter((o) => o.outcome === 'won').length;
  const lostTotal = n - wonTotal;
  const baseRate = n > 0 ? wonTotal / n : 0;
  const minRate = Math.min(baseRate, 1 - baseRate);

  const evidence = rules.map((rule): RuleEvidence => {
    let won = 0;
    let lost = 0;
    for (const o of outcomes) {
      if ((o.features[rule.id]?.fired ?? 0) <= 0) continue;
      if (o.outcome === 'won') won++;
      else lost++;
    }
    const fired = won + lost;
    const rate = share(won, fired);
    // Rounded before anything reads it, so what is shown is what was judged.
    const lift = rate && baseRate > 0 ? roundInterval(scale(rate, 1 / baseRate)) : null;
    // Cochran: the smallest expected cell of the 2×2 table under "no effect".
    const expectedCell = Math.min(fired, n - fired) * minRate;
    const judged = floor.claims && expectedCell >= floor.thresholds.perRuleExpected;
    const note =
      fired === 0
        ? undefined
        : !floor.claims
          ? 'below the data floor: no verdict'
          : !judged
            ? `too few outcomes ${fired === n ? 'without' : fired > n / 2 ? 'without' : 'with'} the rule to judge it ` +
              `(fewer than ${floor.thresholds.perRuleExpected} wins or losses expected on each side)`
            : undefined;
    return {
      ruleId: rule.id,
      description: rule.description ?? describe(rule),
      axis: rule.axis,
      points: rule.points,
      won: { fired: won, rate: wonTotal > 0 ? round(won / wonTotal) : 0 },
      lost: { fired: lost, rate: lostTotal > 0 ? round(lost / lostTotal) : 0 },
      winRateWhenFired: rate,
      winRateWhenNot: share(wonTotal - won, n - fired),
      lift,
      p: judged ? fisherExact({ a: won, b: lost, c: wonTotal - won, d: lostTotal - lost }) : null,
      q: null,
      judged,
      verdict: fired === 0 ? 'never fired' : judged ? 'no evidence' : 'too little data',
      ...(note ? { note } : {}),
    };
  });

  // One family: every judged rule of this report.
  const tested = evidence.filter((e) => e.p !== null);
  const q = benjaminiHochberg(tested.map((e) => e.p as number));
  tested.forEach((e, i) => {
    const qi = q[i] as number;
    e.p = roundP(e.p as number);
    e.q = roundP(qi);
    if (qi > FDR) return;
    const whenNot = e.winRateWhenNot?.estimate ?? 0;
    const whenFired = e.winRateWhenFired?.estimate ?? 0;
    e.verdict = whenFired > whenNot ? 'predicts wins' : 'predicts losses';
  });
  return sortByEvidence(evidence, rules);
}

/** p-values are shown to 3 significant digits: enough to read, small ones stay visible. */
function roundP(p: number): number {
  return p === 0 ? 0 : Number(p.toPrecision(3));
}

function scale(i: Interval, f: number): Interval {
  return { estimate: i.estimate * f, low: i.low * f, high: i.high * f };
}

/**
 * Verdicts first (smallest q first), then judged rules by p, then the rest by how often they
 * fired; then the model's order, so equal inputs always give the same order.
 */
function sortByEvidence(evidence: RuleEvidence[], rules: readonly Rule[]): RuleEvidence[] {
  const order = new Map(rules.map((r, i) => [r.id, i]));
  const claimed = (e: RuleEvidence) =>
    e.verdict === 'predicts wins' || e.verdict === 'predicts losses' ? 0 : 1;
  return evidence.sort(
    (a, b) =>
      claimed(a) - claimed(b) ||
      (a.q ?? 2) - (b.q ?? 2) ||
      (a.p ?? 2) - (b.p ?? 2) ||
      b.won.fired + b.lost.fired - (a.won.fired + a.lost.fired) ||
      (order.get(a.ruleId) ?? 0) - (order.get(b.ruleId) ?? 0),
  );
}
