import {
  abortAllDurableObjects,
  createExecutionContext,
  createMessageBatch,
  getQueueResult,
} from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { app } from '../src/app';
import { consumeIngest } from '../src/ingest/consumer';
import { consumeIngestDeadLetters } from '../src/ingest/dead-letters';
import { ingestProgress } from '../src/ingest/progress';
import {
  INGEST_DEAD_LETTER_QUEUE,
  INGEST_MESSAGE_VERSION,
  INGEST_QUEUE,
  type IngestMessage,
  type VisitorMessage,
} from '../src/ingest/queue';
import type { LeadEvent } from '../src/scoring/events';
import {
  api,
  BROWSER_UA,
  beacon,
  drained,
  exportOf,
  leadObjectId,
  ORIGIN,
  pageview,
  post,
  send,
  uid,
  visitorObjectId,
} from './helpers';
import {
  createWebhook,
  type DeliveryRow,
  deliveriesOf,
  path,
  receiverUrl,
  waitFor,
} from './webhooks-helpers';

const SITE = 'https://acme.test';

type Detail = {
  id: string;
  result: {
    total: number;
    band: string;
    stage: string;
    ledger: { ruleId: string; eventId: string; value: number }[];
  };
  pages: { url: string }[];
};

async function detailOf(id: string): Promise<Detail> {
  const res = await api(`/api/leads/${id}`);
  expect(res.status).toBe(200);
  const body = (await res.json()) as {
    id: string;
    total: number;
    band: string;
    stage: string;
    ledger: Detail['result']['ledger'];
    pages: Detail['pages'];
  };
  return {
    id: body.id,
    result: { total: body.total, band: body.band, stage: body.stage, ledger: body.ledger },
    pages: body.pages,
  };
}

/** A queue message as the queue hands it to a consumer. */
function delivery(body: unknown, attempts = 1) {
  return { id: uid('msg'), timestamp: new Date(), attempts, body };
}

function visitorMessage(
  visitor: string,
  events: LeadEvent[],
  extra: Partial<VisitorMessage> = {},
): VisitorMessage {
  return { v: INGEST_MESSAGE_VERSION, kind: 'visitor', site: 'acme', visitor, events, ...extra };
}

function pageviewEvent(visitor: string, url: string, topics: string[] = [], at = Date.now()): LeadEvent {
  return { id: uid('ev'), at, type: 'pageview', url, topics, visitorId: visitor };
}

/** Runs the ingest consumer on a batch and reads back what it acked and retried. */
async function consume(queue: string, messages: ReturnType<typeof delivery>[]) {
  const batch = createMessageBatch(queue, messages);
  const ctx = createExecutionContext();
  const report =
    queue === INGEST_QUEUE ? await consumeIngest(batch, env) : await consumeIngestDeadLetters(batch, env);
  return { report, result: await getQueueResult(batch, ctx) };
}

/** Reading pricing, completing the product check and asking for a demo: hot once the lead is known. */
function buyingBeacon(visitor: string, at: number) {
  return beacon(visitor, [
    pageview(`${SITE}/pricing.html`, ['pricing'], { ts: at }),
    { i: uid('ev'), n: 'ev', ts: at + 1000, u: `${SITE}/products/check.html`, nm: 'product_check_completed' },
    { i: uid('ev'), n: 'fm', ts: at + 2000, u: `${SITE}/demo.html`, fi: 'demo-form', in: 'demo_request' },
  ]);
}

async function knownLead(visitor: string): Promise<{ leadId: string; email: string }> {
  const email = `${uid('buyer')}@buyer-corp.example`.toLowerCase();
  const res = await api('/api/identify', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      site: 'acme',
      email,
      visitorId: visitor,
      traits: { name: 'Jo Buyer', company: 'Buyer Corp', title: 'Head of Operations' },
    }),
  });
  expect(res.status).toBe(200);
  const { leadId } = (await res.json()) as { leadId: string };
  return { leadId, email };
}

async function hotDeliveries(subscriptionId: string, leadId: string): Promise<DeliveryRow[]> {
  return (await deliveriesOf(subscriptionId)).filter(
    (d) => d.lead_id === leadId && d.kind === 'band_changed' && d.notification_id.includes('>hot@'),
  );
}

