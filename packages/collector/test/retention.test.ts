import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { compactedText } from '../src/dashboard/pages/draft-review-page';
import type { LeadDetail, LeadObject } from '../src/durable/lead-object';
import { MAX_COMPACT_EVENTS } from '../src/durable/retention';
import type { JobSummary } from '../src/jobs/jobs';
import { compileModel, DEFAULT_MODEL, scoreLead } from '../src/scoring';
import type { LeadEvent } from '../src/scoring/events';
import { getActiveModel } from '../src/storage/models';
import { api, exportOf, leadObjectId, uid } from './helpers';

const SITE = 'acme';
const DAY = 86_400_000;
const HOUR = 3_600_000;
const model = compileModel(DEFAULT_MODEL);

/**
 * Visit `i` at `at`: a page view (product or pricing, alternately), its engagement of `engagedMs`
 * and `scrollDepth`, and with `download` a download of the price sheet.
 */
function visit(
  i: number,
  at: number,
  engagedMs: number,
  scrollDepth: number,
  download: boolean,
): LeadEvent[] {
  const id = uid('pv');
  const url = i % 2 === 0 ? 'https://acme.test/product/x' : 'https://acme.test/pricing';
  const events: LeadEvent[] = [
    { id, at, type: 'pageview', url, topics: i % 2 === 0 ? ['product'] : ['pricing'] },
    {
      id: uid('en'),
      at: at + engagedMs,
      type: 'engagement',
      url,
      pageId: id,
      engagedMs,
      scrollDepth,
      seq: 1,
    },
  ];
  if (download) {
    events.push({
      id: uid('dl'),
      at: at + 60_000,
      type: 'download',
      url,
      href: 'https://acme.test/sheet.pdf',
      fileName: 'sheet.pdf',
      fileExt: 'pdf',
    });
  }
  return events;
}

/**
 * Two years of a lead, a visit every few days: page views of two topics with their engagement, a
 * download now and then; an identify at the start, a demo form, a sales accept and a CRM identify
 * with a new title, all before the default horizon. All relative to now, as the object's horizon is.
 */
function twoYears(email: string, now: number): LeadEvent[] {
  const start = now - 730 * DAY;
  const events: LeadEvent[] = [
    { id: uid('id'), at: start - HOUR, type: 'identify', email, traits: { title: 'Engineer' } },
  ];
  for (let d = 0, i = 0; d < 728; d += 3, i++) {
    events.push(...visit(i, start + d * DAY + (i % 7) * HOUR, 40_000, 90, i % 10 === 3));
  }
  events.push(
    {
      id: uid('fm'),
      at: start + 200 * DAY,
      type: 'form',
      intent: 'demo_request',
      url: 'https://acme.test/demo',
      email,
    },
    { id: uid('sa'), at: start + 210 * DAY, type: 'sales', action: 'accept' },
    {
      id: uid('crm'),
      at: start + 300 * DAY,
      type: 'identify',
      email,
      traits: { title: 'CTO' },
      source: 'api',
    },
  );
  return events;
}

/** A lead's object with retention set for this instance only (the test bindings keep the default). */
async function leadWith(email: string, retention?: string) {
  const stub = env.LEADS.get(env.LEADS.idFromString(leadObjectId(SITE, email)));
  if (retention !== undefined) {
    await runInDurableObject(stub, (instance: LeadObject) => {
      Object.assign(instance, { env: { ...env, LB_RETENTION_DAYS: retention } });
    });
  }
  return stub;
}

/** What the object stores: every event id in its log, and its snapshots (base flag). */
async function storedOf(stub: DurableObjectStub<LeadObject>) {
  return runInDurableObject(stub, (_: LeadObject, state) => ({
    ids: new Set(
      state.storage.sql
        .exec<{ id: string }>('SELECT id FROM events')
        .toArray()
        .map((r) => r.id),
    ),
    bases: state.storage.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM snapshots WHERE base = 1').one()
      .n,
    compactAt: state.storage.sql
      .exec<{ value: string }>("SELECT value FROM meta WHERE key = 'compactAt'")
      .toArray()[0]?.value,
  }));
}

