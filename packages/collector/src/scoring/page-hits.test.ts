/**
 * Page-view rules decided once per URL (`CompiledModel.pageHits`): the engine must score exactly
 * as if every page view were matched on its own, whatever the page's topics, rules and history.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { afterEnd, history, PROPERTY_MODEL } from './arbitraries';
import { type CompiledModel, compileModel } from './compile';
import { scoreLead } from './engine';
import type { ScoringModel } from './model';
import { day, identify, pageview } from './test-helpers';

/** The same model with every rule matched per event: what the cache must be indistinguishable from. */
function uncached(model: CompiledModel): CompiledModel {
  return { ...model, rules: model.rules, pageHits: new Map(), byType: uncachedByType(model) };
}
function uncachedByType(model: CompiledModel): CompiledModel['byType'] {
  const copy = new Map(model.rules.map((r) => [r, { ...r, pageStatic: false }]));
  return Object.fromEntries(
    Object.entries(model.byType).map(([type, rules]) => [type, rules.map((r) => copy.get(r) ?? r)]),
  ) as CompiledModel['byType'];
}

const BASE: ScoringModel = {
  ...PROPERTY_MODEL,
  version: 'page-hits',
  topics: [
    { topic: 'product', urls: ['/product*'] },
    { topic: 'pricing', urls: ['/pricing*', '/product/pricing'] },
  ],
  rules: [
    {
      id: 'per-topic',
      on: 'pageview',
      when: { topic: ['product', 'pricing', 'guide'] },
      axis: 'interest',
      points: 1,
      perTopic: true,
    },
    {
      id: 'campaign-landing',
      on: 'pageview',
      when: { query: { utm_medium: 'email' } },
      axis: 'interest',
      points: 5,
    },
    {
      id: 'pricing-as-cto',
      on: 'pageview',
      when: { topic: 'pricing', traits: { title: 'CTO' } },
      axis: 'intent',
      points: 10,
    },
  ],
};

describe('page-view rules decided per URL', () => {
  it('scores every history exactly as matching each page view on its own', () => {
    const model = compileModel(PROPERTY_MODEL);
    const plain = uncached(model);
    fc.assert(
      fc.property(
        history().chain((events) => fc.tuple(fc.constant(events), afterEnd(events))),
        ([events, now]) => {
          expect(scoreLead(events, model, now)).toEqual(scoreLead(events, plain, now));
        },
      ),
      { numRuns: 300 },
    );
    // The property ran through the cache, not around it.
    expect(model.pageHits.size).toBeGreaterThan(0);
  });

  it('adds markup topics to what the URL decided, per page view', () => {
    const model = compileModel(BASE);
    const events = [
      pageview('/product/a', { at: day(0) }),
      // Same URL, a markup topic more: decided for this page view alone.
      pageview('/product/a', { at: day(1), topics: ['Guide'] }),
      pageview('/product/a', { at: day(2) }),
    ];
    const result = scoreLead(events, model, day(3));
    const perTopic = result.ledger.filter((l) => l.ruleId === 'per-topic');
    expect(perTopic.map((l) => l.topic)).toEqual(['product', 'guide', 'product', 'product']);
    expect(result).toEqual(scoreLead(events, uncached(compileModel(BASE)), day(3)));
  });

  it('matches a rule that also looks at the lead on every page view, cached URL or not', () => {
    const model = compileModel(BASE);
    const events = [
      pageview('/pricing', { at: day(0) }),
      identify('ann@acme.example', { at: day(1), traits: { title: 'CTO' } }),
      pageview('/pricing', { at: day(2) }),
      pageview('/pricing?utm_medium=email', { at: day(3) }),
    ];
    const result = scoreLead(events, model, day(4));
    const fired = result.ledger.map((l) => l.ruleId);
    // Before the title is known the same URL does not fire it; after, it does, twice.
    expect(fired.filter((id) => id === 'pricing-as-cto')).toHaveLength(2);
    expect(fired.filter((id) => id === 'campaign-landing')).toHaveLength(1);
    expect(result).toEqual(scoreLead(events, uncached(compileModel(BASE)), day(4)));
  });

  it('matches pages with more topics than a cached word holds per event, all of them', () => {
    const many = Array.from({ length: 40 }, (_, i) => `t${i}`);
    const model = compileModel({
      ...BASE,
      topics: many.map((topic) => ({ topic, urls: ['/wide*'] })),
      rules: [{ ...(BASE.rules[0] as ScoringModel['rules'][number]), when: { topic: 't*' } }],
    });
    const result = scoreLead([pageview('/wide', { at: day(0) })], model, day(1));
    expect(result.ledger).toHaveLength(40);
    expect(model.pageHits.get('https://acme.example/wide')?.hits).toBeNull();
  });

  it('keeps its answers per model: another model reads the same URL its own way', () => {
    const a = compileModel(BASE);
    const b = compileModel({ ...BASE, topics: [{ topic: 'guide', urls: ['/product*'] }] });
    const events = [pageview('/product/a', { at: day(0) })];
    expect(scoreLead(events, a, day(1)).ledger.map((l) => l.topic)).toEqual(['product']);
    expect(scoreLead(events, b, day(1)).ledger.map((l) => l.topic)).toEqual(['guide']);
  });
});
