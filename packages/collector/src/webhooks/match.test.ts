import { describe, expect, it } from 'vitest';
import { match, matches, needsCompanyPeople, type SubscriptionFilter } from './match';
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

describe('routing to the right team', () => {
  const lead = {
    ...band('warm', 'hot', 'up').lead,
    email: 'ada@acme.test',
    company: 'Acme Industries',
    country: 'DE',
    topics: ['pricing', 'product-flow'],
  };
  const n = band('warm', 'hot', 'up', { lead, scoreChange: { from: 40, to: 55 } });

  it('routes by topic, country, company, owner and a minimum score change', () => {
    expect(matches({ ...ANY, topics: ['product-*'] }, n)).toBe(true);
    expect(matches({ ...ANY, topics: ['careers'] }, n)).toBe(false);
    expect(matches({ ...ANY, countries: ['de'] }, n)).toBe(true);
    expect(matches({ ...ANY, countries: ['FR'] }, n)).toBe(false);
    expect(matches({ ...ANY, companies: ['acme'] }, n)).toBe(true);
    expect(matches({ ...ANY, companies: ['globex'] }, n)).toBe(false);
    expect(matches({ ...ANY, minScoreChange: 15 }, n)).toBe(true);
    expect(matches({ ...ANY, minScoreChange: 16 }, n)).toBe(false);
    // A lead without an owner (none exist before owners are assigned) matches only "nobody owns it".
    expect(matches({ ...ANY, owners: ['jo'] }, n)).toBe(false);
    expect(matches({ ...ANY, owners: ['jo', null] }, n)).toBe(true);
    const jo = { id: 'u-jo', name: 'Jo', email: 'Jo@Example.com' };
    const owned = { ...n, lead: { ...lead, owner: jo } };
    expect(matches({ ...ANY, owners: ['u-jo'] }, owned)).toBe(true);
    expect(matches({ ...ANY, owners: ['jo@example.com'] }, owned)).toBe(true);
    expect(matches({ ...ANY, owners: ['jo', null] }, owned)).toBe(false);
    // A lead that read nothing, from nowhere known, is no one's topic, country or company.
    const bare = band('warm', 'hot', 'up');
    for (const f of [
      { topics: ['pricing'] },
      { countries: ['DE'] },
      { companies: ['acme'] },
      { minScoreChange: 1 },
    ])
      expect(matches({ ...ANY, ...f }, bare), JSON.stringify(f)).toBe(false);
  });

  it('states the top three reasons of a change: the ledger lines worth most', () => {
    const why = [
      { rule: 'demo', points: 40, reason: 'Requested a demo' },
      { rule: 'pricing', points: 15, reason: 'Read the pricing page' },
      { rule: 'careers', points: -10, reason: 'Looked at job openings' },
      { rule: 'title', points: 5, reason: 'Gave a job title' },
    ];
    expect(match(ANY, { ...n, why })?.reasons).toEqual([
      '+40 Requested a demo',
      '+15 Read the pricing page',
      '−10 Looked at job openings',
    ]);
  });
});

describe('single-signal alerts', () => {
  const at = Date.UTC(2026, 10, 2, 9);
  const lead = {
    ...band('warm', 'hot', 'up').lead,
    email: 'ada@acme.test',
    company: 'Acme',
    topics: ['pricing'],
  };
  const signal = (extra: Partial<LeadNotification> = {}): LeadNotification => ({
    ...band('warm', 'hot', 'up', { lead }),
    kind: 'signal',
    events: [
      { id: 'e1', type: 'pageview', at, topics: ['blog'], url: 'https://acme.test/blog/a', title: 'A post' },
      {
        id: 'e2',
        type: 'pageview',
        at,
        topics: ['pricing'],
        url: 'https://acme.test/pricing',
        title: 'Pricing',
      },
      { id: 'e3', type: 'form', at, topics: ['demo'], intent: 'demo_request', url: 'https://acme.test/demo' },
    ],
    why: [{ rule: 'pricing', points: 15, reason: 'Read the pricing page' }],
    ...extra,
  });
  // "A known lead from a company with ≥ 2 people read pricing."
  const koala: SubscriptionFilter = {
    ...ANY,
    kinds: ['signal'],
    signal: { eventTypes: ['pageview'], topics: ['pricing'], known: true, minCompanyPeople: 2 },
  };

  it('fires on the event that meets the conditions, saying why in three reasons', () => {
    const n = signal({ lead: { ...lead, companyPeople: 2 } });
    expect(needsCompanyPeople(koala, n)).toBe(true);
    expect(match(koala, n)).toEqual({
      event: n.events?.[1],
      matched: [
        'Read "Pricing" (/pricing, topic pricing)',
        'A known lead (ada@acme.test)',
        '2 people from Acme among your leads',
      ],
      reasons: [
        'Read "Pricing" (/pricing, topic pricing)',
        'A known lead (ada@acme.test)',
        '2 people from Acme among your leads',
      ],
    });
    const demo = match({ ...ANY, kinds: ['signal'], signal: { intents: ['demo_request'] } }, n);
    expect(demo?.event?.id).toBe('e3');
    const video = { id: 'e4', type: 'custom' as const, at, topics: [], name: 'video_watched' };
    const named = { ...ANY, kinds: ['signal' as const], signal: { eventNames: ['video_watched'] } };
    expect(match(named, n)).toBeNull();
    expect(match(named, { ...n, events: [...(n.events ?? []), video] })?.event).toEqual(video);
    expect(demo?.reasons).toEqual(['Sent a form (demo_request) on /demo', '+15 Read the pricing page']);
  });

  it('stays silent when the lead or the event does not qualify', () => {
    expect(matches(koala, signal({ lead: { ...lead, companyPeople: 1 } }))).toBe(false);
    expect(matches(koala, signal({ lead: { ...lead, companyPeople: 5, company: undefined } }))).toBe(false);
    const anonymous = { ...lead, anonymous: true, companyPeople: 5 };
    expect(matches({ ...koala, includeAnonymous: true }, signal({ lead: anonymous }))).toBe(false);
    expect(matches(koala, signal({ lead: { ...lead, companyPeople: 3 }, events: [] }))).toBe(false);
    // Signals are a kind of their own: a subscription to changes never gets them, and back.
    expect(matches(ANY, signal({ lead: { ...lead, companyPeople: 3 } }))).toBe(false);
    expect(matches(koala, band('warm', 'hot', 'up', { lead }))).toBe(false);
    expect(needsCompanyPeople(ANY, signal())).toBe(false);
  });
});
