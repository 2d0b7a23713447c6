import { describe, expect, it } from 'vitest';
import {
  addCounts,
  formatCounts,
  marked,
  REFUSAL_MARK,
  refusalCounts,
} from '../../../bench/lib/statuses.mjs';

// autocannon 9's `statusCodeStats`: every status code answered, with its count.
const stats = { 204: { count: 9120 }, 429: { count: 120 }, 503: { count: 3 }, 200: { count: 4 } };

describe('the load bench counts refusals by status code', () => {
  it('keeps the non-2xx codes only, by code', () => {
    expect(refusalCounts(stats)).toEqual({ 429: 120, 503: 3 });
    expect(refusalCounts({ 204: { count: 10 } })).toEqual({});
    expect(refusalCounts({ 500: { count: 0 } })).toEqual({});
    expect(refusalCounts(undefined)).toEqual({});
  });

  it('adds up the runs of a summary and prints the counts', () => {
    expect(addCounts({ 429: 120 }, {}, { 429: 5, 503: 3 })).toEqual({ 429: 125, 503: 3 });
    expect(formatCounts({ 429: 125, 503: 3 })).toBe('429: 125, 503: 3');
    expect(formatCounts({})).toBe('none');
  });

  it('marks a figure that a run with refusals went into, and only such a figure', () => {
    expect(marked('0.80× (0.10–1.23)', {}, { 429: 1 })).toBe(`0.80× (0.10–1.23) ${REFUSAL_MARK}`);
    expect(marked('0.80× (0.10–1.23)', {}, {})).toBe('0.80× (0.10–1.23)');
  });
});
