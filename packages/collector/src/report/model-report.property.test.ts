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

// 'max' size: the default small arrays would rarely pass the report's 10-outcome floor.
const outcomesArb = fc.array(outcomeArb, { maxLength: 60, size: 'max' });

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
        expect(r.counts).toEqual({ won, lost: outcomes.length - won, total: outcomes.length });
        expect((r.rules === null) === (r.dataQuality.level === 'insufficient')).toBe(true);
        expectProbabilityInterval(r.winRate);
        for (const t of [...(r.thresholds ?? []), ...(r.bestThreshold ? [r.bestThreshold] : [])]) {
          const c = t.confusion;
          expect(c.tp + c.fp + c.fn + c.tn).toBe(outcomes.length);
          expect(c.tp + c.fn).toBe(won);
          expectProbabilityInterval(t.precision);
          expectProbabilityInterval(t.recall);
          expect(t.f1).toBeGreaterThanOrEqual(0);
          expect(t.f1).toBeLessThanOrEqual(1);
        }
        for (const rule of r.rules ?? []) {
          expect(rule.won.fired).toBeLessThanOrEqual(won);
          expect(rule.lost.fired).toBeLessThanOrEqual(outcomes.length - won);
          expectProbabilityInterval(rule.winRateWhenFired);
          if (rule.lift) {
            expect(rule.lift.low).toBeLessThanOrEqual(rule.lift.estimate);
            expect(rule.lift.estimate).toBeLessThanOrEqual(rule.lift.high);
          }
          // A verdict only where the interval excludes 1.
          if (rule.verdict === 'predicts wins') expect(rule.lift?.low).toBeGreaterThan(1);
          if (rule.verdict === 'predicts losses') expect(rule.lift?.high).toBeLessThan(1);
          if (rule.verdict === 'no evidence') {
            expect(rule.lift?.low).toBeLessThanOrEqual(1);
            expect(rule.lift?.high).toBeGreaterThanOrEqual(1);
          }
        }
        expectProbabilityInterval(r.currentScore?.auc);
        for (const fit of r.weights ? [r.weights.fit.inSample, r.weights.fit.crossValidated] : []) {
          expect(Number.isFinite(fit.logLoss)).toBe(true);
          expect(fit.brier).toBeGreaterThanOrEqual(0);
          expect(fit.brier).toBeLessThanOrEqual(1);
        }
        for (const w of r.weights?.weights ?? []) {
          if (w.suggestedPoints !== null) expect(Number.isInteger(w.suggestedPoints)).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(outcomesArb, (outcomes) => {
        expect(buildModelReport(structuredClone(outcomes), DEFAULT_MODEL)).toEqual(
          buildModelReport(outcomes, DEFAULT_MODEL),
        );
      }),
      { numRuns: 50 },
    );
  });
});
