import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL } from '../scoring/default-model';
import type { LeadEvent } from '../scoring/events';
import type { ScoreResult, Transition } from '../scoring/result';
import {
  anonymousHoldMs,
  changesOnJoin,
  DEFAULT_ANONYMOUS_HOLD_MS,
  notificationsFor,
  SIGNAL_WINDOW_MS,
  signalEvents,
} from './notifications';
import type { PageVisit } from './page-visits';

function result(partial: Partial<ScoreResult>): ScoreResult {
  return {
    modelVersion: 'v1',
    asOf: 10_000,
    scores: { interest: 0, intent: 0, fit: 0 },
    total: 0,
    band: 'cold',
    bands: { total: 'cold' },
    stage: 'visitor',
    disqualified: false,
    ledger: [],
    transitions: [],
    profile: { traits: {} },
    eventCount: 0,
    anonymousPoints: 0,
    ...partial,
  };
}

const band = (from: string, to: string, at: number, eventId = `e${at}`): Transition => ({
  kind: 'band',
  axis: 'total',
  from,
  to,
  cause: 'event',
  at,
  eventId,
});
const stage = (from: string, to: string, at: number): Transition => ({
  kind: 'stage',
  from,
  to,
  cause: 'event',
  at,
  eventId: `e${at}`,
});

describe('what a lead reports when a browser joins it', () => {
  const hot = result({
    band: 'hot',
    bands: { total: 'hot' },
    stage: 'mql',
    transitions: [
      band('cold', 'warm', 1000),
      band('warm', 'hot', 3000),
      stage('visitor', 'known', 4000),
      stage('known', 'mql', 4000),
    ],
  });

  it('reports a new lead once per band set and stage: from where its history starts to where it is', () => {
    expect(changesOnJoin(undefined, hot)).toEqual([
      { kind: 'band', axis: 'total', from: 'cold', to: 'hot', cause: 'event', at: 3000, eventId: 'e3000' },
      { kind: 'stage', from: 'visitor', to: 'mql', cause: 'event', at: 4000, eventId: 'e4000' },
    ]);
  });

  it('reports a known lead from where it stood, and nothing for a band it never left', () => {
    const before = result({ band: 'warm', bands: { total: 'warm' }, stage: 'known' });
    expect(changesOnJoin(before, hot).map((t) => `${t.kind}:${t.from}>${t.to}`)).toEqual([
      'band:warm>hot',
      'stage:known>mql',
    ]);
    expect(changesOnJoin(hot, hot)).toEqual([]);
  });

  it('falls back to the plain diff when the model changed in between', () => {
    const before = result({ modelVersion: 'v0', band: 'warm', bands: { total: 'warm' }, stage: 'known' });
    expect(changesOnJoin(before, hot).every((t) => t.cause === 'model')).toBe(true);
  });

  it('marks the notifications of an anonymous visitor as such', () => {
    const ctx = { site: 'acme', leadId: 'a'.repeat(64), model: DEFAULT_MODEL };
    const changes = changesOnJoin(undefined, hot);
    expect(
      notificationsFor(undefined, hot, changes, { ...ctx, anonymous: true }).map((n) => n.lead.anonymous),
    ).toEqual([true, true]);
    expect(notificationsFor(undefined, hot, changes, { ...ctx, anonymous: false })[0]?.lead.anonymous).toBe(
      false,
    );
  });
});

describe('LB_ANONYMOUS_NOTIFY_DELAY_SECONDS', () => {
  it('parses seconds from 0 to 600 and falls back to 10 s otherwise', () => {
    expect(DEFAULT_ANONYMOUS_HOLD_MS).toBe(10_000);
    expect(anonymousHoldMs(undefined)).toBe(10_000);
    expect(anonymousHoldMs('0')).toBe(0);
    expect(anonymousHoldMs('2.5')).toBe(2_500);
    expect(anonymousHoldMs('600')).toBe(600_000);
    for (const bad of ['', ' ', '-1', '601', 'soon', 'NaN']) expect(anonymousHoldMs(bad)).toBe(10_000);
  });
});

describe('signals: the new events an alert may be about', () => {
  const now = Date.UTC(2026, 10, 2, 12);
  const site = 'https://acme.test';
  const events: LeadEvent[] = [
    { id: 'old', at: now - SIGNAL_WINDOW_MS - 1, type: 'pageview', url: `${site}/pricing`, topics: [] },
    {
      id: 'pv',
      at: now - 5000,
      type: 'pageview',
      url: `${site}/pricing?utm=x`,
      topics: [],
      title: 'Pricing',
    },
    { id: 'eng', at: now - 4000, type: 'engagement', pageId: 'pv', engagedMs: 3000, scrollDepth: 50, seq: 1 },
    {
      id: 'form',
      at: now - 3000,
      type: 'form',
      url: `${site}/pricing`,
      intent: 'quote_request',
      formId: 'quote',
    },
    { id: 'id', at: now - 2000, type: 'identify', email: 'ada@acme.test' },
  ];
  const pages: PageVisit[] = [
    {
      eventId: 'old',
      at: now - SIGNAL_WINDOW_MS - 1,
      url: `${site}/pricing`,
      topics: ['pricing'],
      engagedMs: 0,
      scrollDepth: 0,
      points: 0,
      anonymous: false,
    },
    {
      eventId: 'pv',
      at: now - 5000,
      url: `${site}/pricing?utm=x`,
      title: 'Pricing',
      topics: ['pricing'],
      engagedMs: 3000,
      scrollDepth: 50,
      points: 15,
      anonymous: false,
    },
  ];

  it('are page views, forms and the like of the last hour, with the topics of their page', () => {
    expect(signalEvents(events, pages, now)).toEqual([
      {
        id: 'pv',
        type: 'pageview',
        at: now - 5000,
        topics: ['pricing'],
        url: `${site}/pricing?utm=x`,
        title: 'Pricing',
      },
      {
        id: 'form',
        type: 'form',
        at: now - 3000,
        topics: ['pricing'],
        url: `${site}/pricing`,
        title: 'Pricing',
        intent: 'quote_request',
        formId: 'quote',
      },
    ]);
  });

  it('make one signal notification per batch, named after its first event', () => {
    const next = result({
      total: 15,
      band: 'cold',
      profile: { traits: {}, email: 'ada@acme.test' },
      stage: 'known',
    });
    const prev = result({ total: 0, profile: { traits: {}, email: 'ada@acme.test' }, stage: 'known' });
    const signals = signalEvents(events, pages, now);
    const out = notificationsFor(prev, next, [], {
      site: 'acme',
      leadId: 'l'.repeat(64),
      model: DEFAULT_MODEL,
      anonymous: false,
      topics: ['pricing'],
      signals,
    });
    expect(out).toEqual([
      expect.objectContaining({
        id: `${'l'.repeat(20)}:signal:pv`,
        kind: 'signal',
        at: now - 3000,
        events: signals,
        scoreChange: { from: 0, to: 15 },
        lead: expect.objectContaining({ topics: ['pricing'], anonymous: false }),
      }),
    ]);
    expect(
      notificationsFor(prev, next, [], { site: 'acme', leadId: 'l', model: DEFAULT_MODEL, anonymous: false }),
    ).toEqual([]);
  });
});