/** The lead's score now, and the replay of a history at the same moment. */
async function scoredAsReplay(
  stub: DurableObjectStub<LeadObject>,
  history: readonly LeadEvent[],
  when: string,
) {
  const detail = (await stub.detail()) as LeadDetail;
  const replayed = scoreLead(history, model, detail.result.asOf);
  expect(detail.result.scores, when).toEqual(replayed.scores);
  expect(detail.result.total, when).toBe(replayed.total);
  expect(detail.result.band, when).toBe(replayed.band);
  expect(detail.result.stage, when).toBe(replayed.stage);
  expect(detail.result.eventCount, when).toBe(replayed.eventCount);
  expect(detail.result.transitions, when).toEqual(replayed.transitions);
  expect(detail.result.profile, when).toEqual(replayed.profile);
  expect(detail.paging.ledger.total, when).toBe(replayed.ledger.length);
  return detail;
}

const coldStart = (stub: DurableObjectStub<LeadObject>) =>
  runInDurableObject(stub, (instance: LeadObject) => {
    Object.assign(instance, { live: null, pagesSeen: null });
  });

describe('retention (LB_RETENTION_DAYS)', () => {
  it('never cuts between two identities: a lead identified before the horizon and again after it keeps its events after the first', async () => {
    const email = `${uid('both')}@bigcorp.example`;
    const stub = await leadWith(email);
    const now = Date.now();
    const events = twoYears(email, now);
    events.push({ id: uid('id2'), at: now - 100 * DAY, type: 'identify', email, traits: { title: 'CTO' } });
    for (let i = 0; i < events.length; i += 300)
      await stub.absorb({ site: SITE, events: events.slice(i, i + 300) });
    await runDurableObjectAlarm(stub);
    const { ids } = await storedOf(stub);
    const first = Math.min(...events.filter((e) => e.type === 'identify').map((e) => e.at));
    for (const e of events) if (e.at >= first) expect(ids.has(e.id)).toBe(true);
    await scoredAsReplay(stub, events, 'identities on both sides');
  });

  it('compacts browser behaviour past the horizon into a base; the score stays the full replay, cold, and after a late event', async () => {
    const email = `${uid('old')}@bigcorp.example`;
    const stub = await leadWith(email);
    const now = Date.now();
    const events = twoYears(email, now);
    for (let i = 0; i < events.length; i += 300)
      await stub.absorb({ site: SITE, events: events.slice(i, i + 300) });
    const before = await scoredAsReplay(stub, events, 'check 1');
    expect(before.compacted).toBeNull();
    // Due at once (the oldest page view is two years old): the alarm compacts, off the beacon's path.
    expect(Number((await storedOf(stub)).compactAt)).toBeLessThanOrEqual(Date.now());
    await runDurableObjectAlarm(stub);

    const { ids, bases, compactAt } = await storedOf(stub);
    expect(bases).toBe(1);
    // The next run at the earliest a day later.
    expect(Number(compactAt)).toBeGreaterThanOrEqual(now + DAY - 60_000);
    const horizon = now - 395 * DAY;
    const deleted = events.filter((e) => !ids.has(e.id));
    expect(deleted.length).toBeGreaterThan(200);
    for (const e of deleted) {
      // Only behaviour, and only past the horizon.
      expect(['pageview', 'engagement', 'download']).toContain(e.type);
      expect(e.at).toBeLessThanOrEqual(horizon);
    }
    // Everything inside the horizon, and every identity, form and sales event, is kept.
    for (const e of events) {
      if (e.at > horizon + 60_000 || ['identify', 'form', 'sales'].includes(e.type))
        expect(ids.has(e.id)).toBe(true);
    }

    const after = await scoredAsReplay(stub, events, 'check 2');
    expect(after.compacted).toMatchObject({ events: deleted.length, late: 0 });
    expect(after.compacted?.through).toBeLessThanOrEqual(horizon);
    expect(after.compacted?.byType.pageview).toBe(deleted.filter((e) => e.type === 'pageview').length);
    // The source is where the lead came from, not the oldest page view retention kept.
    expect(after.source.landedAt).toBe(events.find((e) => e.type === 'pageview')?.at);
    // The page list shows the kept page views; the index still counts all of them.
    expect(after.paging.pages.total).toBe(
      events.filter((e) => e.type === 'pageview' && ids.has(e.id)).length,
    );
    const row = await env.DB.prepare('SELECT pageviews FROM leads WHERE id = ?')
      .bind(leadObjectId(SITE, email))
      .first<{ pageviews: number }>();
    expect(row?.pageviews).toBe(events.filter((e) => e.type === 'pageview').length);

    // A cold start: the base and the log's tail.
    await coldStart(stub);
    await scoredAsReplay(stub, events, 'check 3');

    // A late event inside the horizon (out of order, after snapshots), then another cold start.
    const late: LeadEvent = {
      id: uid('late'),
      at: now - 20 * DAY,
      type: 'pageview',
      url: 'https://acme.test/pricing',
      topics: ['pricing'],
    };
    expect(await stub.absorb({ site: SITE, events: [late] })).toMatchObject({ accepted: 1 });
    await scoredAsReplay(stub, [...events, late], 'check 4');
    await coldStart(stub);
    await scoredAsReplay(stub, [...events, late], 'check 5');

    // An event for the compacted past is neither stored nor scored, but counted; a compacted event
    // delivered again is not stored a second time.
    const ancient: LeadEvent = { ...late, id: uid('ancient'), at: now - 600 * DAY };
    expect(await stub.absorb({ site: SITE, events: [ancient, deleted[0] as LeadEvent] })).toMatchObject({
      accepted: 0,
    });
    const counted = await scoredAsReplay(stub, [...events, late], 'check 6');
    expect(counted.compacted?.late).toBe(2);

    // An outcome dated in the compacted past is refused, naming the field, and changes nothing.
    const lead = leadObjectId(SITE, email);
    const refused = await api(`/api/leads/${lead}/outcome`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ result: 'won', at: new Date(now - 500 * DAY).toISOString() }),
    });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toMatch(/^\{"error":"at: on or before .*compacted/);
    await scoredAsReplay(stub, [...events, late], 'check 7');

    // A preview with another version scores the kept events, and says that this lead's history is compacted.
    const active = await getActiveModel(env.DB);
    const preview = await stub.preview(active.version);
    expect(preview?.compactedThrough).toBe(after.compacted?.through);
    expect(preview?.before).toEqual(preview?.after);
    expect(preview?.before.total).toBe(counted.result.total);
    const summary = { compacted: { leads: 3, through: after.compacted?.through ?? 0 } } as JobSummary;
    expect(compactedText(summary)).toMatch(
      /^ 3 leads have browser history compacted up to \d{4}-\d\d-\d\d \(retention\): this version scores them from the events kept/,
    );
    expect(compactedText({ compacted: { leads: 0, through: null } } as JobSummary)).toBe('');

    // The export says what was compacted; erasure leaves nothing, base included.
    const res = await api(`/api/leads/${lead}/export`);
    const exported = (await res.json()) as { events: LeadEvent[]; compacted: unknown };
    expect(exported.compacted).toMatchObject({ events: deleted.length });
    expect(exported.events).toHaveLength(events.length + 1 - deleted.length);
    expect((await exportOf(lead)).events.some((e) => e.id === deleted[0]?.id)).toBe(false);
    expect((await api(`/api/leads/${lead}`, { method: 'DELETE' })).status).toBeLessThan(300);
    const left = await runInDurableObject(stub, (_: LeadObject, state) =>
      ['events', 'snapshots', 'snapshot_parts', 'meta'].map(
        (t) => state.storage.sql.exec<{ n: number }>(`SELECT COUNT(*) AS n FROM ${t}`).one().n,
      ),
    );
    expect(left).toEqual([0, 0, 0, 0]);
  }, 120_000);

  it(`compacts at most ${MAX_COMPACT_EVENTS.toLocaleString('en-US')} events a run; the next run goes on from there`, async () => {
    const email = `${uid('backlog')}@bigcorp.example`;
    const stub = await leadWith(email);
    const now = Date.now();
    const horizon = now - 395 * DAY;
    // One identity, first; then more behaviour past the horizon than one run takes (page views with
    // their engagement, a download now and then), and a little inside it.
    const start = now - 730 * DAY;
    const events: LeadEvent[] = [
      { id: uid('id'), at: start - HOUR, type: 'identify', email, traits: { title: 'Engineer' } },
    ];
    const past = Math.ceil((MAX_COMPACT_EVENTS * 1.3) / 2);
    const step = Math.floor((horizon - DAY - start) / past);
    for (let i = 0; i < past + 20; i++) {
      const at = i < past ? start + i * step : now - (i - past + 1) * 10 * DAY;
      events.push(...visit(i, at, 30_000, 80, i % 50 === 7));
    }
    const pastHorizon = events.filter((e) => e.type !== 'identify' && e.at <= horizon);
    expect(pastHorizon.length).toBeGreaterThan(MAX_COMPACT_EVENTS);
    for (let i = 0; i < events.length; i += 500)
      await stub.absorb({ site: SITE, events: events.slice(i, i + 500) });

    // Run 1: the oldest events, no more than the bound.
    await runDurableObjectAlarm(stub);
    const first = await storedOf(stub);
    const gone1 = events.filter((e) => !first.ids.has(e.id));
    expect(gone1.length).toBeGreaterThan(MAX_COMPACT_EVENTS * 0.99);
    expect(gone1.length).toBeLessThanOrEqual(MAX_COMPACT_EVENTS);
    const newestGone = Math.max(...gone1.map((e) => e.at));
    // The oldest ones: every behaviour event before the newest that went went too.
    for (const e of pastHorizon) if (e.at < newestGone) expect(first.ids.has(e.id), e.id).toBe(false);
    expect(pastHorizon.filter((e) => first.ids.has(e.id)).length).toBeGreaterThan(0);
    const after1 = await scoredAsReplay(stub, events, 'after run 1');
    expect(after1.compacted).toMatchObject({ events: gone1.length });
    await coldStart(stub);
    await scoredAsReplay(stub, events, 'after run 1, cold');

    // The next run, a day later (its time made due now): the rest past the horizon, from the base.
    expect(Number(first.compactAt)).toBeGreaterThanOrEqual(now + DAY - 60_000);
    await runInDurableObject(stub, (_: LeadObject, state) => {
      state.storage.sql.exec("UPDATE meta SET value = '0' WHERE key = 'compactAt'");
    });
    await runDurableObjectAlarm(stub);
    const second = await storedOf(stub);
    const gone2 = events.filter((e) => first.ids.has(e.id) && !second.ids.has(e.id));
    expect(gone2.length).toBeGreaterThan(0);
    expect(gone2.length).toBeLessThanOrEqual(MAX_COMPACT_EVENTS);
    expect(Math.min(...gone2.map((e) => e.at))).toBeGreaterThanOrEqual(newestGone);
    // Everything past the horizon is gone now, everything inside it and the identity kept.
    expect(pastHorizon.every((e) => !second.ids.has(e.id))).toBe(true);
    for (const e of events)
      if (e.at > horizon || e.type === 'identify') expect(second.ids.has(e.id)).toBe(true);
    expect(second.bases).toBe(1);
    const after2 = await scoredAsReplay(stub, events, 'after run 2');
    expect(after2.compacted).toMatchObject({ events: gone1.length + gone2.length });
    await coldStart(stub);
    await scoredAsReplay(stub, events, 'after run 2, cold');
  }, 120_000);

  it('never compacts inside the active model’s longest window, whatever the setting', async () => {
    const email = `${uid('window')}@bigcorp.example`;
    // 30 days set; the default model's longest window is 180 days (an expiry).
    const stub = await leadWith(email, '30');
    const now = Date.now();
    const events = twoYears(email, now);
    await stub.absorb({ site: SITE, events });
    await runDurableObjectAlarm(stub);
    const { ids } = await storedOf(stub);
    const deleted = events.filter((e) => !ids.has(e.id));
    expect(deleted.length).toBeGreaterThan(0);
    for (const e of deleted) expect(e.at).toBeLessThanOrEqual(now - 180 * DAY);
    expect(events.filter((e) => e.at > now - 180 * DAY + 60_000).every((e) => ids.has(e.id))).toBe(true);
    await scoredAsReplay(stub, events, 'check 8');
  }, 60_000);

  it('keeps every event when off', async () => {
    const email = `${uid('off')}@bigcorp.example`;
    const stub = await leadWith(email, 'off');
    const events = twoYears(email, Date.now());
    await stub.absorb({ site: SITE, events });
    const { compactAt } = await storedOf(stub);
    expect(compactAt).toBe('');
    await runDurableObjectAlarm(stub);
    const stored = await storedOf(stub);
    expect(stored.ids.size).toBe(events.length);
    expect(stored.bases).toBe(0);
    const detail = await scoredAsReplay(stub, events, 'check 9');
    expect(detail.compacted).toBeNull();
  }, 60_000);
});