describe('POST /e hands beacons to the ingest queue', () => {
  it('answers 204 once the queue holds the beacon; the visitor object scores it when the queue delivers it', async () => {
    const visitor = uid('v');
    const before = ingestProgress.snapshot();
    const res = await post(beacon(visitor, [pageview(`${SITE}/pricing.html`, ['pricing'])]));
    expect(res.status).toBe(204);
    expect(ingestProgress.snapshot().sent).toBe(before.sent + 1);
    await drained();
    const detail = await detailOf(visitorObjectId('acme', visitor));
    expect(detail.pages.map((p) => p.url)).toEqual([`${SITE}/pricing.html`]);
    expect(detail.result.total).toBeGreaterThan(0);
  });

  it('queues nothing for a refused beacon or a bot', async () => {
    const before = ingestProgress.snapshot().sent;
    expect((await post({ s: 'acme', e: 'nope' })).status).toBe(400);
    const bot = await post(beacon(uid('v'), [pageview(`${SITE}/a`)]), { 'user-agent': 'curl/8.0' });
    expect(bot.status).toBe(204);
    expect(ingestProgress.snapshot().sent).toBe(before);
  });

  it('answers 503 and acknowledges nothing when the queue refuses the beacon, so the browser retries it', async () => {
    const before = ingestProgress.snapshot().sent;
    const down = {
      send: () => Promise.reject(new Error('Queue send failed: 503')),
      sendBatch: () => Promise.reject(new Error('Queue send failed: 503')),
    };
    const res = await app.fetch(
      new Request('http://collector.test/e', {
        method: 'POST',
        headers: { 'content-type': 'text/plain', origin: ORIGIN, 'user-agent': BROWSER_UA },
        body: JSON.stringify(beacon(uid('v'), [pageview(`${SITE}/a`)])),
      }),
      { ...env, INGEST: down as unknown as Queue },
      createExecutionContext(),
    );
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('10');
    expect(((await res.json()) as { error: string }).error).toMatch(/retry later/);
    expect(ingestProgress.snapshot().sent).toBe(before);
  });

  it('counts the page views of beacons without a visitor id through the queue', async () => {
    const page = `/anon-${uid('p')}`;
    for (let i = 0; i < 3; i++)
      expect((await send(beacon(undefined, [pageview(`${SITE}${page}`)]))).status).toBe(204);
    const row = await env.DB.prepare('SELECT views FROM anonymous_pageviews WHERE path = ?1')
      .bind(page)
      .first<{ views: number }>();
    expect(row?.views).toBe(3);
  });
});

