/**
 * Roots of exponential sums `f(s) = Σ c_k · e^(r_k · s)`: between two events a score is exactly such
 * a sum (one term per distinct half-life plus a constant), so the first moment it crosses a band
 * threshold can be found exactly instead of by sampling.
 *
 * By the generalised Descartes rule of signs (Laguerre), `f` has at most as many real roots as
 * there are sign changes in its coefficients ordered by exponent. Dividing by `e^(r_p·s)` keeps the
 * roots and makes one term constant, so the derivative has one term fewer: recursing on it yields
 * every extremum, and `f` is monotone between them, where bisection finds each root.
 */

/** Below this, coefficients are scaled up before the search (see `expSumRoots`). */
const TINY = 2 ** -900;

/** Evaluates `Σ c_k · e^(r_k · s)`. */
export function evalExpSum(coefs: readonly number[], rates: readonly number[], s: number): number {
  let sum = 0;
  for (let k = 0; k < coefs.length; k++) {
    const r = rates[k] as number;
    sum += r === 0 ? (coefs[k] as number) : (coefs[k] as number) * Math.exp(r * s);
  }
  return sum;
}

/** Number of sign changes of the coefficients ordered by rate. */
function signChanges(coefs: readonly number[], rates: readonly number[]): number {
  const order = rates.map((_, i) => i).sort((a, b) => (rates[a] as number) - (rates[b] as number));
  let changes = 0;
  let last = 0;
  for (const i of order) {
    const sign = Math.sign(coefs[i] as number);
    if (sign === 0) continue;
    if (last !== 0 && sign !== last) changes++;
    last = sign;
  }
  return changes;
}

/**
 * Every root of `Σ c_k · e^(r_k · s)` in `[lo, hi]`, ascending, to within `tol`. Callers keep
 * `lo ≥ 0` and rates ≤ 0 after the pivot division, so nothing overflows.
 */
export function expSumRoots(
  coefs: readonly number[],
  rates: readonly number[],
  lo: number,
  hi: number,
  tol = 0.25,
): number[] {
  const c: number[] = [];
  const r: number[] = [];
  for (let k = 0; k < coefs.length; k++) {
    if (coefs[k] !== 0) {
      c.push(coefs[k] as number);
      r.push(rates[k] as number);
    }
  }
  if (c.length <= 1 || !(hi >= lo)) return [];
  // Tiny coefficients are scaled up by a power of two (exact, and the roots are the same): else
  // the derivative's coefficients (each times a rate below 1) underflow to zero or to a few bits,
  // and the extrema that split the search are lost.
  let largest = 0;
  for (let k = 0; k < c.length; k++) largest = Math.max(largest, Math.abs(c[k] as number));
  // In steps: a single factor of 2^1074 would overflow.
  for (let e = largest < TINY ? -Math.floor(Math.log2(largest)) : 0; e > 0; e -= 1000) {
    const scale = 2 ** Math.min(e, 1000);
    for (let k = 0; k < c.length; k++) c[k] = (c[k] as number) * scale;
  }
  const changes = signChanges(c, r);
  if (changes === 0) return [];
  // Divide by the term with the largest rate: g = f·e^(−r_p·s) has the same roots and rates ≤ 0.
  let p = 0;
  for (let k = 1; k < r.length; k++) if ((r[k] as number) > (r[p] as number)) p = k;
  const gc: number[] = [];
  const gr: number[] = [];
  const dc: number[] = [];
  const rp = r[p] as number;
  for (let k = 0; k < c.length; k++) {
    const rate = (r[k] as number) - rp;
    gc.push(c[k] as number);
    gr.push(rate);
    if (k !== p) dc.push((c[k] as number) * rate);
  }
  const dr = gr.filter((_, k) => k !== p);
  // One sign change means at most one (simple) root: no need to split at extrema.
  const splits = changes === 1 ? [] : expSumRoots(dc, dr, lo, hi, tol);
  const points = [lo, ...splits, hi];
  const roots: number[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    let a = points[i] as number;
    let b = points[i + 1] as number;
    let fa = evalExpSum(gc, gr, a);
    const fb = evalExpSum(gc, gr, b);
    if (fa === 0) {
      if (roots.length === 0 || (roots[roots.length - 1] as number) < a) roots.push(a);
      continue;
    }
    if (fb === 0 || Math.sign(fa) === Math.sign(fb)) {
      if (fb === 0 && i + 2 === points.length) roots.push(b);
      continue;
    }
    while (b - a > tol) {
      const m = (a + b) / 2;
      const fm = evalExpSum(gc, gr, m);
      if (Math.sign(fm) === Math.sign(fa)) {
        a = m;
        fa = fm;
      } else b = m;
    }
    roots.push((a + b) / 2);
  }
  return roots;
}
