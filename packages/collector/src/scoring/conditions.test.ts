import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL } from './default-model';
import { scoreLead } from './engine';
import type { LeadEvent } from './events';
import type { Rule, ScoringModel } from './model';
import { custom, day, identify, minutes, pageview, SITE } from './test-helpers';

/** A model with only the given rules (and the default bands and stages). */
const only = (...rules: Rule[]): ScoringModel => ({ ...DEFAULT_MODEL, topics: DEFAULT_MODEL.topics, rules });
const fired = (model: ScoringModel, events: LeadEvent[]) =>
  scoreLead(events, model, (events.at(-1) as LeadEvent).at + 1).ledger.map((l) => l.ruleId);

describe('conditions', () => {
  it('country and company come from the network, traits override the company', () => {
    const model = only(
      {
        id: 'dach',
        on: 'pageview',
        when: { country: ['DE', 'AT', 'CH'] },
        axis: 'fit',
        points: 5,
        frequency: 'once',
      },
      { id: 'acme', on: 'pageview', when: { company: { contains: 'acme' } }, axis: 'fit', points: 5 },
    );
    const visit = (at: number, network: LeadEvent['network']): LeadEvent => ({
      ...pageview('/', { at }),
      network,
    });
    expect(fired(model, [visit(day(0), { country: 'DE', company: 'ACME GmbH' })])).toEqual(['dach', 'acme']);
    expect(fired(model, [visit(day(0), { country: 'FR' })])).toEqual([]);
    expect(
      fired(model, [
        identify('a@b.example', { at: day(0), traits: { company: 'Other Ltd' } }),
        visit(day(0) + 1, { country: 'US', company: 'Acme Inc' }),
      ]),
    ).toEqual([]);
  });

  it('custom event properties: text, ranges and booleans', () => {
    const model = only({
      id: 'big-team',
      on: 'custom',
      when: {
        eventName: 'pricing_calculated',
        props: { seats: { gte: 50 }, plan: ['team', 'enterprise'], annual: true },
      },
      axis: 'intent',
      points: 10,
    });
    const calc = (props: Record<string, string | number | boolean>) =>
      custom('pricing_calculated', { at: day(0), props });
    expect(fired(model, [calc({ seats: 80, plan: 'Enterprise', annual: true })])).toEqual(['big-team']);
    expect(fired(model, [calc({ seats: 20, plan: 'team', annual: true })])).toEqual([]);
    expect(fired(model, [calc({ seats: 80, plan: 'solo', annual: true })])).toEqual([]);
    expect(fired(model, [calc({ seats: 80, plan: 'team', annual: false })])).toEqual([]);
  });

  it('URL globs, full-URL globs and query parameters', () => {
    const model = only(
      {
        id: 'docs',
        on: 'pageview',
        when: { url: 'https://docs.acme.example/*' },
        axis: 'interest',
        points: 1,
      },
      { id: 'guide', on: 'pageview', when: { url: ['/guides/*', '/how-to/*'] }, axis: 'interest', points: 1 },
      {
        id: 'ads',
        on: 'pageview',
        when: { query: { utm_source: { regex: '^(google|bing)$' } } },
        axis: 'interest',
        points: 1,
      },
    );
    const at = day(0);
    expect(fired(model, [{ ...pageview('/', { at }), url: 'https://docs.acme.example/setup' }])).toEqual([
      'docs',
    ]);
    expect(fired(model, [pageview('/how-to/install?utm_source=bing', { at })])).toEqual(['guide', 'ads']);
    expect(fired(model, [pageview('/blog?utm_source=googlex', { at })])).toEqual([]);
  });

  it('markup topics count besides the URL mapping', () => {
    const model = only({
      id: 'topic',
      on: 'pageview',
      when: { topic: 'product-x' },
      axis: 'interest',
      points: 2,
    });
    expect(fired(model, [pageview('/anything', { at: day(0), topics: ['Product-X'] })])).toEqual(['topic']);
  });

  it('once per session counts per browser session', () => {
    const model = only({
      id: 'p',
      on: 'pageview',
      axis: 'interest',
      points: 1,
      frequency: 'once_per_session',
    });
    const events = [
      pageview('/a', { at: day(0), sessionId: 's1' }),
      pageview('/b', { at: day(0) + minutes(1), sessionId: 's1' }),
      pageview('/c', { at: day(0) + minutes(2), sessionId: 's2' }),
      pageview('/d', { at: day(1), sessionId: 's1' }),
    ];
    expect(scoreLead(events, model, day(2)).ledger.map((l) => l.eventId)).toEqual([
      events[0]?.id,
      events[2]?.id,
    ]);
  });

  it('e-mail domain categories gate rules, and no e-mail never matches', () => {
    const model = only(
      { id: 'free', on: 'identify', when: { emailDomain: 'free' }, axis: 'fit', points: -5 },
      {
        id: 'biz-visit',
        on: 'pageview',
        when: { emailDomain: 'business' },
        axis: 'fit',
        points: 1,
        frequency: 'once',
      },
    );
    expect(
      fired(model, [identify('x@gmail.com', { at: day(0) }), pageview('/', { at: day(0) + 1 })]),
    ).toEqual(['free']);
    expect(
      fired(model, [
        pageview('/', { at: day(0) }),
        identify('x@firm.example', { at: day(0) + 1 }),
        pageview('/', { at: day(0) + 2 }),
      ]),
    ).toEqual(['biz-visit']);
  });

  it('an engagement without its page view uses its own URL', () => {
    const model = only({
      id: 'read',
      on: 'engagement',
      when: { topic: 'pricing', scrollDepth: 50 },
      axis: 'intent',
      points: 3,
    });
    const orphan: LeadEvent = {
      type: 'engagement',
      id: 'en-1',
      at: day(0),
      url: `${SITE}/pricing`,
      pageId: 'lost',
      engagedMs: 5000,
      scrollDepth: 60,
      seq: 1,
    };
    expect(fired(model, [orphan])).toEqual(['read']);
  });
});
