import { describe, expect, it } from 'vitest';
import { compileModel } from './compile';
import { DAY_MS } from './decay';
import { DEFAULT_MODEL } from './default-model';
import { scoreLead } from './engine';
import type { ScoringModel } from './model';
import { day, identify, pageview } from './test-helpers';
import { nextChangeAt } from './timeline';

/** +51 fit for identifying, and −1 interest for a page view that halves every day. */
const rounding: ScoringModel = {
  ...DEFAULT_MODEL,
  rules: [
    { id: 'fit', on: 'identify', axis: 'fit', points: 51, frequency: 'once' },
    { id: 'fading', on: 'pageview', axis: 'interest', points: -1, decay: { halfLifeDays: 1 } },
  ],
};

describe('the number and the band agree', () => {
  it('a lead shown at 51 is hot: thresholds compare the shown score (cents, rounded half up)', () => {
    const model = compileModel(rounding);
    const events = [pageview('/x', { at: day(0) }), identify('a@customer.example', { at: day(0) + 60_000 })];
    // 51 − 2^(−age/1 d) never reaches 51 exactly: compared unrounded, such a lead stays warm forever.
    const later = scoreLead(events, model, day(10));
    expect(later.total).toBe(51);
    expect(later.band).toBe('hot');
    expect(later.stage).toBe('mql');
    // It turns hot the moment its shown total turns 51.00, and not a millisecond before.
    const at = nextChangeAt(events, model, day(0) + 60_000) as number;
    expect(scoreLead(events, model, at - 1)).toMatchObject({ total: 50.99, band: 'warm' });
    expect(scoreLead(events, model, at)).toMatchObject({ total: 51, band: 'hot' });
    // Half a cent: 2^(−age) = 0.005 at age log2(200) days.
    expect(Math.abs(at - (day(0) + Math.log2(200) * DAY_MS))).toBeLessThan(2);
  });

  it('a band held by hysteresis says until when: "hot — held until below 48"', () => {
    const model = compileModel({
      ...DEFAULT_MODEL,
      rules: [{ id: 'demo', on: 'form', axis: 'intent', points: 52, decay: { halfLifeDays: 30 } }],
    });
    const events = [
      { id: 'f', at: day(0), type: 'form' as const, intent: 'demo_request', url: 'https://acme.example/' },
    ];
    expect(scoreLead(events, model, day(0)).held).toBeUndefined();
    // 52 · 2^(−t/30 d) is 49.5 after about 2.1 days: below 51, still hot, and the result says why.
    const held = scoreLead(events, model, day(2.1));
    expect(held.total).toBeLessThan(51);
    expect(held.band).toBe('hot');
    expect(held.held).toEqual({ total: 48 });
    // Below 48 (shown) the band is left; nothing is held any more.
    const left = scoreLead(events, model, day(4));
    expect(left.total).toBeLessThan(48);
    expect(left.band).toBe('warm');
    expect(left.held).toBeUndefined();
    const change = left.transitions.find((t) => t.to === 'warm' && t.cause === 'decay');
    expect(scoreLead(events, model, (change?.at as number) - 1).total).toBe(48);
    expect(scoreLead(events, model, change?.at as number).total).toBe(47.99);
  });
});
