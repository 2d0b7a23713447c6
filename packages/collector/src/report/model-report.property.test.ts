import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL } from '../scoring';
import { buildModelReport, type ReportOutcome } from './model-report';
import type { Interval } from './stats';

const RULES = ['pricing-page', 'demo-request', 'careers-page', 'content-page-view', 'business-email'];

const outcomeArb: fc.Arbitrary<ReportOutcome> = fc
  .record({
    won: fc.boolean(),
    fired: fc.subarray(RULES),
    interest: fc.integer({ min: -30, max: 60 }),
    intent: fc.integer({ min: 0, max: 80 }),
    fit: fc.integer({ min: -50, max: 20 }),
    reachedMql: fc.boolean(),
  })
  .map((o) => ({
    outcome: o.won ? 'won' : 'lost',
    features: Object.fromEntries(o.fired.map((id) => [id, { fired: 1, points: 5 }])),
    scores: { interest: o.interest, intent: o.intent, fit: o.fit },
    total: o.interest + o.intent + o.fit,
    reachedMql: o.reachedMql,
  }));

// 'max' size and up to 120: the default small arrays would rarely pass the floor of 20 won and 20 lost.
const outcomesArb = fc.array(outcomeArb, { maxLength: 120, size: 'max' });

function expectProbabilityInterval(i: Interval | null | undefined): void {
  if (!i) return;
  expect(i.low).toBeGreaterThanOrEqual(0);
  expect(i.high).toBeLessThanOrEqual(1);
  expect(i.low).toBeLessThanOrEqual(i.estimate);
  expect(i.estimate).toBeLessThanOrEqual(i.high);
}

describe('model report properties', () => {
  it('counts add up and every rate, precision and recall is a probability inside its interval', () => {
    fc.assert(
      fc.property(outcomesArb, (outcomes) => {
        const r = buildModelReport(outcomes, DEFAULT_MODEL);
        const won = outcomes.filter((o) => o.outcome === 'won').length;
        const lost = outcomes.length - won;
        expect(r.counts).toEqual({ won, lost, total: outcomes.length });
        expect(r.dataQuality.claims).toBe(Math.min(won, lost) >= 20);
        expect(r.rules === null).toBe(outcomes.length === 0);
        expectProbabilityInterval(r.winRate);
        for (const t of [...(r.thresholds ?? []), ...(r.recommendedThreshold?.candidates ?? [])]) {
          const c = t.confusion;
          expect(c.tp + c.fp + c.fn + c.tn).toBe(outcomes.length);
          expect(c.tp + c.fn).toBe(won);
          expectProbabilityInterval(t.precision);
          expectProbabilityInterval(t.recall);
          expect(t.f1).toBeGreaterThanOrEqual(0);
          expect(t.f1).toBeLessThanOrEqual(1);
        }
        // Every row says what it rests on, and the rows of each table add up to all outcomes.
        for (const rows of [r.conversion?.buckets, r.conversion?.bands, r.conversion?.deciles]) {
          if (!rows) continue;
          expect(rows.reduce((s, b) => s + b.outcomes, 0)).toBe(outcomes.length);
          for (const b of rows) {
            expect(b.won + b.lost).toBe(b.outcomes);
            expect(b.winRate?.of ?? 0).toBe(b.outcomes);
            expectProbabilityInterval(b.winRate);
            expectProbabilityInterval(b.atOrAbove);
          }
        }
        for (const rule of r.rules ?? []) {
          expect(rule.won.fired).toBeLessThanOrEqual(won);
          expect(rule.lost.fired).toBeLessThanOrEqual(lost);
          expectProbabilityInterval(rule.winRateWhenFired);
          expectProbabilityInterval(rule.winRateWhenNot);
          if (rule.lift) {
            expect(rule.lift.low).toBeLessThanOrEqual(rule.lift.estimate);
            expect(rule.lift.estimate).toBeLessThanOrEqual(rule.lift.high);
          }
          // A verdict only with the data floor, the per-rule floor and a false discovery rate of 5 %.
          if (rule.verdict === 'predicts wins' || rule.verdict === 'predicts losses') {
            expect(r.dataQuality.claims).toBe(true);
            expect(rule.judged).toBe(true);
            expect(rule.q).toBeLessThanOrEqual(0.05);
            const fired = rule.winRateWhenFired?.estimate ?? 0;
            const not = rule.winRateWhenNot?.estimate ?? 0;
            expect(rule.verdict === 'predicts wins').toBe(fired > not);
          }
          if (rule.q !== null) expect(rule.q).toBeGreaterThanOrEqual(rule.p ?? 1);
        }
        expectProbabilityInterval(r.currentScore?.auc);
        if (r.currentScore && r.currentScore.auc.estimate < 0.5) {
          expect(r.currentScore.reading).toMatch(/no better than chance|below lost ones/);
        }
        const s = r.recommendedThreshold?.suggested;
        if (s) {
          expect(r.dataQuality.claims).toBe(true);
          expect(s.threshold).toBeGreaterThan(Math.min(...outcomes.map((o) => o.total)));
          expect(s.threshold).toBeLessThanOrEqual(Math.max(...outcomes.map((o) => o.total)));
        }
        if (!r.dataQuality.claims) expect(r.weights).toBeNull();
        for (const fit of r.weights ? [r.weights.fit.inSample, r.weights.fit.crossValidated] : []) {
          expect(Number.isFinite(fit.logLoss)).toBe(true);
          expect(fit.brier).toBeGreaterThanOrEqual(0);
          expect(fit.brier).toBeLessThanOrEqual(1);
        }
        for (const w of r.weights?.weights ?? []) {
          if (w.suggestedPoints === null) continue;
          expect(Number.isInteger(w.suggestedPoints)).toBe(true);
          expect(r.weights?.fit.gain.low).toBeGreaterThan(0);
          // A suggestion never goes against its own interval.
          expect(w.interval && (w.interval.low > 0 || w.interval.high < 0)).toBe(true);
          if (w.suggestedPoints !== 0)
            expect(Math.sign(w.suggestedPoints)).toBe(Math.sign(w.coefficient ?? 0));
        }
      }),
      { numRuns: 100 },
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(outcomesArb, (outcomes) => {
        expect(buildModelReport(structuredClone(outcomes), DEFAULT_MODEL)).toEqual(
          buildModelReport(outcomes, DEFAULT_MODEL),
        );
      }),
      { numRuns: 30 },
    );
  });
});
