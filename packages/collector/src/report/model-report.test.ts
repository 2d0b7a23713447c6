import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL } from '../scoring';
import { buildModelReport } from './model-report';
import { outcome, salesStory, times } from './test-outcomes';

const story = salesStory();
const report = buildModelReport(story, DEFAULT_MODEL);
const rule = (id: string) => {
  const r = report.rules?.find((x) => x.ruleId === id);
  if (!r) throw new Error(`no rule ${id} in the report`);
  return r;
};
const weight = (id: string) => report.weights?.weights.find((w) => w.ruleId === id);

describe('the model report on a seeded set of outcomes', () => {
  it('counts the outcomes and says the data is thin', () => {
    expect(report.counts).toEqual({ won: 12, lost: 18, total: 30 });
    expect(report.dataQuality.level).toBe('thin');
    expect(report.dataQuality.message).toMatch(
      /^thin: 30 outcomes \(12 won, 18 lost\) — estimates are rough/,
    );
    expect(report.winRate?.estimate).toBe(0.4);
  });

  it('names the rules that predict wins and losses', () => {
    expect(report.summary.predictsWins).toEqual(['demo-request', 'pricing-page']);
    expect(report.summary.predictsLosses).toEqual(['careers-page']);
    expect(rule('content-page-view').verdict).toBe('no evidence');
    expect(rule('video-watched').verdict).toBe('never fired');
    expect(rule('video-watched').lift).toBeNull();
  });

  it('gives per rule the firings for won and lost leads and the lift with its interval', () => {
    // pricing-page fired for 11 of 12 won and 4 of 18 lost: P(won | fired) = 11/15, P(won) = 12/30.
    const pricing = rule('pricing-page');
    expect(pricing.won).toEqual({ fired: 11, rate: 0.917 });
    expect(pricing.lost).toEqual({ fired: 4, rate: 0.222 });
    expect(pricing.winRateWhenFired?.estimate).toBeCloseTo(11 / 15, 3);
    expect(pricing.lift?.estimate).toBeCloseTo(11 / 15 / 0.4, 3);
    expect(pricing.lift?.low).toBeGreaterThan(1);
    expect(pricing.points).toBe(15);
    expect(pricing.description).toBe('Read the pricing or costs page.');
    const careers = rule('careers-page');
    expect(careers.lift?.high).toBeLessThan(1);
  });

  it('sorts the rules by the strength of their evidence', () => {
    const verdicts = report.rules?.map((r) => r.verdict) ?? [];
    const firstWithout = verdicts.findIndex((v) => v !== 'predicts wins' && v !== 'predicts losses');
    expect(firstWithout).toBe(report.summary.predictsWins.length + report.summary.predictsLosses.length);
    expect(verdicts.slice(firstWithout).every((v) => v === 'no evidence' || v === 'never fired')).toBe(true);
  });

  it('measures the MQL threshold and the band boundaries against the outcomes', () => {
    const mql = report.thresholds?.find((t) => t.name === 'reached MQL');
    // MQL (total ≥ 51): the 9 won and the 2 lost leads with pricing + demo.
    expect(mql?.confusion).toEqual({ tp: 9, fp: 2, fn: 3, tn: 16 });
    expect(mql?.precision?.estimate).toBe(0.818);
    expect(mql?.recall?.estimate).toBe(0.75);
    expect(mql?.f1).toBe(0.783);
    expect(report.thresholds?.map((t) => t.name)).toEqual([
      'reached MQL',
      'total ≥ 26 (warm)',
      'total ≥ 51 (hot)',
    ]);
    for (const t of report.thresholds ?? []) {
      const c = t.confusion;
      expect(c.tp + c.fp + c.fn + c.tn).toBe(30);
    }
  });

  it('labels the F1-maximising threshold as in-sample', () => {
    expect(report.bestThreshold?.inSample).toBe(true);
    expect(report.bestThreshold?.note).toMatch(/same outcomes/);
    expect(report.bestThreshold?.f1).toBeGreaterThanOrEqual(
      Math.max(...(report.thresholds ?? []).filter((t) => t.target === 'total').map((t) => t.f1)),
    );
  });

  it('shows how well the current score ranks won above lost leads', () => {
    expect(report.currentScore?.auc.estimate).toBeGreaterThan(0.8);
    expect(report.currentScore?.auc.low).toBeLessThan(report.currentScore?.auc.estimate ?? 0);
  });

  it('suggests more points for the rules that predict wins than for those that predict losses', () => {
    const pricing = weight('pricing-page');
    const careers = weight('careers-page');
    expect(pricing?.coefficient).toBeGreaterThan(0);
    expect(careers?.coefficient).toBeLessThan(0);
    expect(pricing?.suggestedPoints).toBeGreaterThan(careers?.suggestedPoints ?? 0);
    expect(careers?.suggestedPoints).toBeLessThan(0);
    expect(weight('video-watched')).toMatchObject({
      suggestedPoints: null,
      reason: 'never fired before an outcome',
    });
  });

  it('keeps the fitted rules’ total of absolute points', () => {
    const fitted = report.weights?.weights.filter((w) => w.suggestedPoints !== null) ?? [];
    const current = fitted.reduce((s, w) => s + Math.abs(w.currentPoints), 0);
    const suggested = fitted.reduce((s, w) => s + Math.abs(w.suggestedPoints ?? 0), 0);
    // Rounding each suggestion to whole points moves the sum by at most half a point per rule.
    expect(Math.abs(suggested - current)).toBeLessThanOrEqual(fitted.length / 2);
  });

  it('shows the fit in-sample and cross-validated, so overfitting is visible', () => {
    const fit = report.weights?.fit;
    expect(fit?.crossValidated.method).toBe('leave-one-out');
    expect(fit?.crossValidated.logLoss).toBeGreaterThan(fit?.inSample.logLoss ?? 0);
    expect(fit?.crossValidated.logLoss).toBeLessThan(fit?.baseline.crossValidated.logLoss ?? 0);
    expect(fit?.inSample.auc).toBeGreaterThan(fit?.crossValidated.auc ?? 1);
    expect(report.weights?.verdict).toMatch(/predict better than the base rate/);
  });

  it('says so when the weights do not beat the base rate out of sample', () => {
    // The same rules fire for won and lost leads alike.
    const noise = [
      ...times(6, outcome('won', ['pricing-page'])),
      ...times(6, outcome('won', ['careers-page'])),
      ...times(6, outcome('lost', ['pricing-page'])),
      ...times(6, outcome('lost', ['careers-page'])),
    ];
    const r = buildModelReport(noise, DEFAULT_MODEL);
    expect(r.summary).toEqual({ predictsWins: [], predictsLosses: [] });
    expect(r.weights?.verdict).toMatch(/do not beat the base rate .*do not adopt them/);
  });

  it('is deterministic', () => {
    expect(buildModelReport(salesStory(), DEFAULT_MODEL)).toEqual(report);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });
});

