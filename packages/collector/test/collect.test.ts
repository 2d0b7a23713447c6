import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import {
  api,
  beacon,
  exportOf,
  leadObjectId,
  pageview,
  send,
  signAddress,
  uid,
  visitorObjectId,
} from './helpers';

async function leadCount(): Promise<number> {
  const row = await env.DB.prepare('SELECT COUNT(*) AS n FROM leads').first<{ n: number }>();
  return row?.n ?? 0;
}

describe('POST /e', () => {
  it('stores a page view and scores the visitor', async () => {
    const visitor = uid('v');
    const res = await send(beacon(visitor, [pageview('https://acme.test/product/x', ['product-x'])]));
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:8080');
    const row = await env.DB.prepare(
      'SELECT * FROM leads WHERE total > 0 ORDER BY updated_at DESC LIMIT 1',
    ).first<{
      pageviews: number;
      topics: string;
    }>();
    expect(row?.pageviews).toBe(1);
    // The markup topic and the one the default model maps /product/* to.
    expect(JSON.parse(row?.topics ?? '[]')).toEqual(['product-x', 'product']);
  });

  it('is idempotent on event ids', async () => {
    const visitor = uid('v');
    const pv = pageview('https://acme.test/a', ['alpha']);
    await send(beacon(visitor, [pv]));
    await send(beacon(visitor, [pv, pv]));
    const res = await api('/api/leads?limit=200');
    const { leads } = (await res.json()) as { leads: { id: string; topics: string[]; pageviews: number }[] };
    const lead = leads.find((l) => l.topics.includes('alpha'));
    expect(lead?.pageviews).toBe(1);
  });

  const bad: [string, () => Promise<Response>, number, RegExp][] = [
    ['garbage', () => send('}{ not json'), 400, /not valid JSON/],
    ['a JSON array', () => send('[1,2,3]'), 400, /expected a beacon object/],
    [
      'wrong types',
      () => send(beacon(uid('v'), [{ ...pageview('https://acme.test/'), ts: 'yesterday' }])),
      400,
      /e\[0\]\.ts/,
    ],
    [
      'an unknown event type',
      () => send(beacon(uid('v'), [{ ...pageview('https://acme.test/'), n: 'zz' }])),
      400,
      /unknown event type/,
    ],
    [
      'a relative URL',
      () => send(beacon(uid('v'), [pageview('/relative')])),
      400,
      /e\[0\]\.u: expected an absolute/,
    ],
    [
      'an unknown key',
      () => send({ ...beacon(uid('v'), [pageview('https://acme.test/')]), zz: 1 }),
      400,
      /zz/,
    ],
    ['no events', () => send(beacon(uid('v'), [])), 400, /at least one event/],
    [
      'too many events',
      () =>
        send(
          beacon(
            uid('v'),
            Array.from({ length: 51 }, () => pageview('https://acme.test/')),
          ),
        ),
      400,
      /at most 50/,
    ],
    ['a 1 MB body', () => send('x'.repeat(1024 * 1024)), 413, /larger than/],
    [
      'a form content type',
      () =>
        send(beacon(uid('v'), [pageview('https://acme.test/')]), {
          'content-type': 'application/x-www-form-urlencoded',
        }),
      415,
      /text\/plain/,
    ],
    [
      'an unknown site',
      () => send({ ...beacon(uid('v'), [pageview('https://acme.test/')]), s: 'other' }),
      403,
      /unknown site/,
    ],
    [
      'a foreign origin',
      () => send(beacon(uid('v'), [pageview('https://acme.test/')]), { origin: 'https://evil.test' }),
      403,
      /not allowed/,
    ],
  ];

  for (const [what, request, status, message] of bad) {
    it(`refuses ${what} with ${status} and changes nothing`, async () => {
      const before = await leadCount();
      const res = await request();
      expect(res.status).toBe(status);
      const body = (await res.json()) as { error: string };
      expect(body.error).toMatch(message);
      expect(await leadCount()).toBe(before);
    });
  }

  it('answers bots like people but stores nothing', async () => {
    const before = await leadCount();
    const res = await send(beacon(uid('v'), [pageview('https://acme.test/')]), {
      'user-agent': 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
    });
    expect(res.status).toBe(204);
    expect(await leadCount()).toBe(before);
  });

  it('counts page views without an identifier but creates no lead', async () => {
    const before = await leadCount();
    const res = await send(beacon(undefined, [pageview('https://acme.test/anon-page')]));
    expect(res.status).toBe(204);
    expect(await leadCount()).toBe(before);
    // The count is written after the response (waitUntil); poll briefly.
    let views = 0;
    for (let i = 0; i < 50 && views === 0; i++) {
      const row = await env.DB.prepare(
        "SELECT views FROM anonymous_pageviews WHERE path = '/anon-page'",
      ).first<{ views: number }>();
      views = row?.views ?? 0;
      if (!views) await new Promise((r) => setTimeout(r, 10));
    }
    expect(views).toBe(1);
  });

  it('answers the CORS preflight for allowed origins only', async () => {
    const { exports } = await import('cloudflare:workers');
    const pre = (origin: string) =>
      exports.default.fetch('http://collector.test/e', {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
    expect((await pre('http://127.0.0.1:8080')).headers.get('access-control-allow-origin')).toBe(
      'http://127.0.0.1:8080',
    );
    expect((await pre('https://evil.test')).headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('bot filter', () => {
  it('drops headless browsers and requests without a user agent, silently', async () => {
    const before = await env.DB.prepare('SELECT COUNT(*) AS n FROM leads').first<{ n: number }>();
    const headless =
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36';
    expect(
      (await send(beacon(uid('v'), [pageview('https://acme.test/')]), { 'user-agent': headless })).status,
    ).toBe(204);
    expect(
      (await send(beacon(uid('v'), [pageview('https://acme.test/')]), { 'user-agent': '' })).status,
    ).toBe(204);
    expect(
      (await send(beacon(uid('v'), [pageview('https://acme.test/')]), { 'user-agent': 'curl/8.5.0' })).status,
    ).toBe(204);
    const after = await env.DB.prepare('SELECT COUNT(*) AS n FROM leads').first<{ n: number }>();
    expect(after?.n).toBe(before?.n);
  });

  it('lets the headless marker through only when automation is allowed', async () => {
    const { isBotUserAgent } = await import('../src/enrich/bot');
    const headless = 'Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/156.0.0.0 Safari/537.36';
    expect(isBotUserAgent(headless, false)).toBe(true);
    expect(isBotUserAgent(headless, true)).toBe(false);
    expect(isBotUserAgent('Googlebot/2.1 (+http://www.google.com/bot.html)', true)).toBe(true);
  });
});

describe('protocol 1.1: link clicks classified at the edge, lenient optional fields', () => {
  type Detail = {
    timeline: { type: string; label: string }[];
    profile: { email?: string; traits: Record<string, unknown> };
  };
  async function leadOf(visitor: string): Promise<Detail> {
    const { leads } = (await (await api('/api/leads?limit=200&sort=updated')).json()) as {
      leads: { id: string }[];
    };
    for (const { id } of leads) {
      const res = await api(`/api/leads/${id}/export`);
      const data = (await res.json()) as { events: { visitorId?: string }[] };
      if (data.events.some((e) => e.visitorId === visitor))
        return (await (await api(`/api/leads/${id}`)).json()) as Detail;
    }
    throw new Error('no lead for the visitor');
  }
  const click = (h: string, extra: Record<string, unknown> = {}) => ({
    i: uid('ev'),
    n: 'lk',
    ts: Date.now(),
    u: 'https://acme.test/resources',
    h,
    ...extra,
  });

  it('turns lk clicks into downloads, outbound, mailto and tel, and drops plain navigation', async () => {
    const visitor = uid('v');
    const res = await send(
      beacon(visitor, [
        pageview('https://acme.test/resources', ['resources'], { ts: Date.now() - 1000 }),
        click('https://acme.test/files/ROI.PDF'),
        click('https://acme.test/get/list', { d: 1 }),
        click('https://partner.example/'),
        click('mailto:sales@acme.test'),
        click('tel:+4930123'),
        click('https://acme.test/pricing.html'),
      ]),
    );
    expect(res.status).toBe(204);
    const lead = await leadOf(visitor);
    expect(lead.timeline.map((t) => t.type)).toEqual([
      'pageview',
      'download',
      'download',
      'outbound',
      'mailto',
      'tel',
    ]);
    expect(lead.timeline[1]?.label).toBe('Downloaded ROI.PDF');
  });

  it('sanitises props and drops a non-http referrer instead of refusing the batch', async () => {
    const visitor = uid('v');
    const props = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`k${i}`, i]));
    const res = await send(
      beacon(visitor, [
        pageview('https://acme.test/a', ['sanitise'], {
          r: 'android-app://com.example.app',
          ts: Date.now() - 1000,
        }),
        {
          i: uid('ev'),
          n: 'ev',
          ts: Date.now(),
          u: 'https://acme.test/a',
          nm: 'props_test',
          pr: { ...props, nested: { x: 1 }, '': 'empty', long: 'x'.repeat(400) },
        },
        {
          i: uid('ev'),
          n: 'id',
          ts: Date.now(),
          u: 'https://acme.test/a',
          em: 'not an address',
          tr: { name: 'Nobody' },
        },
      ]),
    );
    expect(res.status).toBe(204);
    const data = (await (await api(`/api/leads?topic=sanitise`)).json()) as { leads: { id: string }[] };
    const exported = (await (await api(`/api/leads/${data.leads[0]?.id}/export`)).json()) as {
      events: { type: string; referrer?: string; props?: Record<string, unknown> }[];
    };
    const types = exported.events.map((e) => e.type);
    expect(types).toEqual(['pageview', 'custom']);
    expect(exported.events[0]?.referrer).toBeUndefined();
    const kept = exported.events[1]?.props ?? {};
    expect(Object.keys(kept)).toHaveLength(20);
    expect(kept.nested).toBeUndefined();

    // Props that are not an object at all become none.
    for (const pr of [null, 'text', [1, 2], 3]) {
      const r = await send(
        beacon(visitor, [{ i: uid('ev'), n: 'ev', ts: Date.now(), u: 'https://acme.test/a', nm: 'odd', pr }]),
      );
      expect(r.status).toBe(204);
    }
  });
});

describe('protocol 1.3: form fields by autocomplete token, topics as the page wrote them', () => {
  type Lead = {
    total: number;
    scores: Record<string, number>;
    topics?: string[];
    profile: { email?: string; traits: Record<string, unknown> };
    pages: { topics: string[] }[];
    ledger: { ruleId: string; value: number }[];
  };
  const page = 'https://acme.test/demo';
  const form = (em: string, tr: Record<string, string>) => ({
    i: uid('ev'),
    n: 'fm',
    ts: Date.now(),
    u: page,
    fi: 'demo-form',
    in: 'demo_request',
    em,
    tr,
  });
  async function leadAfter(events: (email: string) => unknown[]): Promise<Lead> {
    const email = `${uid('jo')}@buyer-corp.example`;
    const res = await send(beacon(uid('v'), events(email)));
    expect(res.status).toBe(204);
    const id = leadObjectId('acme', email);
    const detail = await api(`/api/leads/${id}`);
    expect(detail.status).toBe(200);
    return (await detail.json()) as Lead;
  }

  it('scores a 1.3 beacon exactly like the 1.2 beacon of the same page and form', async () => {
    // What the 1.2 SDK sent: topics split, trimmed, deduplicated; fields under their trait names.
    const old = await leadAfter((email) => [
      pageview(page, ['Pricing', 'Security'], { ts: Date.now() - 1000 }),
      form(email, { name: 'Jo Buyer', company: 'Buyer Corp', title: 'CFO', company_size: '51-200' }),
    ]);
    // What the 1.3 SDK sends for the same markup: the topics raw, the fields under their tokens.
    const now = await leadAfter((email) => [
      pageview(page, [' Pricing', 'pricing ', '', 'Security'], { ts: Date.now() - 1000 }),
      form(email, {
        name: 'Jo Buyer',
        organization: 'Buyer Corp',
        'organization-title': 'CFO',
        company_size: '51-200',
      }),
    ]);
    expect(now.profile.traits).toEqual({
      name: 'Jo Buyer',
      company: 'Buyer Corp',
      title: 'CFO',
      company_size: '51-200',
    });
    expect(now.profile.traits).toEqual(old.profile.traits);
    expect(now.pages.map((p) => p.topics)).toEqual(old.pages.map((p) => p.topics));
    expect(now.pages[0]?.topics).toEqual(expect.arrayContaining(['pricing', 'security']));
    expect(now.scores).toEqual(old.scores);
    expect(now.total).toBe(old.total);
    const rules = (l: Lead) => l.ledger.map((x) => `${x.ruleId} ${x.value}`).sort();
    expect(rules(now)).toEqual(rules(old));
    // The profile fields scored: a title or company, and a leadership title.
    expect(rules(now)).toEqual(expect.arrayContaining(['job-title-or-company 5', 'leadership-title 10']));
  });
});

describe('protocol 1.4: the address as it was typed, engaged time uncapped', () => {
  type Lead = {
    total: number;
    scores: Record<string, number>;
    profile: { email?: string; traits: Record<string, unknown> };
    ledger: { ruleId: string; value: number }[];
  };
  const page = 'https://acme.test/pricing';
  const event = (n: string, fields: Record<string, unknown>) => ({
    i: uid('ev'),
    n,
    ts: Date.now(),
    u: page,
    ...fields,
  });
  /** Sends the events for a fresh address (`as` spells it as the sender would) and reads the lead. */
  async function leadAfter(as: (email: string) => string, ms: number, signed = false) {
    const email = `${uid('jo')}@buyer-corp.example`;
    const pv = pageview(page, ['pricing'], { ts: Date.now() - 2000 });
    const h = signed ? { h: await signAddress('acme', email) } : {};
    const identity = event('id', { em: as(email), tr: { title: 'CFO' }, ...h });
    const res = await send(
      beacon(uid('v'), [
        pv,
        event('en', { p: pv.i, ms, sd: 90, q: 0 }),
        event('fm', { fi: 'demo', in: 'demo_request', em: as(email), tr: { organization: 'Buyer Corp' } }),
        identity,
      ]),
    );
    expect(res.status).toBe(204);
    const id = leadObjectId('acme', email);
    const detail = await api(`/api/leads/${id}`);
    expect(detail.status).toBe(200);
    const { events } = await exportOf(id);
    const engaged = events.flatMap((e) => (e.type === 'engagement' ? [e.engagedMs] : []));
    const source = events.flatMap((e) => (e.id === identity.i && e.type === 'identify' ? [e.source] : []));
    return { email, lead: (await detail.json()) as Lead, engaged, source };
  }
  const rules = (l: Lead) => l.ledger.map((x) => `${x.ruleId} ${x.value}`).sort();

  it('scores a 1.4 beacon exactly like the 1.3 beacon of the same visit', async () => {
    // 1.3: the SDK trimmed and lower-cased the address and capped a delta at 30 minutes.
    const old = await leadAfter((email) => email, 1_800_000);
    // 1.4: the address as typed, and a delta of 45 minutes, which the collector caps.
    const now = await leadAfter((email) => `  ${email.toUpperCase()} `, 2_700_000);
    expect(now.lead.profile.email).toBe(now.email);
    expect(old.lead.profile.email).toBe(old.email);
    expect(now.lead.profile.traits).toEqual({ company: 'Buyer Corp', title: 'CFO' });
    expect(now.lead.profile.traits).toEqual(old.lead.profile.traits);
    expect(now.engaged).toEqual([1_800_000]);
    expect(old.engaged).toEqual([1_800_000]);
    expect(now.lead.scores).toEqual(old.lead.scores);
    expect(now.lead.total).toBe(old.lead.total);
    expect(rules(now.lead)).toEqual(rules(old.lead));
    expect(rules(now.lead)).toEqual(expect.arrayContaining(['job-title-or-company 5']));
  });

  it('verifies a signature over the normalised address when the address comes as typed', async () => {
    const { source } = await leadAfter((email) => ` ${email.replace('jo', 'Jo')}`, 1000, true);
    expect(source).toEqual(['verified']);
  });

  it('drops a queued event older than 7 days, keeping the rest of the batch', async () => {
    // The 1.4 SDK sends its stored queue as it is; the collector, which corrects the client's clock
    // by the batch's send time, drops what is too old.
    const visitor = uid('v');
    const stale = pageview(page, ['stale-queue'], { ts: Date.now() - 8 * 86_400_000 });
    const fresh = pageview(page, ['fresh-queue'], { ts: Date.now() - 1000 });
    expect((await send(beacon(visitor, [stale, fresh]))).status).toBe(204);
    const { events } = await exportOf(visitorObjectId('acme', visitor));
    expect(events.map((e) => e.id)).toEqual([fresh.i]);
  });

  it('drops an identity whose address is not one, keeping the batch and the submission', async () => {
    const visitor = uid('v');
    const res = await send(
      beacon(visitor, [
        event('fm', { fi: 'half', in: 'contact_request', em: 'jo@nowhere', tr: { organization: 'X' } }),
        event('id', { em: 'a@b', tr: { title: 'CFO' } }),
      ]),
    );
    expect(res.status).toBe(204);
    const { events } = await exportOf(visitorObjectId('acme', visitor));
    expect(events.map((e) => [e.type, 'email' in e ? e.email : undefined])).toEqual([['form', undefined]]);
  });
});

describe('the largest event the SDK sends (values cut to 256 characters, events of at most 10,000)', () => {
  // The SDK cuts every prop and trait string to 256 characters (what `sanitizeProps` keeps) and
  // queues no event whose JSON is over 10,000 characters. The worst case, all in three-byte UTF-8
  // characters, must still fit the 32 KB body limit and be taken whole.
  const long = (c: string) => c.repeat(256);

  it('accepts one event of 10,000 characters of three-byte characters and keeps 20 of its values', async () => {
    const visitor = uid('v');
    const pr = Object.fromEntries(Array.from({ length: 37 }, (_, i) => [`k${i}`, long('€')]));
    const event = { i: uid('ev'), n: 'ev', ts: Date.now(), u: 'https://acme.test/big', nm: 'big', pr };
    const body = beacon(visitor, [event]);
    expect(JSON.stringify(event).length).toBeLessThanOrEqual(10_000);
    expect(new TextEncoder().encode(JSON.stringify(body)).length).toBeGreaterThan(28 * 1024);
    const res = await send(body);
    expect(res.status).toBe(204);
    const events = (await exportOf(visitorObjectId('acme', visitor))).events as {
      type: string;
      props?: Record<string, unknown>;
    }[];
    const props = events.find((e) => e.type === 'custom')?.props ?? {};
    expect(Object.keys(props)).toHaveLength(20);
    expect(props.k0).toBe(long('€'));
  });

  it('identifies the lead from a form whose marked fields the SDK cut', async () => {
    const email = `${uid('jo')}@buyer-corp.example`;
    const tr = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`field${i}`, long('ü')]));
    const res = await send(
      beacon(uid('v'), [
        { i: uid('ev'), n: 'fm', ts: Date.now(), u: 'https://acme.test/demo', fi: 'demo', em: email, tr },
      ]),
    );
    expect(res.status).toBe(204);
    const detail = await api(`/api/leads/${leadObjectId('acme', email)}`);
    expect(detail.status).toBe(200);
    const lead = (await detail.json()) as { profile: { email?: string; traits: Record<string, unknown> } };
    expect(lead.profile.email).toBe(email);
    expect(lead.profile.traits.field0).toBe(long('ü'));
  });
});
