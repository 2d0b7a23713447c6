import { describe, expect, it } from 'vitest';
import { DEFAULT_ACCOUNT_MODEL } from './default-account-model';
import { scoreLead } from './engine';
import type { LeadEvent } from './events';
import type { ScoringModel } from './model';
import { parseModel } from './model-schema';
import { day, engagement, pageview } from './test-helpers';

const as = (member: string, e: LeadEvent): LeadEvent => ({ ...e, member });

const model = (rules: ScoringModel['rules']): ScoringModel => ({
  version: 't',
  rules,
  bands: [
    {
      on: 'total',
      levels: [
        { name: 'cold', min: 0 },
        { name: 'hot', min: 51 },
      ],
    },
  ],
  stages: { mql: [{ total: 51 }], requireKnown: false },
});

describe('conditions on the fold’s own counts', () => {
  it('members: distinct members with a visit, within a window, optionally engaged', () => {
    const m = model([
      {
        id: 'two',
        on: 'pageview',
        when: { members: { gte: 2, withinDays: 10 } },
        axis: 'interest',
        points: 10,
      },
      {
        id: 'engaged-two',
        on: 'engagement',
        when: { members: { gte: 2, engagedSeconds: 60 } },
        axis: 'interest',
        points: 1,
        frequency: 'once',
      },
    ]);
    const a1 = as('a', pageview('/x', { at: day(0) }));
    const b1 = as('b', pageview('/x', { at: day(20) })); // a is 20 days back: outside the window
    const a2 = as('a', pageview('/x', { at: day(25) })); // now both within 10 days
    const r = scoreLead([a1, b1, a2], m, day(26));
    expect(r.ledger.map((l) => [l.ruleId, l.eventId, l.member])).toEqual([['two', a2.id, 'a']]);

    const ea = as('a', engagement(a2, { at: day(25) + 1000, engagedMs: 61_000, scrollDepth: 10 }));
    const eb = as('b', engagement(b1, { at: day(25) + 2000, engagedMs: 30_000, scrollDepth: 10 }));
    expect(scoreLead([a1, b1, a2, ea, eb], m, day(26)).ledger.some((l) => l.ruleId === 'engaged-two')).toBe(
      false,
    );
    const eb2 = as('b', engagement(b1, { at: day(25) + 3000, engagedMs: 31_000, scrollDepth: 10, seq: 2 }));
    const lines = scoreLead([a1, b1, a2, ea, eb, eb2], m, day(26)).ledger.filter(
      (l) => l.ruleId === 'engaged-two',
    );
    expect(lines.map((l) => l.eventId)).toEqual([eb2.id]);
  });

  it('activeDays and topicCount count distinct days and topics in the window', () => {
    const m = model([
      {
        id: 'days',
        on: 'pageview',
        when: { activeDays: { gte: 3, withinDays: 7 } },
        axis: 'interest',
        points: 5,
        frequency: 'once',
      },
      {
        id: 'topics',
        on: 'pageview',
        when: { topicCount: { gte: 2 } },
        axis: 'interest',
        points: 7,
        frequency: 'once',
      },
    ]);
    const events = [
      pageview('/a', { at: day(0), topics: ['x'] }),
      pageview('/b', { at: day(0) + 1000, topics: ['x'] }),
      pageview('/c', { at: day(3), topics: ['y'] }),
      pageview('/d', { at: day(5), topics: [] }),
    ];
    const r = scoreLead(events, m, day(6));
    expect(r.ledger.map((l) => [l.ruleId, l.eventId])).toEqual([
      ['topics', events[2]?.id],
      ['days', events[3]?.id],
    ]);
    expect(r.ledger[1]?.reason).toMatch(/^≥ 3 active days within 7 d: Viewed \/d/);
  });

  it('perMember counts frequency per member; everyDays re-arms a rule after its period', () => {
    const m = model([
      { id: 'pp', on: 'pageview', axis: 'interest', points: 1, perMember: true, frequency: 'once' },
      { id: 'every', on: 'pageview', axis: 'intent', points: 2, everyDays: 30 },
    ]);
    const events = [
      as('a', pageview('/', { at: day(0) })),
      as('a', pageview('/', { at: day(1) })),
      as('b', pageview('/', { at: day(2) })),
      as('b', pageview('/', { at: day(31) })),
    ];
    const r = scoreLead(events, m, day(32));
    expect(r.ledger.filter((l) => l.ruleId === 'pp').map((l) => l.member)).toEqual(['a', 'b']);
    expect(r.ledger.filter((l) => l.ruleId === 'every').map((l) => l.at)).toEqual([day(0), day(31)]);
  });

  it('the model schema validates them', () => {
    const bad = parseModel(
      model([
        { id: 'x', on: 'pageview', when: { members: { gte: 0 } }, axis: 'interest', points: 1 },
        {
          id: 'y',
          on: 'pageview',
          when: { topicCount: { gte: 2, withinDays: -1 } },
          axis: 'interest',
          points: 1,
        },
      ]),
    );
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.errors).toContain('rules[0].when.members.gte: expected a number ≥ 1');
      expect(bad.errors).toContain('rules[1].when.topicCount.withinDays: expected a number > 0');
    }
    // Cross-field checks run on a structurally valid model.
    const inactivity = parseModel(
      model([
        { id: 'z', on: 'inactivity', inactivityDays: 3, axis: 'interest', points: -1, perMember: true },
      ]),
    );
    expect(inactivity).toEqual({ ok: false, errors: ['rules[0].perMember: only for event rules'] });
    expect(parseModel(DEFAULT_ACCOUNT_MODEL).ok).toBe(true);
  });
});