describe('too few outcomes', () => {
  it('shows only the counts and says there is not enough data', () => {
    const eight = salesStory().slice(0, 4).concat(salesStory().slice(-4));
    const r = buildModelReport(eight, DEFAULT_MODEL);
    expect(r.counts).toEqual({ won: 4, lost: 4, total: 8 });
    expect(r.dataQuality.level).toBe('insufficient');
    expect(r.dataQuality.message).toMatch(/^not enough data: 8 outcomes \(4 won, 4 lost\)/);
    expect(r).toMatchObject({
      rules: null,
      thresholds: null,
      bestThreshold: null,
      weights: null,
      winRate: null,
    });
  });

  it('wants both won and lost outcomes, not only many', () => {
    const lopsided = [
      ...times(25, outcome('won', ['pricing-page'])),
      ...times(2, outcome('lost', ['careers-page'])),
    ];
    expect(buildModelReport(lopsided, DEFAULT_MODEL).dataQuality.level).toBe('insufficient');
  });

  it('handles no outcomes at all', () => {
    expect(buildModelReport([], DEFAULT_MODEL)).toMatchObject({
      counts: { won: 0, lost: 0, total: 0 },
      dataQuality: { level: 'insufficient', message: expect.stringMatching(/^not enough data: 0 outcomes/) },
    });
  });
});
