/**
 * Small, exact statistics for the model report: proportions with Wilson intervals, the ranking
 * quality of a score (AUC) and the usual losses of probabilistic predictions. No randomness.
 */

/** The normal quantile of a two-sided 95 % interval. */
export const Z95 = 1.959963984540054;

/** An estimate with its 95 % interval. */
export type Interval = { estimate: number; low: number; high: number };

/** A share with its 95 % Wilson interval and what it rests on: `count` of `of` outcomes. */
export type Share = Interval & { count: number; of: number };

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

/** `count` of `of` as a rounded `Share`; `null` when there is nothing to count. */
export function share(count: number, of: number): Share | null {
  const i = wilson(count, of);
  return i ? { ...roundInterval(i), count, of } : null;
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

/** ln(k!) for k = 0…n, by summation (exact enough for the tables of a report, n ≤ a few 10,000). */
function logFactorials(n: number): Float64Array {
  const f = new Float64Array(n + 1);
  for (let k = 2; k <= n; k++) f[k] = (f[k - 1] as number) + Math.log(k);
  return f;
}

/** A 2×2 table of outcomes: `a` fired and won, `b` fired and lost, `c` not fired and won, `d` not fired and lost. */
export type Table2x2 = { a: number; b: number; c: number; d: number };

/**
 * Fisher's exact test of a 2×2 table (conditional on its margins, so exact at any size):
 * `two-sided` sums the probabilities of every table as likely as the observed one or less;
 * `greater` the tables with at least as many `a` (the first row wins more often).
 */
export function fisherExact(t: Table2x2, side: 'two-sided' | 'greater' = 'two-sided'): number {
  const row1 = t.a + t.b;
  const row2 = t.c + t.d;
  const col1 = t.a + t.c;
  const n = row1 + row2;
  if (n === 0 || row1 === 0 || row2 === 0 || col1 === 0 || col1 === n) return 1;
  const lf = logFactorials(n);
  const fixed =
    (lf[row1] as number) +
    (lf[row2] as number) +
    (lf[col1] as number) +
    (lf[n - col1] as number) -
    (lf[n] as number);
  const logP = (x: number) =>
    fixed -
    (lf[x] as number) -
    (lf[row1 - x] as number) -
    (lf[col1 - x] as number) -
    (lf[row2 - col1 + x] as number);
  const lo = Math.max(0, col1 - row2);
  const hi = Math.min(row1, col1);
  const observed = logP(t.a);
  let p = 0;
  for (let x = lo; x <= hi; x++) {
    const lp = logP(x);
    // Tables as likely as the observed one count in full; the tolerance absorbs rounding (as R's fisher.test does).
    if (side === 'greater' ? x >= t.a : lp <= observed + 1e-7) p += Math.exp(lp);
  }
  return Math.min(1, p);
}

/**
 * Benjamini–Hochberg adjusted p-values (q-values) of a family of tests, in the input order:
 * rejecting every test with q ≤ α keeps the expected share of false discoveries among the
 * rejections at most α (for independent or positively dependent tests), and the chance of any
 * false discovery at most α when no effect is real.
 */
export function benjaminiHochberg(p: readonly number[]): number[] {
  const m = p.length;
  const order = p.map((v, i) => ({ v, i })).sort((x, y) => x.v - y.v);
  const q = new Array<number>(m).fill(1);
  let running = 1;
  for (let r = m - 1; r >= 0; r--) {
    const { v, i } = order[r] as { v: number; i: number };
    running = Math.min(running, (v * m) / (r + 1));
    // max: rounding of v·m/rank could otherwise land a hair below v itself.
    q[i] = Math.min(1, Math.max(v, running));
  }
  return q;
}

/**
 * DeLong's test of two correlated AUCs (DeLong, DeLong & Clarke-Pearson, Biometrics 1988,
 * 44:837–845): two scores of the same outcomes, their difference `a − b` with a 95 % interval and
 * a two-sided p-value. `null` without both classes.
 */
export function compareAuc(
  a: readonly number[],
  b: readonly number[],
  positive: readonly boolean[],
  z = Z95,
): { difference: Interval; p: number } | null {
  const ca = aucComponents(a, positive);
  const cb = aucComponents(b, positive);
  if (!ca || !cb) return null;
  const m = ca.v10.length;
  const n = ca.v01.length;
  const cov = (x: Float64Array, y: Float64Array, mx: number, my: number) => {
    let s = 0;
    for (let i = 0; i < x.length; i++) s += ((x[i] as number) - mx) * ((y[i] as number) - my);
    return x.length > 1 ? s / (x.length - 1) : 0;
  };
  const varA = cov(ca.v10, ca.v10, ca.auc, ca.auc) / m + cov(ca.v01, ca.v01, ca.auc, ca.auc) / n;
  const varB = cov(cb.v10, cb.v10, cb.auc, cb.auc) / m + cov(cb.v01, cb.v01, cb.auc, cb.auc) / n;
  const covAB = cov(ca.v10, cb.v10, ca.auc, cb.auc) / m + cov(ca.v01, cb.v01, ca.auc, cb.auc) / n;
  const d = ca.auc - cb.auc;
  const se = Math.sqrt(Math.max(0, varA + varB - 2 * covAB));
  const p = se > 0 ? 2 * (1 - normalCdf(Math.abs(d) / se)) : d === 0 ? 1 : 0;
  return { difference: { estimate: d, low: d - z * se, high: d + z * se }, p: Math.min(1, p) };
}

/** Per positive, the share of negatives it outscores (V10); per negative, the share of positives above it (V01). */
function aucComponents(
  scores: readonly number[],
  positive: readonly boolean[],
): { auc: number; v10: Float64Array; v01: Float64Array } | null {
  // In input order: the two scores' components are paired by outcome.
  const pos = scores.filter((_, i) => positive[i]);
  const neg = scores.filter((_, i) => !positive[i]);
  if (pos.length === 0 || neg.length === 0) return null;
  const posSorted = [...pos].sort((x, y) => x - y);
  const negSorted = [...neg].sort((x, y) => x - y);
  // How many of `sorted` lie below x, ties counting half.
  const below = (sorted: readonly number[], x: number) => {
    const lt = lowerBound(sorted, x);
    const le = upperBound(sorted, x);
    return lt + (le - lt) / 2;
  };
  const v10 = Float64Array.from(pos, (x) => below(negSorted, x) / neg.length);
  const v01 = Float64Array.from(neg, (y) => (pos.length - below(posSorted, y)) / pos.length);
  let sum = 0;
  for (const v of v10) sum += v;
  return { auc: sum / pos.length, v10, v01 };
}

function lowerBound(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function upperBound(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The standard normal distribution function (Abramowitz & Stegun 7.1.26 via erf, |error| < 1.5e-7). */
export function normalCdf(x: number): number {
  const t = 1 / (1 + (0.3275911 * Math.abs(x)) / Math.SQRT2);
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-(x * x) / 2);
  return x >= 0 ? (1 + y) / 2 : (1 - y) / 2;
}
