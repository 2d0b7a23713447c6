import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evalExpSum, expSumRoots } from './exp-sum';

describe('expSumRoots', () => {
  it('finds the single root of a decaying term against a constant', () => {
    // 55 − 40·e^(−s·ln2/10) − 51 … crosses where 40·2^(−s/10) = 4: s = 10·log2(10).
    const roots = expSumRoots([4, -40], [0, -Math.LN2 / 10], 0, 100, 1e-9);
    expect(roots).toHaveLength(1);
    expect(roots[0]).toBeCloseTo(10 * Math.log2(10), 6);
  });

  it('finds both roots of a sum that rises then falls', () => {
    // f(s) = 10·e^(−s/50) − 10·e^(−s/5) − 3: 0 at s = 0 − 3 < 0, rises, then decays below −3 again.
    const c = [-3, 10, -10];
    const r = [0, -1 / 50, -1 / 5];
    const roots = expSumRoots(c, r, 0, 500, 1e-9);
    expect(roots).toHaveLength(2);
    for (const s of roots) expect(Math.abs(evalExpSum(c, r, s))).toBeLessThan(1e-6);
  });

  it('every sign change seen on a fine grid is bracketed by a reported root', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength: 3, maxLength: 3 }),
        fc.uniqueArray(fc.integer({ min: 1, max: 60 }), { minLength: 2, maxLength: 2 }),
        (coefs, halfLives) => {
          const rates = [0, ...halfLives.map((h) => -Math.LN2 / h)];
          const roots = expSumRoots(coefs, rates, 0, 400, 1e-6);
          let prev = evalExpSum(coefs, rates, 0);
          for (let s = 1; s <= 400; s++) {
            const v = evalExpSum(coefs, rates, s);
            if (Math.sign(v) !== Math.sign(prev) && v !== 0 && prev !== 0) {
              expect(roots.some((x) => x >= s - 1 - 1e-6 && x <= s + 1e-6)).toBe(true);
            }
            prev = v;
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('finds the roots of a sum whose coefficients are all subnormal', () => {
    // A random run's shrunk counterexample: 1 + 16·2^(−s) − 4·2^(−s/16), in units of 2^−1074.
    // The derivative's coefficients underflowed, so the extremum between its two roots was lost.
    const unit = 2 ** -1074;
    const rates = [0, -Math.LN2, -Math.LN2 / 16];
    const roots = expSumRoots([unit, 16 * unit, -4 * unit], rates, 0, 400, 1e-6);
    expect(roots).toEqual(expSumRoots([1, 16, -4], rates, 0, 400, 1e-6));
    expect(roots).toHaveLength(2);
    expect(roots[1]).toBeCloseTo(32, 5);
  });
});