describe('the ingest consumer', () => {
  it('delivers each visitor’s messages of a batch to its object in one call, and retries only a visitor whose call failed', async () => {
    const alice = uid('v');
    const bob = uid('v');
    const broken = uid('v');
    const aliceEvents = [pageviewEvent(alice, `${SITE}/a1`), pageviewEvent(alice, `${SITE}/a2`)];
    const messages = [
      delivery(visitorMessage(alice, [aliceEvents[0] as LeadEvent])),
      delivery(visitorMessage(bob, [pageviewEvent(bob, `${SITE}/b1`)])),
      delivery(visitorMessage(alice, [aliceEvents[1] as LeadEvent])),
      // A link token's lead that is no lead id: this visitor's call fails every time.
      delivery(visitorMessage(broken, [pageviewEvent(broken, `${SITE}/x`)], { linkLeadId: 'not-a-lead' })),
      delivery(visitorMessage(broken, [pageviewEvent(broken, `${SITE}/y`)])),
    ];
    const { report, result } = await consume(INGEST_QUEUE, messages);
    expect(report).toMatchObject({ visitors: 3, delivered: 3, retried: 2 });
    const ids = (indexes: number[]) => indexes.map((i) => messages[i]?.id).sort();
    expect([...result.explicitAcks].sort()).toEqual(ids([0, 1, 2]));
    expect(result.retryMessages.map((r) => r.msgId).sort()).toEqual(ids([3, 4]));
    expect(result.ackAll).toBe(false);

    const stored = (await detailOf(visitorObjectId('acme', alice))).pages.map((p) => p.url);
    expect(stored).toEqual([`${SITE}/a1`, `${SITE}/a2`]);
    expect((await detailOf(visitorObjectId('acme', bob))).pages).toHaveLength(1);
  });

  it('scores a batch delivered twice (a consumer that died before acking) once, and tells sales once', async () => {
    const hook = await createWebhook({ name: 'twice', url: `${receiverUrl}${path('ok')}`, sites: ['acme'] });
    const visitor = uid('v');
    const { leadId } = await knownLead(visitor);
    const at = Date.now() - 60_000;
    const events: LeadEvent[] = [
      pageviewEvent(visitor, `${SITE}/pricing.html`, ['pricing'], at),
      { id: uid('ev'), at: at + 1000, type: 'custom', name: 'product_check_completed', url: `${SITE}/check` },
      {
        id: uid('ev'),
        at: at + 2000,
        type: 'form',
        formId: 'demo',
        intent: 'demo_request',
        url: `${SITE}/demo`,
      },
    ];
    const body = visitorMessage(visitor, events);
    const first = delivery(body);
    await consume(INGEST_QUEUE, [first]);
    const once = await detailOf(leadId);
    await consume(INGEST_QUEUE, [{ ...first, attempts: 2 }]);
    const twice = await detailOf(leadId);

    expect(twice.result.total).toBe(once.result.total);
    expect(twice.result.band).toBe('hot');
    const stored = (await exportOf(leadId)).events.map((e) => e.id);
    for (const e of events) expect(stored.filter((id) => id === e.id)).toHaveLength(1);
    const hot = await waitFor(async () => {
      const rows = await hotDeliveries(hook.id, leadId);
      return rows.length > 0 && rows;
    });
    expect(hot).toHaveLength(1);
  });

  it('sums the anonymous page views of a batch and writes them in one statement', async () => {
    const a = `/sum-${uid('p')}`;
    const b = `/sum-${uid('p')}`;
    const day = new Date().toISOString().slice(0, 10);
    const views = (...paths: string[]): IngestMessage => ({
      v: INGEST_MESSAGE_VERSION,
      kind: 'pageviews',
      site: 'acme',
      views: paths.map((p) => ({ day, path: p })),
    });
    const { report, result } = await consume(INGEST_QUEUE, [
      delivery(views(a)),
      delivery(views(a, b)),
      delivery(views(a)),
    ]);
    expect(report).toMatchObject({ visitors: 0, delivered: 3, retried: 0, pageviewStatements: 1 });
    expect(result.explicitAcks).toHaveLength(3);
    const counts = await env.DB.prepare(
      'SELECT path, views FROM anonymous_pageviews WHERE path IN (?1, ?2) ORDER BY views DESC',
    )
      .bind(a, b)
      .all<{ path: string; views: number }>();
    expect(counts.results).toEqual([
      { path: a, views: 3 },
      { path: b, views: 1 },
    ]);
  });
});

describe('restart safety', () => {
  it('scores every acknowledged event once when its object fails and is reset before finishing; the index, the webhook and the outcome row still arrive', async () => {
    const hook = await createWebhook({
      name: 'restart',
      url: `${receiverUrl}${path('ok')}`,
      sites: ['acme'],
    });
    const visitor = uid('v');
    const { leadId } = await knownLead(visitor);
    const won = await api(`/api/leads/${leadId}/outcome`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ result: 'won', value: 24000 }),
    });
    expect(won.status).toBe(200);

    // The lead index cannot be written for a while: the lead object stores the beacon's events,
    // then fails while reporting them, so the consumer's call fails and its message is retried.
    const failedBefore = ingestProgress.snapshot().retried;
    await env.DB.exec('ALTER TABLE leads RENAME TO leads_parked');
    let restored = false;
    try {
      const body = buyingBeacon(visitor, Date.now() - 10 * 60_000);
      const ack = await post(body);
      expect(ack.status).toBe(204);
      await waitFor(async () => ingestProgress.snapshot().retried > failedBefore, {
        what: 'a failed delivery',
      });
      // The objects are reset: whatever they held in memory is gone, only their storage remains.
      await abortAllDurableObjects();
      await env.DB.exec('ALTER TABLE leads_parked RENAME TO leads');
      restored = true;
      await drained();

      const sent = (body.e as { i: string }[]).map((e) => e.i);
      const stored = (await exportOf(leadId)).events.map((e) => e.id);
      for (const id of sent)
        expect(
          stored.filter((s) => s === id),
          id,
        ).toHaveLength(1);

      const detail = await detailOf(leadId);
      expect(detail.result.band).toBe('hot');
      expect(detail.result.ledger.some((l) => l.ruleId === 'demo-request' && sent.includes(l.eventId))).toBe(
        true,
      );
      const row = await env.DB.prepare('SELECT total, band FROM leads WHERE id = ?1')
        .bind(leadId)
        .first<{ total: number; band: string }>();
      expect(row).toEqual({ total: detail.result.total, band: 'hot' });

      // The outcome row is rewritten with the events that came before the outcome.
      const outcome = await env.DB.prepare('SELECT features, total FROM lead_outcomes WHERE lead_id = ?1')
        .bind(leadId)
        .first<{ features: string; total: number }>();
      const features = JSON.parse(outcome?.features ?? '{}') as Record<string, { fired: number }>;
      expect(features['demo-request']?.fired).toBe(1);
      expect(features['product-check']?.fired).toBe(1);

      // Sales hears it once.
      const hot = await waitFor(async () => {
        const rows = await hotDeliveries(hook.id, leadId);
        return rows.length > 0 && rows;
      });
      expect(hot).toHaveLength(1);
      expect(new Set((await deliveriesOf(hook.id)).map((d) => d.notification_id)).size).toBe(
        (await deliveriesOf(hook.id)).length,
      );
    } finally {
      if (!restored) await env.DB.exec('ALTER TABLE leads_parked RENAME TO leads');
    }
  }, 30_000);
});

