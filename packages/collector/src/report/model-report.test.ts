import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL } from '../scoring';
import { DATA_THRESHOLDS } from './data-quality';
import { buildModelReport } from './model-report';
import { outcome, salesStory, times } from './test-outcomes';

// 90 outcomes (36 won, 54 lost): above the floor of 20 won and 20 lost.
const story = salesStory(3);
const report = buildModelReport(story, DEFAULT_MODEL);
const rule = (id: string) => {
  const r = report.rules?.find((x) => x.ruleId === id);
  if (!r) throw new Error(`no rule ${id} in the report`);
  return r;
};
const weight = (id: string) => report.weights?.weights.find((w) => w.ruleId === id);

describe('the model report on a seeded set of outcomes', () => {
  it('counts the outcomes and says the data is thin', () => {
    expect(report.counts).toEqual({ won: 36, lost: 54, total: 90 });
    expect(report.dataQuality).toMatchObject({ level: 'thin', claims: true });
    expect(report.dataQuality.message).toMatch(
      /^thin: 90 outcomes \(36 won, 54 lost\) — estimates are rough/,
    );
    expect(report.winRate).toMatchObject({ estimate: 0.4, count: 36, of: 90 });
  });

  it('shows the win rate per 10-point bucket with what each rests on, and at or above it', () => {
    const buckets = report.conversion?.buckets ?? [];
    expect(report.conversion?.bucketWidth).toBe(10);
    // Totals: careers −10, careers+blog −9, none 0, blog 1, pricing 15, pricing+blog 16, pricing+demo 55, +blog 56.
    expect(buckets.map((b) => b.label)).toEqual([
      '−10 to −1',
      '0–9',
      '10–19',
      '20–29',
      '30–39',
      '40–49',
      '50–59',
    ]);
    expect(buckets.map((b) => [b.won, b.outcomes])).toEqual([
      [3, 39],
      [0, 6],
      [6, 12],
      [0, 0],
      [0, 0],
      [0, 0],
      [27, 33],
    ]);
    expect(buckets[3]?.winRate).toBeNull();
    const fifty = buckets[6];
    expect(fifty?.winRate).toMatchObject({ estimate: 0.818, count: 27, of: 33 });
    expect(fifty?.winRate?.low).toBeGreaterThan(0.6);
    // "Do leads at 40+ convert?": the 33 leads at 40 or more, 27 of them won.
    expect(buckets[5]?.atOrAbove).toMatchObject({ count: 27, of: 33 });
    expect(buckets[0]?.atOrAbove).toMatchObject({ count: 36, of: 90 });
  });

  it('shows the win rate per band and per decile of leads', () => {
    expect(report.conversion?.bandsOn).toBe('total');
    expect(report.conversion?.bands.map((b) => [b.label, b.won, b.outcomes])).toEqual([
      ['cold (below 26)', 9, 57],
      ['warm (26–50)', 0, 0],
      ['hot (51+)', 27, 33],
    ]);
    const deciles = report.conversion?.deciles ?? [];
    expect(deciles.reduce((s, d) => s + d.outcomes, 0)).toBe(90);
    // Ties share a decile: the 18 leads at 56 are the top 20 %.
    expect(deciles[0]).toMatchObject({ label: 'top 20 %', from: 56, below: null, won: 15, outcomes: 18 });
    for (let i = 1; i < deciles.length; i++) expect(deciles[i]?.below).toBe(deciles[i - 1]?.from);
  });

  it('names the rules that predict wins and losses, after correcting for testing every rule', () => {
    expect(report.summary.predictsWins).toEqual(['pricing-page', 'demo-request']);
    expect(report.summary.predictsLosses).toEqual(['careers-page']);
    expect(rule('content-page-view').verdict).toBe('no evidence');
    expect(rule('video-watched')).toMatchObject({ verdict: 'never fired', p: null, lift: null });
    for (const id of [...report.summary.predictsWins, ...report.summary.predictsLosses]) {
      expect(rule(id).q).toBeLessThanOrEqual(0.05);
      expect(rule(id).q).toBeGreaterThanOrEqual(rule(id).p ?? 1);
    }
  });

  it('gives per rule the firings, the win rate with and without it, and the lift with its interval', () => {
    // pricing-page fired for 33 of 36 won and 12 of 54 lost: P(won | fired) = 33/45, P(won) = 0.4.
    const pricing = rule('pricing-page');
    expect(pricing.won).toEqual({ fired: 33, rate: 0.917 });
    expect(pricing.lost).toEqual({ fired: 12, rate: 0.222 });
    expect(pricing.winRateWhenFired).toMatchObject({ count: 33, of: 45 });
    expect(pricing.winRateWhenNot).toMatchObject({ count: 3, of: 45 });
    expect(pricing.lift?.estimate).toBeCloseTo(33 / 45 / 0.4, 3);
    expect(pricing.points).toBe(15);
    expect(pricing.description).toBe('Read the pricing or costs page.');
  });

  it('does not judge a rule that fired too rarely, and says why', () => {
    const rare = [...story, ...times(1, outcome('won', ['video-watched']))];
    const r = buildModelReport(rare, DEFAULT_MODEL).rules?.find((x) => x.ruleId === 'video-watched');
    expect(r).toMatchObject({ judged: false, verdict: 'too little data', p: null });
    expect(r?.note).toMatch(/too few outcomes with the rule/);
  });

  it('measures the MQL threshold and the band boundaries against the outcomes', () => {
    const mql = report.thresholds?.find((t) => t.name === 'reached MQL');
    // MQL (total ≥ 51): the 27 won and the 6 lost leads with pricing + demo.
    expect(mql?.confusion).toEqual({ tp: 27, fp: 6, fn: 9, tn: 48 });
    expect(mql?.precision).toMatchObject({ estimate: 0.818, count: 27, of: 33 });
    expect(mql?.recall).toMatchObject({ estimate: 0.75, count: 27, of: 36 });
    expect(mql?.f1).toBe(0.783);
    expect(report.thresholds?.map((t) => t.name)).toEqual([
      'reached MQL',
      'total ≥ 26 (warm)',
      'total ≥ 51 (hot)',
    ]);
  });

  it('recommends a threshold inside the observed totals, as a trade-off against the current one', () => {
    const advice = report.recommendedThreshold;
    expect(advice?.current).toMatchObject({ threshold: 51, flagged: 33 });
    // total ≥ 15 adds the pricing-only leads (6 won of 12): recall 33/36 for precision 33/45.
    expect(advice?.suggested).toMatchObject({ threshold: 15, flagged: 45, share: 0.5, eligible: true });
    expect(advice?.suggested?.precision).toMatchObject({ count: 33, of: 45 });
    expect(advice?.suggested?.recall).toMatchObject({ count: 33, of: 36 });
    expect(advice?.reason).toMatch(
      /^total ≥ 15 flags 45 of 90 outcomes with precision 73 % and recall 92 %; the current total ≥ 51: precision 82 %, recall 75 %/,
    );
    expect(advice?.reason).toMatch(/chosen on/);
    for (const c of advice?.candidates ?? []) {
      expect(c.threshold).toBeGreaterThan(-10);
      expect(c.flagged).toBeGreaterThanOrEqual(10);
      expect(90 - c.flagged).toBeGreaterThanOrEqual(10);
    }
    // No outcome dates in this set: no basis for leads per month.
    expect(advice?.volume).toBeNull();
    expect(advice?.suggested?.leadsPerMonth).toBeNull();
  });

  it('counts leads per month from the lead index when given', () => {
    const r = buildModelReport(story, DEFAULT_MODEL, {
      volume: {
        basis: 'lead index',
        windowDays: 60,
        totals: [
          { total: 10, leads: 100 },
          { total: 20, leads: 30 },
          { total: 60, leads: 8 },
        ],
      },
    });
    // Over 60 days: 38 leads at 15 or more, 8 at 51 or more; per 30 days half of that.
    expect(r.recommendedThreshold?.suggested?.leadsPerMonth).toBe(19);
    expect(r.recommendedThreshold?.current?.leadsPerMonth).toBe(4);
    expect(r.recommendedThreshold?.volume?.definition).toMatch(/^leads first seen in the last 60 days/);
  });

  it('shows how well the current score ranks won above lost leads, in words', () => {
    expect(report.currentScore).toMatchObject({ won: 36, lost: 54, vsChance: 'better' });
    expect(report.currentScore?.auc.estimate).toBeGreaterThan(0.8);
    expect(report.currentScore?.reading).toMatch(
      /^the current total ranks won leads above lost ones better than chance/,
    );
  });

  it('suggests points only for the rules the data settles, all else equal', () => {
    expect(report.weights?.suggested).toBe(true);
    const pricing = weight('pricing-page');
    expect(pricing?.coefficient).toBeGreaterThan(0);
    expect(pricing?.interval?.low).toBeGreaterThan(0);
    expect(pricing?.signStable).toBe(true);
    expect(pricing?.suggestedPoints).toBeGreaterThan(0);
    expect(weight('demo-request')?.suggestedPoints).toBeGreaterThan(0);
    // Careers readers are the leads that skipped pricing: alone it predicts losses, but beside
    // pricing the data cannot tell what careers adds, so it keeps its points.
    const careers = weight('careers-page');
    expect(careers?.coefficient).toBeLessThan(0);
    expect(careers?.interval?.high).toBeGreaterThan(0);
    expect(careers).toMatchObject({ suggestedPoints: null });
    expect(weight('video-watched')).toMatchObject({
      suggestedPoints: null,
      reason: 'never fired before an outcome',
    });
    // The blog says nothing about winning: its interval includes 0, so it keeps its points.
    expect(weight('content-page-view')).toMatchObject({ suggestedPoints: null });
    expect(weight('content-page-view')?.reason).toMatch(/interval includes 0/);
  });

  it('shows the fit in-sample and cross-validated, and the out-of-sample gain with its interval', () => {
    const fit = report.weights?.fit;
    expect(fit?.crossValidated.method).toBe('5-fold, stratified');
    expect(fit?.crossValidated.logLoss).toBeGreaterThan(fit?.inSample.logLoss ?? 0);
    expect(fit?.crossValidated.logLoss).toBeLessThan(fit?.baseline.crossValidated.logLoss ?? 0);
    expect(fit?.gain.low).toBeGreaterThan(0);
    expect(fit?.outcomes).toBe(90);
    expect(fit?.crossValidated.auc?.low).toBeGreaterThan(0.5);
    expect(report.weights?.verdict).toMatch(/^out of sample the fit beats the base rate/);
  });

  it('suggests nothing when the same rules fire for won and lost leads alike', () => {
    const noise = [
      ...times(25, outcome('won', ['pricing-page'])),
      ...times(25, outcome('won', ['careers-page'])),
      ...times(25, outcome('lost', ['pricing-page'])),
      ...times(25, outcome('lost', ['careers-page'])),
    ];
    const r = buildModelReport(noise, DEFAULT_MODEL);
    expect(r.summary).toEqual({ predictsWins: [], predictsLosses: [] });
    expect(r.weights?.suggested).toBe(false);
    expect(r.weights?.verdict).toMatch(/does not clearly beat the base rate .*no weights are suggested/);
    expect(r.recommendedThreshold?.suggested).toBeNull();
    expect(r.recommendedThreshold?.reason).toMatch(/keep the current one/);
    expect(r.currentScore?.vsChance).toBe('chance');
  });

  it('takes its options: the folds of the cross-validation and the data floor', () => {
    const threeFold = buildModelReport(story, DEFAULT_MODEL, { weights: { folds: 3 } });
    expect(threeFold.weights?.fit.crossValidated.method).toBe('3-fold, stratified');
    // 12 won and 18 lost: below the default floor of 20 each, above a floor of 10.
    const lower = buildModelReport(salesStory(1), DEFAULT_MODEL, {
      dataThresholds: { ...DATA_THRESHOLDS, floor: 10 },
    });
    expect(lower.dataQuality).toMatchObject({ level: 'thin', claims: true });
    expect(lower.weights).not.toBeNull();
  });

  it('is deterministic', () => {
    expect(buildModelReport(salesStory(3), DEFAULT_MODEL)).toEqual(report);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });
});

