import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  accuracy,
  auc,
  aucInterval,
  benjaminiHochberg,
  brier,
  compareAuc,
  fisherExact,
  logLoss,
  normalCdf,
  share,
  wilson,
} from './stats';

describe('wilson', () => {
  it('matches published 95 % intervals', () => {
    // Newcombe (1998), Statistics in Medicine 17:857–872, table I: 0/10, 1/10 and 5/10 (rounded to 4 places).
    expect(wilson(0, 10)).toMatchObject({ estimate: 0, low: 0 });
    expect(wilson(0, 10)?.high).toBeCloseTo(0.2775, 4);
    expect(wilson(1, 10)?.low).toBeCloseTo(0.0179, 4);
    expect(wilson(1, 10)?.high).toBeCloseTo(0.4042, 4);
    expect(wilson(5, 10)?.low).toBeCloseTo(0.2366, 4);
    expect(wilson(5, 10)?.high).toBeCloseTo(0.7634, 4);
  });

  it('has no interval without trials', () => {
    expect(wilson(0, 0)).toBeNull();
  });

  it('always contains the estimate and stays inside [0, 1]', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 5000 })
          .chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n))),
        ([k, n]) => {
          const i = wilson(k, n);
          expect(i).not.toBeNull();
          if (!i) return;
          expect(i.low).toBeGreaterThanOrEqual(0);
          expect(i.high).toBeLessThanOrEqual(1);
          expect(i.low).toBeLessThanOrEqual(i.estimate + 1e-12);
          expect(i.high).toBeGreaterThanOrEqual(i.estimate - 1e-12);
        },
      ),
    );
  });
});

describe('auc', () => {
  it('is 1 for a perfect ranking, 0 for a reversed one and 0.5 for ties', () => {
    expect(auc([1, 2, 3, 4], [false, false, true, true])).toBe(1);
    expect(auc([4, 3, 2, 1], [false, false, true, true])).toBe(0);
    expect(auc([5, 5, 5, 5], [false, true, false, true])).toBe(0.5);
    expect(auc([1, 2], [true, true])).toBeNull();
  });

  it('equals the share of (positive, negative) pairs ranked right, ties half', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.boolean()), { minLength: 2, maxLength: 40 }),
        (pairs) => {
          const scores = pairs.map((p) => p[0]);
          const labels = pairs.map((p) => p[1]);
          let right = 0;
          let count = 0;
          for (const [sp, lp] of pairs)
            for (const [sn, ln] of pairs) {
              if (!lp || ln) continue;
              count++;
              right += sp > sn ? 1 : sp === sn ? 0.5 : 0;
            }
          const got = auc(scores, labels);
          if (count === 0) expect(got).toBeNull();
          else expect(got).toBeCloseTo(right / count, 12);
        },
      ),
    );
  });

  it('has an interval around the estimate that narrows with more data', () => {
    const small = aucInterval(0.8, 10, 10);
    const large = aucInterval(0.8, 200, 200);
    expect(small.low).toBeLessThan(0.8);
    expect(small.high).toBeGreaterThan(0.8);
    expect(large.high - large.low).toBeLessThan(small.high - small.low);
  });

  it('does not collapse at a perfect ranking of a small sample', () => {
    const perfect = aucInterval(1, 10, 14);
    expect(perfect.high).toBe(1);
    expect(perfect.low).toBeLessThan(0.95);
    expect(perfect.low).toBeGreaterThan(0.5);
    expect(aucInterval(0, 10, 14).high).toBeGreaterThan(0.05);
  });

  it('solves its defining equation at both bounds', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 300 }),
        (a, m, n) => {
          const i = aucInterval(a, m, n);
          expect(i.low).toBeGreaterThanOrEqual(0);
          expect(i.low).toBeLessThanOrEqual(a);
          expect(i.high).toBeGreaterThanOrEqual(a);
          expect(i.high).toBeLessThanOrEqual(1);
          // (a − θ)² = z²·V(θ), with V the Hanley–McNeil variance at θ for N* = (m + n) / 2.
          const half = (m + n) / 2;
          for (const t of [i.low, i.high]) {
            const v = ((t * (1 - t)) / (m * n)) * (1 + (half - 1) * ((1 - t) / (2 - t) + t / (1 + t)));
            expect(Math.abs((a - t) ** 2 - 1.959963984540054 ** 2 * v)).toBeLessThan(1e-6);
          }
        },
      ),
    );
  });
});

