import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL } from '../scoring';
import { type ComparedOutcome, compareModels } from './shadow-comparison';

const side = (total: number) => ({
  total,
  reachedMql: total >= 51,
  scores: { interest: 0, intent: total, fit: 0 },
});

/** `count` decided leads with the given totals under the active and the shadow model. */
const leads = (count: number, outcome: 'won' | 'lost', active: number, shadow: number): ComparedOutcome[] =>
  Array.from({ length: count }, () => ({ outcome, active: side(active), shadow: side(shadow) }));

const input = (outcomes: ComparedOutcome[]) => ({
  since: 1,
  outcomes,
  active: { version: 0, model: DEFAULT_MODEL },
  shadow: { version: 7, model: { ...DEFAULT_MODEL, version: 'v7' } },
  live: { leads: 40, known: 30, sentByActive: 4, sentByShadow: 9 },
});

describe('the active and the shadow model compared', () => {
  it('says there is nothing to compare before any outcome, and passes on the live counts', () => {
    const c = compareModels(input([]));
    expect(c.verdict).toMatch(/^no outcomes recorded since the shadow started/);
    expect(c.active.sentSinceStart).toBe(4);
    expect(c.shadow.sentSinceStart).toBe(9);
    expect(c.live).toEqual({ leads: 40, known: 30 });
    expect(c.aucDifference).toBeNull();
  });

  it('shows the figures but no verdict below the floor', () => {
    const c = compareModels(input([...leads(3, 'won', 20, 60), ...leads(4, 'lost', 20, 10)]));
    expect(c.claims).toBe(false);
    expect(c.verdict).toMatch(/^7 outcomes since the shadow started \(3 won, 4 lost\): below the data floor/);
    // The shadow made the 3 won leads MQLs, the active model nobody.
    expect(c.shadow.sentToSales).toMatchObject({
      sent: 3,
      precision: { count: 3, of: 3 },
      recall: { count: 3, of: 3 },
    });
    expect(c.active.sentToSales).toMatchObject({ sent: 0, precision: null, lift: null });
    expect(c.shadow.sentToSales.lift?.estimate).toBeCloseTo(7 / 3, 2);
  });

  it('calls the shadow better only when the paired AUC difference excludes 0', () => {
    // The active total says nothing (everyone 30); the shadow's separates won from lost.
    const better = compareModels(input([...leads(25, 'won', 30, 60), ...leads(30, 'lost', 30, 10)]));
    expect(better.claims).toBe(true);
    expect(better.aucDifference?.difference.low).toBeGreaterThan(0);
    expect(better.verdict).toMatch(
      /^the shadow model ranks won leads above lost ones better than the active model/,
    );
    expect(better.shadow.bands.map((b) => [b.label, b.outcomes])).toEqual([
      ['cold (below 26)', 30],
      ['warm (26–50)', 0],
      ['hot (51+)', 25],
    ]);

    const same = compareModels(input([...leads(25, 'won', 60, 60), ...leads(30, 'lost', 10, 10)]));
    expect(same.verdict).toMatch(/^no difference the data can show between the two models yet/);

    const worse = compareModels(input([...leads(25, 'won', 60, 30), ...leads(30, 'lost', 10, 30)]));
    expect(worse.verdict).toMatch(/worse than the active model/);
  });
});
