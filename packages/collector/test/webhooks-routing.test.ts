import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { LeadEvent } from '../src/scoring/events';
import { seedLead } from './dashboard-helpers';
import { api, uid } from './helpers';
import { createWebhook, deliveriesOf, path, received, receiverUrl, waitFor } from './webhooks-helpers';

function call(method: string, route: string, body?: unknown) {
  return api(route, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
}

async function errorOf(res: Response): Promise<string> {
  return ((await res.json()) as { error: string }).error;
}

const PAGE = 'https://acme.test';

/** A known lead that read pricing and a product page, completed the product check and watched the video: hot. */
function hotBuyer(
  email: string,
  traits: Record<string, string>,
  opts: { at?: number; country?: string } = {},
) {
  const at = opts.at ?? Date.now() - 60_000;
  const network = opts.country ? { network: { country: opts.country } } : {};
  const events: LeadEvent[] = [
    {
      id: uid('ev'),
      at,
      type: 'pageview',
      url: `${PAGE}/pricing`,
      topics: ['pricing'],
      title: 'Pricing',
      ...network,
    },
    { id: uid('ev'), at: at + 1000, type: 'custom', name: 'product_check_completed', url: `${PAGE}/check` },
    { id: uid('ev'), at: at + 2000, type: 'custom', name: 'video_watched', url: `${PAGE}/video` },
    { id: uid('ev'), at: at + 3000, type: 'identify', email, traits },
  ];
  return events;
}

type Payload = {
  type: string;
  test?: true;
  data: { leadId: string; reasons: string[]; signal?: { event: { topics: string[] }; matched: string[] } };
};

async function payloads(p: string): Promise<Payload[]> {
  return (await received(p)).map((r) => JSON.parse(r.body) as Payload);
}

describe('PATCH /api/webhooks/:id', () => {
  it('changes the settings given, clears a condition with null, and keeps the secret', async () => {
    const hook = await createWebhook({ name: 'sales', url: `${receiverUrl}${path('ok')}`, bands: ['hot'] });
    const res = await call('PATCH', `/api/webhooks/${hook.id}`, {
      name: 'Sales — product X',
      topics: ['product-x*'],
      countries: ['de', 'AT'],
      companies: ['Acme'],
      owners: ['jo@seller.example', null],
      minScoreChange: 10,
      cooldownHours: 24,
      bands: null,
    });
    expect(res.status).toBe(200);
    const updated = (await res.json()) as Record<string, unknown>;
    expect(updated).toMatchObject({
      id: hook.id,
      name: 'Sales — product X',
      topics: ['product-x*'],
      countries: ['DE', 'AT'],
      companies: ['Acme'],
      owners: ['jo@seller.example', null],
      minScoreChange: 10,
      cooldownHours: 24,
      bands: null,
      active: true,
    });
    expect(updated).not.toHaveProperty('secret');
    expect(typeof updated.updatedAt).toBe('number');
    const row = await env.DB.prepare('SELECT secret FROM webhook_subscriptions WHERE id = ?')
      .bind(hook.id)
      .first<{ secret: string }>();
    expect(row?.secret).toBe(hook.secret);
    expect(await (await api(`/api/webhooks/${hook.id}`)).json()).toEqual(updated);
  });

  it('refuses bad settings naming the field, and changes nothing', async () => {
    const hook = await createWebhook({ name: 'x', url: `${receiverUrl}${path('ok')}` });
    const before = await (await api(`/api/webhooks/${hook.id}`)).json();
    const cases: [unknown, RegExp][] = [
      [{ countries: ['Germany'] }, /^countries\[0\]: expected a two-letter country code/],
      [{ topics: [] }, /^topics: expected at least one entry/],
      [{ cooldownHours: 0 }, /^cooldownHours: expected a number > 0/],
      [{ minScoreChange: 'ten' }, /^minScoreChange: expected a number/],
      [{ url: 'ftp://example.com/hook' }, /^url: /],
      [{ colour: 'red' }, /colour/],
      [{}, /expected at least one setting to change/],
      [{ kinds: ['signal'] }, /^signal: conditions are required when kinds include signal/],
      [{ signal: { topics: ['pricing'] } }, /^kinds: add signal to use signal conditions/],
      [{ signal: {} }, /^signal: expected at least one condition/],
      ['{', /not valid JSON/],
    ];
    for (const [body, message] of cases) {
      const res = await call('PATCH', `/api/webhooks/${hook.id}`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(await errorOf(res)).toMatch(message);
    }
    expect(await (await api(`/api/webhooks/${hook.id}`)).json()).toEqual(before);
    expect((await call('PATCH', `/api/webhooks/${'0'.repeat(32)}`, { name: 'y' })).status).toBe(404);
    expect((await call('PATCH', '/api/webhooks/nope', { name: 'y' })).status).toBe(400);
  });
});

describe('routing conditions', () => {
  it('send each team the leads of its topic and country only', async () => {
    const site = uid('site');
    const [pricingPath, careersPath, dePath, frPath] = [path('ok'), path('ok'), path('ok'), path('ok')];
    const hot = { kinds: ['band_changed'], bands: ['hot'], sites: [site] };
    await createWebhook({
      name: 'pricing team',
      url: `${receiverUrl}${pricingPath}`,
      topics: ['pric*'],
      ...hot,
    });
    await createWebhook({
      name: 'careers',
      url: `${receiverUrl}${careersPath}`,
      topics: ['careers'],
      ...hot,
    });
    await createWebhook({ name: 'DACH', url: `${receiverUrl}${dePath}`, countries: ['DE'], ...hot });
    await createWebhook({ name: 'France', url: `${receiverUrl}${frPath}`, countries: ['FR'], ...hot });
    const leadId = await seedLead(
      `${uid('a')}@buyer.example`,
      hotBuyer('x@buyer.example', { company: 'Buyer' }, { country: 'DE' }),
      site,
    );
    const [got] = await waitFor(
      async () => (await payloads(pricingPath)).length > 0 && payloads(pricingPath),
      {
        what: 'the pricing team',
      },
    );
    expect(got?.data.leadId).toBe(leadId);
    await waitFor(async () => (await payloads(dePath)).length === 1, { what: 'the DACH team' });
    // The same queue has handled both; the other teams heard nothing.
    expect(await received(careersPath)).toEqual([]);
    expect(await received(frPath)).toEqual([]);
  });

  it('hold back a second delivery about the same lead within the cooldown', async () => {
    const site = uid('site');
    const [coolPath, allPath] = [path('ok'), path('ok')];
    const changes = { kinds: ['band_changed', 'stage_changed', 'identified'], sites: [site] };
    const cool = await createWebhook({
      name: 'cool',
      url: `${receiverUrl}${coolPath}`,
      cooldownHours: 24,
      ...changes,
    });
    const all = await createWebhook({ name: 'all', url: `${receiverUrl}${allPath}`, ...changes });
    // Identified, cold → hot and known → MQL in one go: three notifications about one lead.
    const email = `${uid('c')}@cool.example`;
    await seedLead(email, hotBuyer(email, { company: 'Cool' }), site);
    await waitFor(
      async () => (await deliveriesOf(all.id)).length >= 3 && (await received(allPath)).length >= 3,
      {
        what: 'every change to the subscription without cooldown',
      },
    );
    await waitFor(async () => (await received(coolPath)).length === 1, {
      what: 'one delivery within the cooldown',
    });
    // Later news about the lead (rejected by sales: a stage change) stays held back too.
    const stub = env.LEADS.get(env.LEADS.idFromName(`l:${site}:${email}`));
    await stub.absorb({ site, events: [{ id: uid('ev'), at: Date.now(), type: 'sales', action: 'reject' }] });
    await waitFor(async () => (await received(allPath)).length >= 4, { what: 'the rejection' });
    expect(await deliveriesOf(cool.id)).toHaveLength(1);
    expect(await received(coolPath)).toHaveLength(1);
  });
});

describe('single-signal alerts', () => {
  it('tell about a known lead from a company with ≥ 2 people who read pricing, with three reasons', async () => {
    const site = uid('site');
    const alertPath = path('ok');
    const company = `Globex ${uid('g')}`;
    const hook = await createWebhook({
      name: 'pricing readers at accounts',
      url: `${receiverUrl}${alertPath}`,
      sites: [site],
      signal: { eventTypes: ['pageview'], topics: ['pricing'], known: true, minCompanyPeople: 2 },
    });
    expect(hook.kinds).toEqual(['signal']);
    // The first person of the company reads pricing: one person is no account yet.
    const first = `${uid('p')}@globex.example`;
    await seedLead(
      first,
      [
        { id: uid('ev'), at: Date.now() - 30_000, type: 'identify', email: first, traits: { company } },
        {
          id: uid('ev'),
          at: Date.now() - 20_000,
          type: 'pageview',
          url: `${PAGE}/pricing`,
          topics: ['pricing'],
          title: 'Pricing',
        },
      ],
      site,
    );
    // A second person, known, reads the blog and then pricing.
    const second = `${uid('p')}@globex.example`;
    const leadId = await seedLead(
      second,
      [
        {
          id: uid('ev'),
          at: Date.now() - 10_000,
          type: 'identify',
          email: second,
          traits: { company, name: 'Grace' },
        },
        { id: uid('ev'), at: Date.now() - 9_000, type: 'pageview', url: `${PAGE}/blog/x`, topics: ['blog'] },
        {
          id: uid('ev'),
          at: Date.now() - 8_000,
          type: 'pageview',
          url: `${PAGE}/pricing`,
          topics: ['pricing'],
          title: 'Pricing',
        },
      ],
      site,
    );
    const [alert] = await waitFor(async () => (await payloads(alertPath)).length > 0 && payloads(alertPath), {
      what: 'the signal alert',
    });
    expect(alert).toMatchObject({
      type: 'lead.signal',
      data: { leadId, signal: { event: { topics: ['pricing'] } } },
    });
    expect(alert?.data.reasons).toEqual([
      `Read "Pricing" (/pricing, topic pricing)`,
      `A known lead (${second})`,
      `2 people from ${company} among your leads`,
    ]);
    // A page read an hour and more ago is history, not a signal (an identify bringing old browsing along).
    const third = `${uid('p')}@globex.example`;
    await seedLead(
      third,
      [
        {
          id: uid('ev'),
          at: Date.now() - 3 * 3_600_000,
          type: 'pageview',
          url: `${PAGE}/pricing`,
          topics: ['pricing'],
        },
        { id: uid('ev'), at: Date.now() - 1000, type: 'identify', email: third, traits: { company } },
      ],
      site,
    );
    // The test send is the barrier: anything queued before it was handled.
    const test = await call('POST', `/api/webhooks/${hook.id}/test`);
    expect(test.status).toBe(202);
    const all = await waitFor(
      async () => {
        const got = await payloads(alertPath);
        return got.some((p) => p.test) && got;
      },
      { what: 'the test signal' },
    );
    expect(all.filter((p) => !p.test)).toHaveLength(1);
    expect(all.find((p) => p.test)).toMatchObject({
      type: 'lead.signal',
      data: { signal: { event: { topics: ['pricing'] } } },
    });
  });
});

describe('pause, resume and redeliver', () => {
  it('sends nothing while paused, and a redelivered failure arrives once resumed', async () => {
    const site = uid('site');
    const okPath = path('ok');
    const hook = await createWebhook({
      name: 'paused',
      url: `${receiverUrl}${okPath}`,
      sites: [site],
      kinds: ['identified'],
    });
    const paused = await call('POST', `/api/webhooks/${hook.id}/pause`);
    expect(paused.status).toBe(200);
    expect(await paused.json()).toMatchObject({ id: hook.id, active: false });
    expect((await call('POST', `/api/webhooks/${hook.id}/test`)).status).toBe(409);
    const email = `${uid('q')}@quiet.example`;
    await seedLead(email, [{ id: uid('ev'), at: Date.now(), type: 'identify', email }], site);
    expect(await deliveriesOf(hook.id)).toEqual([]);

    const resumed = await call('POST', `/api/webhooks/${hook.id}/resume`);
    expect(await resumed.json()).toMatchObject({ active: true });
    const test = (await (await call('POST', `/api/webhooks/${hook.id}/test`)).json()) as {
      deliveryId: string;
    };
    await waitFor(async () => (await received(okPath)).length === 1, { what: 'the test after resuming' });
    expect((await received(okPath))[0]?.headers['x-leadbeacon-delivery']).toBe(test.deliveryId);
  });

  it('redelivers a dead delivery once its receiver works, and only a dead one', async () => {
    const failing = path('fail');
    const hook = await createWebhook({ name: 'flaky', url: `${receiverUrl}${failing}` });
    const { deliveryId } = (await (await call('POST', `/api/webhooks/${hook.id}/test`)).json()) as {
      deliveryId: string;
    };
    await waitFor(async () => (await deliveriesOf(hook.id))[0]?.status === 'dead', {
      what: 'the dead delivery',
      timeoutMs: 30_000,
    });
    const attempts = (await deliveriesOf(hook.id))[0]?.attempts ?? 0;
    expect(attempts).toBeGreaterThan(1);

    const fixed = path('ok');
    expect((await call('PATCH', `/api/webhooks/${hook.id}`, { url: `${receiverUrl}${fixed}` })).status).toBe(
      200,
    );
    const again = await call('POST', `/api/webhooks/${hook.id}/deliveries/${deliveryId}/redeliver`);
    expect(again.status).toBe(202);
    expect(await again.json()).toEqual({ deliveryId, status: 'pending' });
    await waitFor(async () => (await deliveriesOf(hook.id))[0]?.status === 'delivered', {
      what: 'the redelivery',
    });
    const [row] = await deliveriesOf(hook.id);
    expect(row?.attempts).toBe(attempts + 1);
    const sent = await received(fixed);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.headers['x-leadbeacon-delivery']).toBe(deliveryId);

    const twice = await call('POST', `/api/webhooks/${hook.id}/deliveries/${deliveryId}/redeliver`);
    expect(twice.status).toBe(409);
    expect(await errorOf(twice)).toBe('only a failed (dead) delivery can be redelivered');
    expect(
      (await call('POST', `/api/webhooks/${hook.id}/deliveries/${'a'.repeat(32)}/redeliver`)).status,
    ).toBe(404);
    expect((await call('POST', `/api/webhooks/${hook.id}/deliveries/nope/redeliver`)).status).toBe(400);
  });
});
