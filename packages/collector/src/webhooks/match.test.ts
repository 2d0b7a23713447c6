import { describe, expect, it } from 'vitest';
import { matches, type SubscriptionFilter } from './match';
import type { LeadNotification } from './notification';

const ANY: SubscriptionFilter = {
  kinds: ['band_changed', 'stage_changed', 'identified', 'disqualified'],
  bands: null,
  stages: null,
  axes: null,
  sites: null,
  direction: 'both',
  includeAnonymous: false,
};

function band(from: string, to: string, direction: 'up' | 'down', extra: Partial<LeadNotification> = {}) {
  return {
    id: 'n1',
    kind: 'band_changed',
    at: 0,
    site: 'acme',
    leadId: 'l1',
    lead: {
      scores: { interest: 0, intent: 0, fit: 0 },
      total: 0,
      band: to,
      stage: 'known',
      disqualified: false,
      anonymous: false,
    },
    change: { from, to, direction, cause: 'event' },
    ...extra,
  } satisfies LeadNotification;
}

const sales: SubscriptionFilter = { ...ANY, kinds: ['band_changed'], bands: ['hot'], direction: 'up' };
const marketing: SubscriptionFilter = { ...ANY, bands: ['warm'] };

describe('subscription filters', () => {
  it('sends hot to sales and warm to marketing', () => {
    const warmToHot = band('warm', 'hot', 'up');
    const coldToWarm = band('cold', 'warm', 'up');
    const hotToWarm = band('hot', 'warm', 'down', {
      change: { from: 'hot', to: 'warm', direction: 'down', cause: 'decay' },
    });
    expect([sales, marketing].map((f) => matches(f, warmToHot))).toEqual([true, false]);
    expect([sales, marketing].map((f) => matches(f, coldToWarm))).toEqual([false, true]);
    // A decayed lead cooling to warm is marketing's again, and not news for an "up only" sales hook.
    expect([sales, marketing].map((f) => matches(f, hotToWarm))).toEqual([false, true]);
  });

  it('tells only subscriptions that ask for them about anonymous visitors', () => {
    const known = band('warm', 'hot', 'up');
    const anonymous = band('warm', 'hot', 'up', { lead: { ...known.lead, anonymous: true } });
    delete anonymous.lead.email;
    expect(matches(ANY, known)).toBe(true);
    expect(matches(ANY, anonymous)).toBe(false);
    expect(matches({ ...ANY, includeAnonymous: true }, anonymous)).toBe(true);
    expect(matches({ ...ANY, includeAnonymous: true }, known)).toBe(true);
    expect(matches({ ...sales, includeAnonymous: true }, anonymous)).toBe(true);
  });

  it('filters by kind, direction and site', () => {
    const n = band('warm', 'hot', 'up');
    expect(matches({ ...ANY, kinds: ['stage_changed'] }, n)).toBe(false);
    expect(matches({ ...ANY, direction: 'down' }, n)).toBe(false);
    expect(matches({ ...ANY, direction: 'up' }, n)).toBe(true);
    expect(matches({ ...ANY, sites: ['other'] }, n)).toBe(false);
    expect(matches({ ...ANY, sites: ['other', 'acme'] }, n)).toBe(true);
  });

  it('matches axes on band changes, a change without axis being on the total', () => {
    const total = band('warm', 'hot', 'up');
    const intent = band('low', 'high', 'up', {
      change: { axis: 'intent', from: 'low', to: 'high', direction: 'up', cause: 'event' },
    });
    expect(matches({ ...ANY, axes: ['total'] }, total)).toBe(true);
    expect(matches({ ...ANY, axes: ['intent'] }, total)).toBe(false);
    expect(matches({ ...ANY, axes: ['intent'] }, intent)).toBe(true);
    expect(matches({ ...ANY, axes: ['intent'], bands: ['high'] }, intent)).toBe(true);
  });

  it('matches stages on the stage moved to, and on the current stage otherwise', () => {
    const toSql: LeadNotification = {
      ...band('x', 'y', 'up'),
      kind: 'stage_changed',
      lead: { ...band('warm', 'hot', 'up').lead, stage: 'sql' },
      change: { from: 'mql', to: 'sql', direction: 'up', cause: 'sales' },
    };
    expect(matches({ ...ANY, stages: ['sql'] }, toSql)).toBe(true);
    expect(matches({ ...ANY, stages: ['mql'] }, toSql)).toBe(false);
    const identified: LeadNotification = { ...band('warm', 'hot', 'up'), kind: 'identified' };
    delete identified.change;
    expect(matches({ ...ANY, stages: ['known'] }, identified)).toBe(true);
    expect(matches({ ...ANY, bands: ['hot'] }, identified)).toBe(true);
    // Identifications have no direction: an "up" filter does not drop them.
    expect(matches({ ...ANY, direction: 'up' }, identified)).toBe(true);
  });

  it('never sends a disqualified lead except as a disqualification', () => {
    const lead = { ...band('warm', 'hot', 'up').lead, disqualified: true };
    expect(matches(ANY, band('warm', 'hot', 'up', { lead }))).toBe(false);
    const dq: LeadNotification = { ...band('hot', 'cold', 'down', { lead }), kind: 'disqualified' };
    expect(matches(ANY, dq)).toBe(true);
    expect(matches({ ...ANY, kinds: ['band_changed'] }, dq)).toBe(false);
  });
});
