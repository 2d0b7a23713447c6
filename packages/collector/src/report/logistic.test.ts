import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crossValidatedPredictions, fitLogistic, predictLogistic, stratifiedFolds } from './logistic';

/** `count` copies of one (x, y) sample. */
const copies = (count: number, x: number[], y: boolean) => Array.from({ length: count }, () => ({ x, y }));

describe('fitLogistic', () => {
  it('reproduces the log odds ratio of a 2×2 table when barely penalised', () => {
    // Fired: 8 won, 2 lost (P = 0.8). Not fired: 3 won, 7 lost (P = 0.3).
    const data = [
      ...copies(8, [1], true),
      ...copies(2, [1], false),
      ...copies(3, [0], true),
      ...copies(7, [0], false),
    ];
    const fit = fitLogistic(
      data.map((d) => d.x),
      data.map((d) => d.y),
      { l2: 1e-10, interceptL2: 0 },
    );
    expect(fit.converged).toBe(true);
    expect((fit.coef[0] as number) / (fit.sd[0] as number)).toBeCloseTo(Math.log(8 / 2 / (3 / 7)), 6);
    expect(predictLogistic(fit, [1])).toBeCloseTo(0.8, 6);
    expect(predictLogistic(fit, [0])).toBeCloseTo(0.3, 6);
    // Its standard error is Woolf's for the log odds ratio: √(1/8 + 1/2 + 1/3 + 1/7).
    expect((fit.se[0] as number) / (fit.sd[0] as number)).toBeCloseTo(
      Math.sqrt(1 / 8 + 1 / 2 + 1 / 3 + 1 / 7),
      5,
    );
  });

  it('stays finite when a feature separates the classes perfectly', () => {
    const data = [...copies(5, [1, 0], true), ...copies(5, [0, 1], false)];
    const fit = fitLogistic(
      data.map((d) => d.x),
      data.map((d) => d.y),
    );
    expect(fit.converged).toBe(true);
    for (const c of fit.coef) expect(Number.isFinite(c)).toBe(true);
    expect(fit.coef[0]).toBeGreaterThan(0);
    expect(fit.coef[1]).toBeLessThan(0);
  });

  it('gives a constant feature no coefficient', () => {
    const fit = fitLogistic(
      [
        [1, 1],
        [1, 0],
        [1, 1],
        [1, 0],
      ],
      [true, false, true, true],
    );
    expect(fit.sd[0]).toBe(0);
    expect(fit.coef[0]).toBe(0);
  });

  it('stops where the penalised gradient vanishes', () => {
    const dataset = fc.integer({ min: 1, max: 5 }).chain((d) =>
      fc.array(
        fc.tuple(fc.array(fc.integer({ min: 0, max: 1 }), { minLength: d, maxLength: d }), fc.boolean()),
        {
          minLength: 4,
          maxLength: 40,
        },
      ),
    );
    fc.assert(
      fc.property(dataset, fc.constantFrom(0.1, 1, 10), (rows, l2) => {
        const x = rows.map((r) => r[0]);
        const y = rows.map((r) => r[1]);
        const fit = fitLogistic(x, y, { l2 });
        expect(fit.converged).toBe(true);
        // ∂/∂β_j of Σ log-loss + l2/2·β² on the standardised design (and the intercept's faint
        // penalty, 0.01 by default), recomputed here.
        const grad = new Array<number>(fit.coef.length + 1).fill(0);
        x.forEach((row, i) => {
          const p = predictLogistic(fit, row);
          const r = p - (y[i] ? 1 : 0);
          grad[0] = (grad[0] as number) + r;
          row.forEach((v, j) => {
            const sd = fit.sd[j] as number;
            if (sd > 0) grad[j + 1] = (grad[j + 1] as number) + (r * (v - (fit.mean[j] as number))) / sd;
          });
        });
        grad[0] = (grad[0] as number) + 0.01 * fit.intercept;
        fit.coef.forEach((c, j) => {
          grad[j + 1] = (grad[j + 1] as number) + l2 * c;
        });
        for (const g of grad) expect(Math.abs(g)).toBeLessThan(1e-6);
      }),
    );
  });
});

describe('cross-validation', () => {
  it('deals each class round-robin over the folds', () => {
    const y = [true, true, true, false, false, false, false, true];
    const folds = stratifiedFolds(y, 2);
    for (const cls of [true, false]) {
      const inFold0 = folds.filter((f, i) => y[i] === cls && f === 0).length;
      const inFold1 = folds.filter((f, i) => y[i] === cls && f === 1).length;
      expect(Math.abs(inFold0 - inFold1)).toBeLessThanOrEqual(1);
    }
    expect(new Set(stratifiedFolds(y, y.length)).size).toBe(y.length);
  });

  it('predicts each sample without looking at its outcome', () => {
    const x = [[1], [1], [0], [0], [1], [0], [1], [0]];
    const y = [true, true, false, false, true, false, false, true];
    const folds = stratifiedFolds(y, y.length);
    const before = crossValidatedPredictions(x, y, folds).model;
    for (let i = 0; i < y.length; i++) {
      const flipped = y.map((v, j) => (j === i ? !v : v));
      expect(crossValidatedPredictions(x, flipped, folds).model[i]).toBe(before[i]);
    }
  });
});
