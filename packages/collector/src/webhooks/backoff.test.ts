import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_RETRY_DELAY_SECONDS, retryBaseSeconds, retryDelaySeconds } from './backoff';

describe('retry backoff', () => {
  it('doubles per attempt with half of each delay jittered', () => {
    expect([1, 2, 3, 4].map((a) => retryDelaySeconds(a, 10, 0))).toEqual([5, 10, 20, 40]);
    expect([1, 2, 3, 4].map((a) => retryDelaySeconds(a, 10, 0.999999))).toEqual([10, 20, 40, 80]);
  });

  it('is capped at an hour and is zero for a zero base', () => {
    expect(retryDelaySeconds(30, 10, 0.999999)).toBe(MAX_RETRY_DELAY_SECONDS);
    expect(retryDelaySeconds(1_000, 10, 0)).toBe(MAX_RETRY_DELAY_SECONDS / 2);
    expect(retryDelaySeconds(5, 0, 0.5)).toBe(0);
  });

  it('always stays within [ceiling/2, ceiling]', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.double({ min: 0.1, max: 3600, noNaN: true }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, base, random) => {
          const ceiling = Math.min(MAX_RETRY_DELAY_SECONDS, base * 2 ** Math.min(attempt - 1, 30));
          const delay = retryDelaySeconds(attempt, base, random);
          return Number.isInteger(delay) && delay >= Math.floor(ceiling / 2) && delay <= Math.ceil(ceiling);
        },
      ),
    );
  });

  it('reads its base from the environment, falling back on nonsense', () => {
    expect(retryBaseSeconds({})).toBe(10);
    expect(retryBaseSeconds({ LB_WEBHOOK_RETRY_BASE_SECONDS: '0' })).toBe(0);
    expect(retryBaseSeconds({ LB_WEBHOOK_RETRY_BASE_SECONDS: '2.5' })).toBe(2.5);
    expect(retryBaseSeconds({ LB_WEBHOOK_RETRY_BASE_SECONDS: 'soon' })).toBe(10);
    expect(retryBaseSeconds({ LB_WEBHOOK_RETRY_BASE_SECONDS: '-1' })).toBe(10);
  });
});