describe('below the data floor', () => {
  const small = buildModelReport(salesStory(1), DEFAULT_MODEL);

  it('shows the evidence with its intervals but makes no claim', () => {
    expect(small.counts).toEqual({ won: 12, lost: 18, total: 30 });
    expect(small.dataQuality).toMatchObject({ level: 'insufficient', claims: false });
    expect(small.dataQuality.message).toMatch(
      /^not enough data for claims: 30 outcomes \(12 won, 18 lost\); the report shows the evidence, but calls no rule predictive/,
    );
    expect(small.winRate).toMatchObject({ count: 12, of: 30 });
    expect(small.conversion?.buckets.reduce((s, b) => s + b.outcomes, 0)).toBe(30);
    expect(small.summary).toEqual({ predictsWins: [], predictsLosses: [] });
    for (const r of small.rules ?? []) expect(['too little data', 'never fired']).toContain(r.verdict);
    expect(small.rules?.find((r) => r.ruleId === 'pricing-page')?.note).toBe(
      'below the data floor: no verdict',
    );
    expect(small.recommendedThreshold?.suggested).toBeNull();
    expect(small.recommendedThreshold?.reason).toBe('below the data floor: no threshold is recommended');
    expect(small.weights).toBeNull();
    expect(small.currentScore?.reading).toMatch(/below the data floor: a hint, not a finding/);
  });

  it('wants both won and lost outcomes, not only many', () => {
    const lopsided = [
      ...times(250, outcome('won', ['pricing-page'])),
      ...times(19, outcome('lost', ['careers-page'])),
    ];
    expect(buildModelReport(lopsided, DEFAULT_MODEL).dataQuality.claims).toBe(false);
  });

  it('handles no outcomes at all', () => {
    expect(buildModelReport([], DEFAULT_MODEL)).toMatchObject({
      counts: { won: 0, lost: 0, total: 0 },
      dataQuality: { level: 'insufficient', claims: false },
      winRate: null,
      conversion: null,
      rules: null,
      recommendedThreshold: null,
      weights: null,
    });
  });
});
