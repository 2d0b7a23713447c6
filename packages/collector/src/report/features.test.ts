import { describe, expect, it } from 'vitest';
import { compileModel, DEFAULT_MODEL, scoreLead } from '../scoring';
import type { LeadEvent } from '../scoring/events';
import { day, form, identify, minutes, pageview, sales } from '../scoring/test-helpers';
import { decidingEvent, outcomeRecord } from './features';

const model = { version: 0, compiled: compileModel(DEFAULT_MODEL) };
const lead = { leadId: 'lead-1', site: 'acme' };

const won = (at: number, value?: number, id?: string): LeadEvent => ({
  type: 'sales',
  id: id ?? `won-${at}`,
  at,
  action: 'won',
  ...(value !== undefined ? { value } : {}),
});

/** A lead that read the pricing page and asked for a demo, then bought; afterwards it read careers. */
const journey: LeadEvent[] = [
  identify('anna@gmail.com', { at: day(0) }),
  pageview('/pricing', { at: day(1) }),
  form('demo_request', { at: day(1) + minutes(5) }),
  won(day(10), 12_000),
  pageview('/careers', { at: day(11) }),
];

describe('outcomeRecord', () => {
  it('has no record without a won or lost outcome', () => {
    expect(outcomeRecord(lead, journey.slice(0, 3), model)).toBeNull();
    expect(decidingEvent([sales('accept', { at: day(1) })])).toBeUndefined();
  });

  it('counts only what happened before the outcome, as the lead stood at that moment', () => {
    const r = outcomeRecord(lead, journey, model);
    expect(r).toMatchObject({
      leadId: 'lead-1',
      site: 'acme',
      outcome: 'won',
      value: 12_000,
      outcomeAt: day(10),
      modelVersion: 0,
      features: {
        'pricing-page': { fired: 1, points: 15 },
        'demo-request': { fired: 1, points: 40 },
      },
      scores: { interest: 0, intent: 55, fit: 0 },
      total: 55,
      band: 'hot',
      stage: 'mql',
      reachedMql: true,
      disqualified: false,
    });
    // The careers page was read after the sale: it must not count as evidence.
    expect(r?.features['careers-page']).toBeUndefined();
    // The same state the engine had, scored independently at the outcome's moment.
    const independent = scoreLead(journey.slice(0, 3), model.compiled, day(10));
    expect(r?.total).toBe(independent.total);
  });

  it('follows the last outcome when won and lost replace each other', () => {
    const events = [...journey, { ...won(day(20)), id: 'lost-later', action: 'lost' as const }];
    const r = outcomeRecord(lead, events, model);
    expect(r).toMatchObject({ outcome: 'lost', outcomeAt: day(20), value: null });
    // The careers page (day 11) is now before the deciding outcome.
    expect(r?.features['careers-page']).toEqual({ fired: 1, points: -10 });
  });

  it('uses the engine’s (at, id) order for events at the same millisecond as the outcome', () => {
    const at = day(3);
    const events = [
      pageview('/pricing', { at, id: 'a-before' }),
      won(at, undefined, 'm-outcome'),
      form('demo_request', { at, id: 'z-after' }),
    ];
    const r = outcomeRecord(lead, events, model);
    expect(Object.keys(r?.features ?? {})).toEqual(['pricing-page']);
  });

  it('counts an inactivity reset as one firing, and the penalty that reset nothing as the rule’s points', () => {
    const events = [pageview('/pricing', { at: day(0) }), won(day(100))];
    const r = outcomeRecord(lead, events, model);
    expect(r?.features['inactive-30-days']).toEqual({ fired: 1, points: -20 });
    expect(r?.features['inactive-90-days']).toEqual({ fired: 1, points: 0 });
    // Points earned count as earned, before decay: the pricing page expired after 90 days.
    expect(r?.features['pricing-page']).toEqual({ fired: 1, points: 15 });
    expect(r?.scores.intent).toBe(0);
  });

  it('reports a lead that never reached MQL', () => {
    const events = [
      identify('bob@gmail.com', { at: day(0) }),
      pageview('/careers', { at: day(1) }),
      won(day(2)),
    ];
    expect(outcomeRecord(lead, events, model)).toMatchObject({ reachedMql: false, stage: 'known' });
  });
});
