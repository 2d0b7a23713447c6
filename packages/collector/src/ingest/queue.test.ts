import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { BeaconBatch, MAX_EVENTS_PER_BATCH } from '../schema/beacon';
import type { LeadEvent, NetworkInfo } from '../scoring/events';
import { normalizeBatch } from './normalize';
import { anonymousViews, isIngestMessage, MAX_MESSAGE_BYTES, messageBytes, visitorMessages } from './queue';

/** The largest network description the edge attaches to every event. */
const NETWORK: NetworkInfo = {
  country: 'DE',
  region: 'Nordrhein-Westfalen und noch ein langer Name',
  regionCode: 'NW',
  city: 'Mönchengladbach-Rheydt-Odenkirchen',
  asn: 4_294_967_295,
  asOrganization: 'Acme Manufacturing Holding GmbH & Co. KG Europe Network Operations',
  networkType: 'company',
  company: 'Acme Manufacturing Holding GmbH & Co. KG',
  companyKey: 'acme-manufacturing-holding-gmbh-co-kg',
  confidence: 0.9,
  datacenter: false,
};

const MAX_BODY_BYTES = 32 * 1024;

/** A beacon body as large as POST /e accepts, made of `n` events of the given shape. */
function largestBeacon(event: (i: number, fill: string) => Record<string, unknown>) {
  const base = { s: 'acme', v: 'v'.repeat(64), x: 'x'.repeat(64), t: 1_800_000_000_000, e: [] as unknown[] };
  const empty = JSON.stringify({
    ...base,
    e: Array.from({ length: MAX_EVENTS_PER_BATCH }, (_, i) => event(i, '')),
  });
  const fill = 'a'.repeat(Math.floor((MAX_BODY_BYTES - empty.length) / MAX_EVENTS_PER_BATCH) - 1);
  const body = { ...base, e: Array.from({ length: MAX_EVENTS_PER_BATCH }, (_, i) => event(i, fill)) };
  const text = JSON.stringify(body);
  expect(new TextEncoder().encode(text).length).toBeLessThanOrEqual(MAX_BODY_BYTES);
  return { text, batch: v.parse(BeaconBatch, body) };
}

const id = (i: number) => `event-${String(i).padStart(8, '0')}`;

describe('ingest queue messages', () => {
  // Small events gain the most from normalising (long keys, the network and the ids on every event);
  // long page URLs fill the body. Either way a beacon stays one message, far below the limit.
  const shapes: [string, (i: number, fill: string) => Record<string, unknown>][] = [
    [
      'page views with long URLs and titles',
      (i, fill) => ({
        i: id(i),
        n: 'pv',
        ts: 1_800_000_000_000,
        u: `https://acme.test/${fill.slice(0, 1900)}`,
        ti: fill.slice(1900, 2200),
      }),
    ],
    [
      'small engagement deltas',
      (i, fill) => ({
        i: id(i),
        n: 'en',
        ts: 1_800_000_000_000,
        u: `https://acme.test/${fill}`,
        p: id(i),
        ms: 1,
        sd: 1,
        q: 1,
      }),
    ],
  ];
  for (const [what, shape] of shapes) {
    it(`fits the largest beacon of ${what} into one message`, () => {
      const { text, batch } = largestBeacon(shape);
      const events = normalizeBatch(batch, { receivedAt: 1_800_000_000_000, network: NETWORK });
      expect(events).toHaveLength(MAX_EVENTS_PER_BATCH);
      const messages = visitorMessages({ site: 'acme', visitor: 'v'.repeat(64), events }, text.length);
      expect(messages).toHaveLength(1);
      const bytes = messageBytes(messages[0] as never);
      expect(bytes).toBeGreaterThan(MAX_BODY_BYTES);
      expect(bytes).toBeLessThan(MAX_MESSAGE_BYTES * 0.7);
    });
  }

  it('splits events that would not fit into one message into parts that do, keeping every event and the link', () => {
    const events: LeadEvent[] = Array.from({ length: 400 }, (_, i) => ({
      id: id(i),
      at: i,
      type: 'pageview',
      url: `https://acme.test/${'p'.repeat(600)}`,
      topics: [],
    }));
    const messages = visitorMessages(
      { site: 'acme', visitor: 'visitor-1', events, linkLeadId: 'a'.repeat(64) },
      40_000,
    );
    expect(messages.length).toBeGreaterThan(2);
    for (const m of messages) {
      expect(messageBytes(m)).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
      expect(m.linkLeadId).toBe('a'.repeat(64));
      expect(isIngestMessage(m)).toBe(true);
    }
    expect(messages.flatMap((m) => m.events)).toEqual(events);
  });

  it('counts an anonymous page view by its UTC day and path only', () => {
    const views = anonymousViews([
      {
        id: id(1),
        at: Date.UTC(2026, 10, 30, 23, 59),
        type: 'pageview',
        url: 'https://acme.test/a/b?x=1#y',
        topics: [],
      },
      {
        id: id(2),
        at: Date.UTC(2026, 11, 1, 0, 1),
        type: 'engagement',
        pageId: id(1),
        engagedMs: 1,
        scrollDepth: 1,
        seq: 1,
      },
    ]);
    expect(views).toEqual([{ day: '2026-11-30', path: '/a/b' }]);
  });

  it('recognises only the bodies this code sends', () => {
    expect(
      isIngestMessage({ v: 1, kind: 'pageviews', site: 'acme', views: [{ day: '2026-11-30', path: '/' }] }),
    ).toBe(true);
    expect(isIngestMessage({ v: 1, kind: 'visitor', site: 'acme', visitor: 'x', events: [] })).toBe(true);
    expect(isIngestMessage({ v: 2, kind: 'visitor', site: 'acme', visitor: 'x', events: [] })).toBe(false);
    expect(isIngestMessage({ v: 1, kind: 'pageviews', site: 'acme', views: [{ day: 1 }] })).toBe(false);
    expect(isIngestMessage('text')).toBe(false);
    expect(isIngestMessage(null)).toBe(false);
  });
});