describe('losses', () => {
  it('scores a coin toss as ln 2 log-loss, 0.25 Brier', () => {
    const y = [true, false, true, false];
    const p = [0.5, 0.5, 0.5, 0.5];
    expect(logLoss(p, y)).toBeCloseTo(Math.LN2, 12);
    expect(brier(p, y)).toBeCloseTo(0.25, 12);
    expect(accuracy([0.9, 0.1, 0.2, 0.4], y)).toBe(0.75);
  });

  it('keeps a confident miss finite', () => {
    expect(Number.isFinite(logLoss([0], [true]))).toBe(true);
  });
});

describe('share', () => {
  it('says what the rate rests on', () => {
    expect(share(1, 10)).toEqual({ estimate: 0.1, low: 0.018, high: 0.404, count: 1, of: 10 });
    expect(share(0, 0)).toBeNull();
  });
});

describe('fisherExact', () => {
  it('matches the published values', () => {
    // Fisher's tea-tasting table: two-sided 0.4857, one-sided 0.2429 (R: fisher.test).
    expect(fisherExact({ a: 3, b: 1, c: 1, d: 3 })).toBeCloseTo(0.485714, 6);
    expect(fisherExact({ a: 3, b: 1, c: 1, d: 3 }, 'greater')).toBeCloseTo(0.242857, 6);
    // R: fisher.test(matrix(c(8, 1, 2, 5), 2)) → p = 0.03497.
    expect(fisherExact({ a: 8, b: 2, c: 1, d: 5 })).toBeCloseTo(0.034965, 6);
    expect(fisherExact({ a: 10, b: 2, c: 3, d: 15 })).toBeCloseTo(0.00053672, 8);
    expect(fisherExact({ a: 10, b: 2, c: 3, d: 15 }, 'greater')).toBeCloseTo(0.00046518, 8);
  });

  it('is 1 when a margin is empty (nothing to compare)', () => {
    expect(fisherExact({ a: 0, b: 0, c: 4, d: 6 })).toBe(1);
    expect(fisherExact({ a: 3, b: 0, c: 4, d: 0 })).toBe(1);
  });

  it('is a probability, and the one-sided test never exceeds the two-sided one by more than the observed table', () => {
    fc.assert(
      fc.property(fc.nat(30), fc.nat(30), fc.nat(30), fc.nat(30), (a, b, c, d) => {
        const two = fisherExact({ a, b, c, d });
        const greater = fisherExact({ a, b, c, d }, 'greater');
        for (const p of [two, greater]) {
          expect(p).toBeGreaterThan(0);
          expect(p).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('benjaminiHochberg', () => {
  it('matches the step-up adjustment (scipy.stats.false_discovery_control)', () => {
    const q = benjaminiHochberg([0.01, 0.04, 0.03, 0.2, 0.001]);
    [0.025, 0.05, 0.05, 0.2, 0.005].forEach((v, i) => {
      expect(q[i]).toBeCloseTo(v, 12);
    });
    expect(benjaminiHochberg([])).toEqual([]);
  });

  it('never lowers a p-value and keeps its order', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 30 }), (p) => {
        const q = benjaminiHochberg(p);
        p.forEach((v, i) => {
          expect(q[i]).toBeGreaterThanOrEqual(v);
          expect(q[i]).toBeLessThanOrEqual(1);
          p.forEach((w, j) => {
            if (v < w) expect(q[i]).toBeLessThanOrEqual(q[j] as number);
          });
        });
      }),
    );
  });
});

describe('compareAuc (DeLong)', () => {
  it('matches a direct implementation of DeLong et al. (1988)', () => {
    const y = [1, 1, 0, 1, 0, 1, 0, 0, 1, 0, 0, 1].map((v) => v === 1);
    const a = [0.9, 0.8, 0.7, 0.6, 0.55, 0.5, 0.4, 0.3, 0.35, 0.1, 0.2, 0.45];
    const b = [0.3, 0.8, 0.6, 0.2, 0.5, 0.9, 0.1, 0.4, 0.7, 0.2, 0.3, 0.6];
    // Reference: the O(mn) structural components and covariance matrix in NumPy.
    const r = compareAuc(a, b, y);
    expect(r?.difference.estimate).toBeCloseTo(0.0138889, 6);
    expect(r?.difference.low).toBeCloseTo(-0.4095817, 5);
    expect(r?.difference.high).toBeCloseTo(0.4373595, 5);
    expect(r?.p).toBeCloseTo(0.94875, 4);
  });

  it('finds no difference between a score and itself, and needs both classes', () => {
    const y = [true, false, true, false, true];
    const s = [3, 1, 2, 2, 5];
    expect(compareAuc(s, s, y)).toEqual({ difference: { estimate: 0, low: 0, high: 0 }, p: 1 });
    expect(compareAuc(s, s, [true, true, true, true, true])).toBeNull();
  });

  it('uses a normal distribution function accurate to 1e-7', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.158655254, 6);
  });
});
