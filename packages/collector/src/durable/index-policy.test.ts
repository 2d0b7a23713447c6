import { describe, expect, it } from 'vitest';
import type { ScoreResult } from '../scoring';
import { DEFAULT_INDEX_INTERVAL_MS, indexIntervalMs, mustIndexNow } from './index-policy';

function result(over: Partial<ScoreResult> = {}, email?: string): ScoreResult {
  return {
    modelVersion: 'v1',
    asOf: 0,
    scores: { interest: 1, intent: 0, fit: 0 },
    total: 1,
    band: 'cold',
    bands: { total: 'cold' },
    stage: 'visitor',
    disqualified: false,
    ledger: [],
    transitions: [],
    profile: { traits: {}, ...(email ? { email } : {}) },
    eventCount: 1,
    anonymousPoints: 0,
    ...over,
  };
}

describe('index write policy', () => {
  const t = 1_000_000;
  it('writes the first summary at once', () => {
    expect(mustIndexNow(undefined, result(), null, t, 10_000)).toBe(true);
  });
  it('folds score-only changes within the interval into a later write', () => {
    expect(mustIndexNow(result(), result({ total: 3 }), t - 2_000, t, 10_000)).toBe(false);
    expect(mustIndexNow(result(), result({ total: 3 }), t - 10_000, t, 10_000)).toBe(true);
  });
  it('writes at once what lists and sales notice: band, stage, disqualification, identity', () => {
    const recent = t - 1;
    expect(mustIndexNow(result(), result({ band: 'warm' }), recent, t, 10_000)).toBe(true);
    expect(mustIndexNow(result(), result({ stage: 'known' }), recent, t, 10_000)).toBe(true);
    expect(mustIndexNow(result(), result({ disqualified: true }), recent, t, 10_000)).toBe(true);
    expect(mustIndexNow(result(), result({}, 'a@b.example'), recent, t, 10_000)).toBe(true);
  });
  it('reads the interval setting, falling back to the default on nonsense', () => {
    expect(indexIntervalMs('0')).toBe(0);
    expect(indexIntervalMs('30')).toBe(30_000);
    expect(indexIntervalMs(undefined)).toBe(DEFAULT_INDEX_INTERVAL_MS);
    expect(indexIntervalMs('-1')).toBe(DEFAULT_INDEX_INTERVAL_MS);
    expect(indexIntervalMs('soon')).toBe(DEFAULT_INDEX_INTERVAL_MS);
  });
});
