/**
 * The report never claims more than the data holds: generated populations with a known truth
 * (`synthetic.ts`), seeded, run through the engine and the report.
 */
import { describe, expect, it } from 'vitest';
import { buildModelReport, type ModelReport } from './model-report';
import { NOISE, population, SIGNAL, type Truth } from './synthetic';

const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);
const REAL = SIGNAL.rules.filter((r) => r.beta !== 0);

function run(truth: Truth, n: number, seed: number): { report: ModelReport; lowest: number } {
  const p = population(truth, n, seed);
  return {
    report: buildModelReport(p.outcomes, p.model),
    lowest: Math.min(...p.outcomes.map((o) => o.total)),
  };
}

const called = (r: ModelReport) => [...r.summary.predictsWins, ...r.summary.predictsLosses];
const suggested = (r: ModelReport) => r.weights?.weights.filter((w) => w.suggestedPoints !== null) ?? [];

describe('at 20 outcomes', () => {
  for (const [name, truth] of [
    ['pure noise', NOISE],
    ['a real signal', SIGNAL],
  ] as const) {
    it(`suggests no weights and calls no rule predictive (${name}, 20 seeds)`, () => {
      for (const seed of SEEDS) {
        const { report } = run(truth, 20, seed);
        expect(report.dataQuality.claims, `seed ${seed}`).toBe(false);
        expect(called(report), `seed ${seed}`).toEqual([]);
        expect(suggested(report), `seed ${seed}`).toEqual([]);
        expect(report.recommendedThreshold?.suggested ?? null, `seed ${seed}`).toBeNull();
        // The evidence is still shown, each figure with what it rests on.
        expect(report.conversion?.buckets.reduce((s, b) => s + b.outcomes, 0)).toBe(20);
        for (const rule of report.rules ?? []) {
          expect(['too little data', 'never fired']).toContain(rule.verdict);
        }
      }
    });
  }
});

describe('pure noise with 2,000 outcomes', () => {
  const runs = SEEDS.map((seed) => ({ seed, ...run(NOISE, 2000, seed) }));

  it('calls a rule predictive in at most 1 of 20 seeded runs', () => {
    const withClaims = runs.filter((r) => called(r.report).length > 0).map((r) => r.seed);
    expect(withClaims.length, `seeds with a claim: ${withClaims.join(', ')}`).toBeLessThanOrEqual(1);
  });

  it('never recommends a threshold below the lowest observed score, nor one that flags most leads', () => {
    for (const { seed, report, lowest } of runs) {
      const s = report.recommendedThreshold?.suggested;
      if (!s) continue;
      expect(s.threshold, `seed ${seed}`).toBeGreaterThan(lowest);
      expect(s.share, `seed ${seed}`).toBeLessThanOrEqual(0.5);
    }
  });

  it('suggests no weights', () => {
    const withWeights = runs.filter((r) => suggested(r.report).length > 0).map((r) => r.seed);
    expect(withWeights.length, `seeds with weights: ${withWeights.join(', ')}`).toBeLessThanOrEqual(1);
  });

  it('does not show a chance-level AUC as anything else', () => {
    for (const { report } of runs) {
      const ranking = report.currentScore;
      expect(ranking).not.toBeNull();
      if (!ranking) continue;
      if (ranking.auc.low <= 0.5 && ranking.auc.high >= 0.5)
        expect(ranking.reading).toMatch(/no better than chance/);
    }
  });
});

describe('a real signal with 2,000 outcomes', () => {
  const runs = SEEDS.slice(0, 5).map((seed) => ({ seed, ...run(SIGNAL, 2000, seed) }));

  it('finds the rules that really predict wins and losses', () => {
    for (const { seed, report } of runs) {
      for (const r of REAL) {
        const list = r.beta > 0 ? report.summary.predictsWins : report.summary.predictsLosses;
        expect(list, `seed ${seed}: ${r.id}`).toContain(r.id);
      }
    }
  });

  it('suggests weights with the right sign for the real rules and none against them', () => {
    for (const { seed, report } of runs) {
      expect(report.weights?.suggested, `seed ${seed}`).toBe(true);
      for (const r of REAL) {
        const w = report.weights?.weights.find((x) => x.ruleId === r.id);
        expect(Math.sign(w?.suggestedPoints ?? 0), `seed ${seed}: ${r.id}`).toBe(Math.sign(r.beta));
      }
      for (const w of suggested(report)) {
        const truth = SIGNAL.rules.find((r) => r.id === w.ruleId);
        // A noise rule may get a small suggestion; a real one never the wrong sign.
        if (truth && truth.beta !== 0) expect(Math.sign(w.suggestedPoints ?? 0)).toBe(Math.sign(truth.beta));
      }
    }
  });

  it('recommends a threshold that sees better than chance and states the trade-off against the current one', () => {
    for (const { seed, report, lowest } of runs) {
      const advice = report.recommendedThreshold;
      expect(advice?.current?.threshold, `seed ${seed}`).toBe(51);
      const s = advice?.suggested;
      if (!s) {
        // No change suggested: only because the current threshold does as well.
        expect(advice?.reason, `seed ${seed}`).toMatch(
          /^keep the current total ≥ 51: no threshold that passes/,
        );
        continue;
      }
      expect(s.f1).toBeGreaterThan(advice?.current?.f1 ?? 1);
      expect(s.threshold).toBeGreaterThan(lowest);
      // Flagged leads clearly win more often than leads overall.
      expect(s.precision?.low).toBeGreaterThan(report.winRate?.high ?? 1);
      if (s.share > 0.5) {
        const rest = s.confusion.fn / (s.confusion.fn + s.confusion.tn);
        expect(rest).toBeLessThan((s.precision?.low ?? 0) / 2);
      }
      expect(s.precision?.of).toBe(s.flagged);
      expect(s.recall?.of).toBe(report.counts.won);
    }
  });
});
