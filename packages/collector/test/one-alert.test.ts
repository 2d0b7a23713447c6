import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { api, beacon, leadObjectId, pageview, send, uid, visitorObjectId } from './helpers';
import {
  createWebhook,
  type DeliveryRow,
  deliveriesOf,
  path,
  received,
  receiverUrl,
  waitFor,
} from './webhooks-helpers';

// One alert per real change, about the right lead, checked where sales hears it: at the webhook
// receiver. A demo request that identifies the visitor used to send "🔥 Hot lead: Anonymous
// visitor" and then "🔥 Hot lead: jo.buyer@…" 0.09 s apart.

const SITE_URL = 'http://127.0.0.1:8080';
/** LB_ANONYMOUS_NOTIFY_DELAY_SECONDS in vitest.config.ts. */
const HOLD_MS = 2_000;

type Hooks = Awaited<ReturnType<typeof hooks>>;

/** Sales (hot, up), the same with anonymous visitors, and one that wants everything. */
async function hooks() {
  const salesPath = path('ok');
  const salesAnonPath = path('ok');
  const everythingPath = path('ok');
  const hot = { kinds: ['band_changed'], bands: ['hot'], direction: 'up' };
  return {
    salesPath,
    salesAnonPath,
    sales: await createWebhook({ name: 'sales', url: `${receiverUrl}${salesPath}`, ...hot }),
    salesAnon: await createWebhook({
      name: 'sales, anonymous too',
      url: `${receiverUrl}${salesAnonPath}`,
      ...hot,
      includeAnonymous: true,
    }),
    everything: await createWebhook({ name: 'everything', url: `${receiverUrl}${everythingPath}` }),
  };
}

/** Reading pricing and completing the product check: 30 points, warm. */
function browsing() {
  return [
    pageview(`${SITE_URL}/pricing.html`, ['pricing']),
    {
      i: uid('ev'),
      n: 'ev',
      ts: Date.now(),
      u: `${SITE_URL}/products/check.html`,
      nm: 'product_check_completed',
    },
  ];
}

function demoForm(identity: Record<string, unknown> = {}) {
  return {
    i: uid('ev'),
    n: 'fm',
    ts: Date.now(),
    u: `${SITE_URL}/demo.html`,
    fi: 'demo-form',
    in: 'demo_request',
    ...identity,
  };
}

const TRAITS = { name: 'Jo Buyer', company: 'Buyer Corp', title: 'CFO' };

function identify(email: string) {
  return { i: uid('ev'), n: 'id', ts: Date.now(), u: `${SITE_URL}/demo.html`, em: email, tr: TRAITS };
}

/**
 * Every delivery the hooks made for these objects once nothing can come any more: an anonymous
 * visitor's notifications wait HOLD_MS, so this waits until then and a little longer.
 */
async function settled(h: Hooks, objects: string[]) {
  await new Promise((r) => setTimeout(r, HOLD_MS + 1_500));
  const of = async (id: string) => (await deliveriesOf(id)).filter((d) => objects.includes(d.lead_id));
  return {
    sales: await of(h.sales.id),
    salesAnon: await of(h.salesAnon.id),
    everything: await of(h.everything.id),
  };
}

async function payloadOf(row: DeliveryRow) {
  const res = await api(`/api/webhooks/${row.subscription_id}/deliveries/${row.id}`);
  const { payload } = (await res.json()) as { payload: string };
  return JSON.parse(payload) as {
    type: string;
    data: {
      leadId: string;
      lead: { email?: string; anonymous: boolean; band: string };
      change?: { from: string; to: string };
    };
  };
}

async function expectOneHotFor(h: Hooks, rows: DeliveryRow[], leadId: string) {
  expect(rows).toHaveLength(1);
  const [row] = rows;
  if (!row) throw new Error('unreachable');
  expect(row.lead_id).toBe(leadId);
  const payload = await payloadOf(row);
  expect(payload).toMatchObject({
    type: 'lead.band_changed',
    data: { leadId, lead: { band: 'hot', anonymous: false } },
  });
  // The receiver got it, once.
  const path = row.subscription_id === h.sales.id ? h.salesPath : h.salesAnonPath;
  await waitFor(async () => (await received(path)).some((r) => JSON.parse(r.body).data.leadId === leadId), {
    what: 'the hot alert at the receiver',
  });
  return payload;
}

