import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { LeadObject } from '../src/durable/lead-object';
import type { LeadEvent } from '../src/scoring/events';
import { dash, texts } from './dashboard-helpers';
import { api, beacon, leadObjectId, ORIGIN, pageview, send, uid, visitorObjectId } from './helpers';

const SITE = 'acme';
const DAY = 86_400_000;
const MIN = 60_000;

type Detail = {
  pages: unknown[];
  timeline: { type: string }[];
  dropped: { day: string; count: number }[];
  paging: { timeline: { total: number } };
};

/**
 * A lead or visitor object with a small daily budget. The test bindings keep the default for every
 * other file (a long history there stays under it), so the setting is given to this one instance as
 * it reads it, from its own environment.
 */
async function withBudget(id: string, limit: number) {
  const stub = env.LEADS.get(env.LEADS.idFromString(id));
  await runInDurableObject(stub, (instance: LeadObject) => {
    Object.assign(instance, { env: { ...env, LB_LEAD_DAILY_EVENTS: String(limit) } });
  });
  return stub;
}

const dayStart = (at: number) => at - (at % DAY);
const isoDay = (at: number) => new Date(dayStart(at)).toISOString().slice(0, 10);

function views(n: number, from: number, prefix = uid('pv')): LeadEvent[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `${prefix}-${i}`,
    at: from + i * MIN,
    type: 'pageview' as const,
    url: `https://acme.test/docs/${i}`,
    topics: ['product'],
  }));
}

async function detailOf(id: string): Promise<Detail> {
  const res = await api(`/api/leads/${id}`);
  expect(res.status).toBe(200);
  return (await res.json()) as Detail;
}

describe('the per-lead daily event budget', () => {
  it('counts but does not store browser behaviour past the budget of a UTC day, and starts again the next day', async () => {
    const id = leadObjectId(SITE, `${uid('budget')}@bigcorp.example`);
    const stub = await withBudget(id, 5);
    // Two days ago, from one in the morning (UTC): every event of a batch on the same day.
    const day1 = dayStart(Date.now() - 2 * DAY) + 60 * MIN;
    const first = views(8, day1);

    const stored = await stub.absorb({ site: SITE, events: first });
    expect(stored).toMatchObject({ accepted: 5, duplicates: 0, dropped: 3 });

    // Stored events delivered again are duplicates, not drops; a dropped one is dropped again.
    const again = await stub.absorb({ site: SITE, events: first });
    expect(again).toMatchObject({ accepted: 0, duplicates: 5, dropped: 3 });

    // The next UTC day has a budget of its own.
    const day2 = dayStart(day1 + DAY) + 5 * MIN;
    const next = await stub.absorb({ site: SITE, events: views(7, day2) });
    expect(next).toMatchObject({ accepted: 5, dropped: 2 });

    const detail = await detailOf(id);
    expect(detail.pages).toHaveLength(10);
    expect(detail.dropped).toEqual([
      { day: isoDay(day2), count: 2 },
      { day: isoDay(day1), count: 6 },
    ]);
  });

  it('tells on the lead page how many events the budget counted without storing, and says nothing without any', async () => {
    const email = `${uid('page')}@bigcorp.example`;
    const id = leadObjectId(SITE, email);
    const stub = await withBudget(id, 4);
    const at = dayStart(Date.now() - DAY) + 3 * 60 * MIN;
    await stub.absorb({
      site: SITE,
      events: [{ id: uid('id'), at, type: 'identify', email, traits: { name: 'Busy Bee' } }],
    });
    const note = 'section[aria-labelledby="timeline"] .dropped-note';
    // Under the budget: no word about it.
    expect(await texts(await (await dash(`/dashboard/leads/${id}`)).text(), note)).toEqual([]);

    // 1,240 page views in one day against a budget of 4 (the identify does not count): 1,236 dropped.
    await stub.absorb({ site: SITE, events: views(1240, at + MIN) });
    const page = await (await dash(`/dashboard/leads/${id}`)).text();
    const [said] = await texts(page, note);
    expect(said).toMatch(
      /^1,236 events over the daily limit were counted, not stored \(on \d{4}-\d{2}-\d{2}\)\./,
    );
    expect(said).toContain(isoDay(at));
    expect((await detailOf(id)).dropped).toEqual([{ day: isoDay(at), count: 1236 }]);
  });

  it('always stores identity, forms with an address, sales and server events, even past the budget', async () => {
    const email = `${uid('over')}@bigcorp.example`;
    const id = leadObjectId(SITE, email);
    const stub = await withBudget(id, 3);
    const at = dayStart(Date.now() - DAY) + 2 * 60 * MIN;
    await stub.absorb({ site: SITE, events: views(3, at) });

    const kept: LeadEvent[] = [
      { id: uid('id'), at: at + 10 * MIN, type: 'identify', email, traits: { title: 'CTO' } },
      { id: uid('fm'), at: at + 11 * MIN, type: 'form', intent: 'demo_request', email },
      { id: uid('sv'), at: at + 12 * MIN, type: 'server', name: 'trial_started' },
      { id: uid('sl'), at: at + 13 * MIN, type: 'sales', action: 'accept' },
    ];
    const dropped: LeadEvent[] = [
      { id: uid('fm'), at: at + 14 * MIN, type: 'form', intent: 'newsletter' },
      { id: uid('cu'), at: at + 15 * MIN, type: 'custom', name: 'video_play' },
      {
        id: uid('dl'),
        at: at + 16 * MIN,
        type: 'download',
        url: 'https://acme.test/docs',
        href: 'https://acme.test/sheet.pdf',
        fileName: 'sheet.pdf',
      },
    ];
    const res = await stub.absorb({ site: SITE, events: [...dropped, ...kept] });
    expect(res).toMatchObject({ accepted: 4, dropped: 3 });

    const detail = await detailOf(id);
    const types = detail.timeline.map((t) => t.type);
    expect(types).toEqual(expect.arrayContaining(['identify', 'form', 'server']));
    expect(types).not.toContain('custom');
    expect(types).not.toContain('download');
    expect(detail.dropped).toEqual([{ day: isoDay(at), count: 3 }]);
  });

  it('drops beacons in the visitor object before they are stored, and counts them in /dev/stats', async () => {
    const visitor = uid('v');
    const id = visitorObjectId(SITE, visitor);
    await withBudget(id, 4);
    const statsOf = async () =>
      ((await (await api('/dev/stats')).json()) as { ingest: { dropped: number } }).ingest.dropped;
    const before = await statsOf();

    const res = await send(
      beacon(
        visitor,
        Array.from({ length: 6 }, (_, i) => pageview(`${ORIGIN}/p/${i}`, ['product'])),
      ),
    );
    expect(res.status).toBe(204);
    const detail = await detailOf(id);
    expect(detail.pages).toHaveLength(4);
    expect(detail.dropped).toEqual([{ day: isoDay(Date.now()), count: 2 }]);
    expect((await statsOf()) - before).toBe(2);
  });
});
