import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL } from '../scoring/default-model';
import type { ScoreResult, Transition } from '../scoring/result';
import { anonymousHoldMs, changesOnJoin, DEFAULT_ANONYMOUS_HOLD_MS, notificationsFor } from './notifications';

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