describe('a demo request that identifies the visitor', () => {
  it('sends exactly one hot alert, for the known lead, when fm and id arrive in two requests (older SDKs)', async () => {
    const h = await hooks();
    const email = `${uid('jo')}@buyer-corp.example`.toLowerCase();
    const visitor = uid('v');
    expect((await send(beacon(visitor, browsing()))).status).toBe(204);
    expect((await send(beacon(visitor, [demoForm()]))).status).toBe(204);
    expect((await send(beacon(visitor, [identify(email)]))).status).toBe(204);

    const lead = leadObjectId('acme', email);
    const anonymous = visitorObjectId('acme', visitor);
    const got = await settled(h, [lead, anonymous]);
    const sales = await expectOneHotFor(h, got.sales, lead);
    expect(sales.data.lead.email).toBe(email);
    await expectOneHotFor(h, got.salesAnon, lead);
    // Nothing about the anonymous visitor it was, and every change of the lead once: it became a
    // hot known lead (one band change, not cold → warm → hot replayed from its anonymous history).
    expect(got.everything.filter((d) => d.lead_id === anonymous)).toEqual([]);
    const kinds = got.everything.map((d) => d.kind).sort();
    expect(kinds).toEqual(['band_changed', 'identified', 'stage_changed']);
    const band = got.everything.find((d) => d.kind === 'band_changed');
    expect((await payloadOf(band as DeliveryRow)).data.change).toMatchObject({ from: 'cold', to: 'hot' });
  });

  it('sends exactly one hot alert, for the known lead, when the form carries the address (protocol 1.2)', async () => {
    const h = await hooks();
    const email = `${uid('jo')}@buyer-corp.example`.toLowerCase();
    const visitor = uid('v');
    expect((await send(beacon(visitor, browsing()))).status).toBe(204);
    expect((await send(beacon(visitor, [demoForm({ em: email, tr: TRAITS })]))).status).toBe(204);

    const lead = leadObjectId('acme', email);
    const got = await settled(h, [lead, visitorObjectId('acme', visitor)]);
    await expectOneHotFor(h, got.sales, lead);
    await expectOneHotFor(h, got.salesAnon, lead);
  });

  // The lead's profile takes its address from the form: a form carrying an identity is one fact.
  it('names the lead by the address the form carried', async () => {
    const h = await hooks();
    const email = `${uid('jo')}@buyer-corp.example`.toLowerCase();
    const visitor = uid('v');
    await send(beacon(visitor, browsing()));
    await send(beacon(visitor, [demoForm({ em: email, tr: TRAITS })]));
    const lead = leadObjectId('acme', email);
    const got = await settled(h, [lead]);
    const payload = await expectOneHotFor(h, got.sales, lead);
    expect(payload.data.lead.email).toBe(email);
  });
});

describe('an anonymous visitor', () => {
  it('is told only to subscriptions that ask for anonymous visitors, after a short hold', async () => {
    const h = await hooks();
    const visitor = uid('v');
    const sentAt = Date.now();
    expect((await send(beacon(visitor, [...browsing(), demoForm()]))).status).toBe(204);
    const anonymous = visitorObjectId('acme', visitor);

    const got = await settled(h, [anonymous]);
    expect(got.sales).toEqual([]);
    expect(got.everything).toEqual([]);
    expect(got.salesAnon).toHaveLength(1);
    const [row] = got.salesAnon;
    const payload = await payloadOf(row as DeliveryRow);
    expect(payload.data).toMatchObject({ leadId: anonymous, lead: { anonymous: true, band: 'hot' } });
    expect(payload.data.lead.email).toBeUndefined();
    // Held back in case an identify followed, then sent.
    const { created_at } = (await env.DB.prepare('SELECT created_at FROM webhook_deliveries WHERE id = ?1')
      .bind(row?.id)
      .first<{ created_at: number }>()) ?? { created_at: 0 };
    expect(created_at - sentAt).toBeGreaterThanOrEqual(HOLD_MS);
  });
});