describe('dead letters', () => {
  it('keeps a message whose retries ran out, naming its visitor and lead, and replays it through the queue', async () => {
    const visitor = uid('v');
    const email = `${uid('kept')}@example.com`.toLowerCase();
    const identify: LeadEvent = {
      id: uid('ev'),
      at: Date.now(),
      type: 'identify',
      email,
      source: 'script',
      url: `${SITE}/demo`,
    };
    const events = [pageviewEvent(visitor, `${SITE}/kept`), identify];
    const dead = delivery(visitorMessage(visitor, events), 13);
    const { report, result } = await consume(INGEST_DEAD_LETTER_QUEUE, [dead]);
    expect(report).toBe(1);
    expect(result.explicitAcks).toEqual([dead.id]);
    const row = await env.DB.prepare(
      'SELECT kind, visitor_id, lead_id, attempts FROM ingest_dead_letters WHERE id = ?1',
    )
      .bind(dead.id)
      .first();
    expect(row).toEqual({
      kind: 'visitor',
      visitor_id: visitorObjectId('acme', visitor),
      lead_id: leadObjectId('acme', email),
      attempts: 13,
    });

    const summary = await api('/api/ingest/dead-letters');
    expect(summary.status).toBe(200);
    expect(await summary.json()).toMatchObject({ count: 1, replayable: 1 });
    expect((await api('/api/ingest/dead-letters/replay', { method: 'POST', token: null })).status).toBe(401);

    const replay = await api('/api/ingest/dead-letters/replay', { method: 'POST' });
    expect(replay.status).toBe(200);
    expect(await replay.json()).toEqual({ replayed: 1, remaining: 0 });
    await drained();
    const stored = (await exportOf(leadObjectId('acme', email))).events.map((e) => e.id).sort();
    expect(stored).toEqual(events.map((e) => e.id).sort());
    expect(
      await env.DB.prepare('SELECT id FROM ingest_dead_letters WHERE id = ?1').bind(dead.id).first(),
    ).toBeNull();
  });

  it('keeps a body of an unknown format at once instead of retrying it, and never replays it', async () => {
    const odd = delivery({ v: 99, site: 'acme', something: 'else' });
    const { report, result } = await consume(INGEST_QUEUE, [odd]);
    expect(report).toMatchObject({ delivered: 0, retried: 0, kept: 1 });
    expect(result.explicitAcks).toEqual([odd.id]);
    const row = await env.DB.prepare('SELECT kind, site FROM ingest_dead_letters WHERE id = ?1')
      .bind(odd.id)
      .first();
    expect(row).toEqual({ kind: 'unknown', site: 'acme' });
    const replay = await api('/api/ingest/dead-letters/replay', { method: 'POST' });
    expect(await replay.json()).toEqual({ replayed: 0, remaining: 0 });
    expect(await api('/api/ingest/dead-letters').then((r) => r.json())).toMatchObject({
      count: 1,
      replayable: 0,
    });
  });
});
