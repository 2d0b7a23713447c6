import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL, type ScoringModel } from '../scoring';
import { modelChanges, sameModel } from './model-changes';

describe('what a draft changes, in words', () => {
  it('says nothing for the same model, however spelled', () => {
    const respelled: ScoringModel = {
      ...DEFAULT_MODEL,
      version: 'v9',
      rules: DEFAULT_MODEL.rules.map((r) =>
        r.id === 'pricing-page' ? { ...r, on: ['pageview'], frequency: r.frequency } : r,
      ),
      bands: DEFAULT_MODEL.bands.map((b) => ({ ...b, hysteresis: b.hysteresis ?? 3 })),
    };
    expect(modelChanges(DEFAULT_MODEL, respelled)).toEqual([]);
    expect(sameModel(DEFAULT_MODEL, { ...DEFAULT_MODEL, version: 'v9' })).toBe(true);
  });

  it('lists rules changed, added, removed and reordered, and every other part', () => {
    const [first, second, ...others] = DEFAULT_MODEL.rules;
    if (!first || !second) throw new Error('the default model has rules');
    const after: ScoringModel = {
      ...DEFAULT_MODEL,
      rules: [
        second,
        { ...first, points: 2, when: { topic: 'product' } },
        ...others.filter((r) => r.id !== 'unsubscribe'),
        { id: 'docs', on: 'pageview', when: { topic: 'docs' }, axis: 'interest', points: 3 },
      ],
      topics: [...(DEFAULT_MODEL.topics ?? []), { topic: 'docs', urls: ['/docs*'] }],
      bands: [
        {
          ...DEFAULT_MODEL.bands[0],
          on: 'total',
          levels: [
            { name: 'cold', min: 0 },
            { name: 'hot', min: 40 },
          ],
        },
      ],
      stages: { ...DEFAULT_MODEL.stages, mql: [{ total: 40 }] },
      competitors: ['rival.example'],
      plusAddressing: 'strip',
    };
    expect(modelChanges(DEFAULT_MODEL, after)).toEqual([
      'Rule topic-page-view: points +1 → +2; conditions topic product or product-* → topic product',
      'Rule docs added: pageview (topic docs) → +3 interest',
      'Rule unsubscribe removed',
      'Rules reordered (rules apply in order)',
      'Topic docs added: /docs*',
      'Bands on total: cold from 0, warm from 26, hot from 51; hysteresis 3; disqualified at most warm → cold from 0, hot from 40; hysteresis 3; disqualified at most warm',
      'MQL when total ≥ 51, or intent ≥ 40 and fit ≥ 10 → total ≥ 40',
      'Competitors added: rival.example',
      'Plus addresses (ada+news@…): now the same lead',
    ]);
  });
});
