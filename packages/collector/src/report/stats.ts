/**
 * Small, exact statistics for the model report: proportions with Wilson intervals, the ranking
 * quality of a score (AUC) and the usual losses of probabilistic predictions. No randomness.
 */

/** The normal quantile of a two-sided 95 % interval. */
export const Z95 = 1.959963984540054;

/** An estimate with its 95 % interval. */
export type Interval = { estimate: number; low: number; high: number };

/**
 * The Wilson score interval of `k` successes in `n` trials (95 %). Unlike the textbook
 * `p ± z·√(p(1−p)/n)` it stays inside [0, 1] and is not degenerate at 0/n or n/n, which is what
 * small samples produce all the time. `null` when there are no trials.
 */
export function wilson(k: number, n: number, z = Z95): Interval | null {
  if (n <= 0) return null;
  const p = k / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return { estimate: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/**
 * The probability that a random positive scores higher than a random negative (ties count half):
 * the Mann–Whitney form of the area under the ROC curve. `null` without both classes.
 */
export function auc(scores: readonly number[], positive: readonly boolean[]): number | null {
  const order = scores.map((s, i) => ({ s, pos: positive[i] === true })).sort((a, b) => a.s - b.s);
  let positives = 0;
  let negatives = 0;
  let rankSum = 0;
  // Average ranks over ties, so tied scores count half.
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j < order.length && order[j]?.s === order[i]?.s) j++;
    const rank = (i + 1 + j) / 2;
    for (let t = i; t < j; t++) {
      if (order[t]?.pos) {
        positives++;
        rankSum += rank;
      } else negatives++;
    }
    i = j;
  }
  if (positives === 0 || negatives === 0) return null;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/**
 * A 95 % interval of an AUC: Newcombe's score-type interval (Statistics in Medicine 2006,
 * 25:559–573, method 5). It inverts the Hanley–McNeil variance (Radiology 1982, 143:29–36)
 * evaluated at the bound itself rather than at the estimate, as Wilson's interval does for a
 * proportion, so it does not collapse to a point at an AUC of 0 or 1, which small samples often
 * produce.
 */
export function aucInterval(a: number, positives: number, negatives: number, z = Z95): Interval {
  const half = (positives + negatives) / 2;
  const variance = (t: number): number =>
    ((t * (1 - t)) / (positives * negatives)) * (1 + (half - 1) * ((1 - t) / (2 - t) + t / (1 + t)));
  // The bounds are where (a − θ)² = z²·V(θ): one root below a, one above.
  const gap = (t: number): number => (a - t) ** 2 - z * z * variance(t);
  return { estimate: a, low: a <= 0 ? 0 : bisect(gap, 0, a), high: a >= 1 ? 1 : bisect(gap, 1, a) };
}

/** A root of `f` between `outside` (where f ≥ 0) and `inside` (where f ≤ 0), to 1e-9. */
function bisect(f: (t: number) => number, outside: number, inside: number): number {
  let out = outside;
  let ins = inside;
  for (let i = 0; i < 60 && Math.abs(out - ins) > 1e-9; i++) {
    const mid = (out + ins) / 2;
    if (f(mid) > 0) out = mid;
    else ins = mid;
  }
  return (out + ins) / 2;
}

/** Probabilities are kept this far from 0 and 1 so one confident miss costs a lot, not infinity. */
const EPS = 1e-12;

/** Mean negative log-likelihood (natural log) of probabilities `p` for outcomes `y`. */
export function logLoss(p: readonly number[], y: readonly boolean[]): number {
  let sum = 0;
  for (let i = 0; i < p.length; i++) {
    const q = Math.min(1 - EPS, Math.max(EPS, p[i] ?? 0.5));
    sum -= y[i] ? Math.log(q) : Math.log(1 - q);
  }
  return sum / p.length;
}

/** Mean squared error of probabilities `p` for outcomes `y` (0 perfect, 0.25 a coin toss). */
export function brier(p: readonly number[], y: readonly boolean[]): number {
  let sum = 0;
  for (let i = 0; i < p.length; i++) sum += ((p[i] ?? 0.5) - (y[i] ? 1 : 0)) ** 2;
  return sum / p.length;
}

/** Share of outcomes on the right side of 0.5. */
export function accuracy(p: readonly number[], y: readonly boolean[]): number {
  let right = 0;
  for (let i = 0; i < p.length; i++) if ((p[i] ?? 0.5) >= 0.5 === y[i]) right++;
  return right / p.length;
}

/** Rounds to `digits` decimals for display (the report is read by people). */
export function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Rounds every field of an interval. */
export function roundInterval(i: Interval, digits = 3): Interval {
  return { estimate: round(i.estimate, digits), low: round(i.low, digits), high: round(i.high, digits) };
}
