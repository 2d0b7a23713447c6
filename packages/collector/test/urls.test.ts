import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { app } from '../src/app';
import { dash, elements, seedLead } from './dashboard-helpers';
import { api, BROWSER_UA, beacon, drained, ORIGIN, pageview, send, uid, visitorObjectId } from './helpers';

const visitorStub = (visitor: string) => env.LEADS.get(env.LEADS.idFromName(`v:acme:${visitor}`));

async function storedJson(visitor: string): Promise<string> {
  return JSON.stringify(await visitorStub(visitor).export());
}

async function leadRow(visitor: string) {
  return env.DB.prepare('SELECT id FROM leads WHERE id = ?1')
    .bind(env.LEADS.idFromName(`v:acme:${visitor}`).toString())
    .first();
}

describe('page URLs from another origin', () => {
  const foreign: [what: string, event: Record<string, unknown>][] = [
    ['a page view', pageview('https://evil.example/pricing')],
    ['a page view on another port', pageview('http://127.0.0.1:9999/pricing')],
    ['a page view over https of an http origin', pageview('https://127.0.0.1:8080/pricing')],
    [
      'an engagement',
      {
        i: uid('ev'),
        n: 'en',
        ts: Date.now(),
        u: 'https://evil.example/p',
        p: uid('pv'),
        ms: 1000,
        sd: 50,
        q: 1,
      },
    ],
    [
      'a link click',
      { i: uid('ev'), n: 'lk', ts: Date.now(), u: 'https://evil.example/p', h: 'mailto:x@acme.test' },
    ],
    [
      'a custom event',
      { i: uid('ev'), n: 'ev', ts: Date.now(), u: 'https://evil.example/p', nm: 'video_watched' },
    ],
  ];

  for (const [what, event] of foreign) {
    it(`refuses ${what} whose page is not on the site's origins, naming the field, and stores nothing`, async () => {
      const visitor = uid('v');
      const res = await send(beacon(visitor, [pageview(`${ORIGIN}/ok`), event]));
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: string }).error).toMatch(
        /^e\[1\]\.u: .* is not an origin of site "acme"/,
      );
      expect(await leadRow(visitor)).toBeNull();
      expect((await visitorStub(visitor).export()).events).toEqual([]);
    });
  }

  it('refuses it from a server-side sender too (no Origin header)', async () => {
    const res = await send(beacon(uid('v'), [pageview('https://evil.example/')]), { origin: '' });
    expect(res.status).toBe(400);
  });

  it('accepts the page URLs of every origin of the site, and referrers from anywhere', async () => {
    const visitor = uid('v');
    const res = await send(
      beacon(visitor, [
        pageview(`${ORIGIN}/a`, [], { r: 'https://search.example/?q=leadbeacon' }),
        pageview('https://acme.test/b'),
      ]),
    );
    expect(res.status).toBe(204);
    const stored = await visitorStub(visitor).export();
    expect(stored.events.map((e) => e.url)).toEqual([`${ORIGIN}/a`, 'https://acme.test/b']);
  });

  it('shows a stored page URL of another host as text on the lead page, never as a link', async () => {
    // Stored before this check existed, or before the origin left LB_SITES: straight into the object.
    const email = `${uid('x')}@links.example`;
    const at = Date.now() - 60_000;
    const leadId = await seedLead(email, [
      {
        id: uid('ev'),
        at,
        type: 'pageview',
        url: 'https://evil.example/phish',
        topics: [],
        title: 'Evil page',
      },
      {
        id: uid('ev'),
        at: at + 1,
        type: 'pageview',
        url: `${ORIGIN}/pricing.html`,
        topics: [],
        title: 'Pricing',
      },
      { id: uid('ev'), at: at + 2, type: 'custom', name: 'video_watched', url: 'https://evil.example/video' },
      { id: uid('ev'), at: at + 3, type: 'custom', name: 'demo_booked', url: `${ORIGIN}/demo.html` },
      { id: uid('ev'), at: at + 4, type: 'identify', email },
    ]);
    const res = await dash(`/dashboard/leads/${leadId}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    const hrefs = (await elements(html, 'main a')).map((a) => a.attrs.href ?? '');
    expect(hrefs.some((h) => h.includes('evil.example'))).toBe(false);
    expect(hrefs).toContain(`${ORIGIN}/pricing.html`);
    expect(hrefs).toContain(`${ORIGIN}/demo.html`);
    // Still shown, as text.
    expect(html).toContain('Evil page');
    expect(html).toContain('https://evil.example/video');
  });
});

describe('personal data in URLs', () => {
  it('removes e-mail, name and phone parameters and addresses from page URLs, referrers and links before storage', async () => {
    const visitor = uid('v');
    const res = await send(
      beacon(visitor, [
        pageview(
          `${ORIGIN}/thanks.html?email=ada%40lovelace.example&Name=Ada+Lovelace&plan=pro#phone=0170-5550199`,
          [],
          {
            r: 'https://crm.example/open?contact=ada@lovelace.example&tab=2',
            ti: 'Thank you',
          },
        ),
        {
          i: uid('ev'),
          n: 'lk',
          ts: Date.now(),
          u: `${ORIGIN}/thanks.html?FIRST_NAME=Ada`,
          h: 'https://partner.example/go?e-mail=ada%40lovelace.example&id=5',
        },
        {
          i: uid('ev'),
          n: 'lk',
          ts: Date.now(),
          u: `${ORIGIN}/thanks.html`,
          h: '/files/brochure.pdf?mobile=0170-5550199&v=2',
        },
        {
          i: uid('ev'),
          n: 'ev',
          ts: Date.now(),
          u: `${ORIGIN}/thanks.html?lb_t=abc.def&step=2`,
          nm: 'signed_up',
        },
      ]),
    );
    expect(res.status).toBe(204);
    const stored = await storedJson(visitor);
    for (const secret of ['ada', 'Ada', 'lovelace', '0170-5550199', 'lb_t', 'abc.def'])
      expect(stored).not.toContain(secret);
    const { events } = await visitorStub(visitor).export();
    const pv = events.find((e) => e.type === 'pageview');
    expect(pv).toMatchObject({
      url: `${ORIGIN}/thanks.html?plan=pro`,
      referrer: 'https://crm.example/open?tab=2',
    });
    expect(events.find((e) => e.type === 'outbound')).toMatchObject({
      href: 'https://partner.example/go?id=5',
    });
    expect(events.find((e) => e.type === 'download')).toMatchObject({
      href: `${ORIGIN}/files/brochure.pdf?v=2`,
    });
    expect(events.find((e) => e.type === 'custom')).toMatchObject({ url: `${ORIGIN}/thanks.html?step=2` });
  });

  it('replaces addresses in URL paths and page titles by [email], in storage, the lead API and the lead page', async () => {
    const visitor = uid('v');
    const res = await send(
      beacon(visitor, [
        pageview(`${ORIGIN}/unsubscribe/jane.doe@acme-mail.example`, [], {
          ti: 'Welcome jane.doe@acme-mail.example – unsubscribe',
          r: 'https://crm.example/contacts/jane.doe%40acme-mail.example/open',
        }),
        // The default model maps /costs* to the topic pricing: the rule still matches.
        pageview(`${ORIGIN}/costs/jane.doe%40acme-mail.example/?plan=pro`, [], { ti: 'Costs' }),
        {
          i: uid('ev'),
          n: 'lk',
          ts: Date.now(),
          u: `${ORIGIN}/costs.html`,
          h: 'https://partner.example/profile/jane.doe@acme-mail.example',
        },
      ]),
    );
    expect(res.status).toBe(204);
    const { events } = await visitorStub(visitor).export();
    const views = events.filter((e) => e.type === 'pageview');
    expect(views).toHaveLength(2);
    expect(views[0]).toMatchObject({
      url: `${ORIGIN}/unsubscribe/[email]`,
      title: 'Welcome [email] – unsubscribe',
      referrer: 'https://crm.example/contacts/[email]/open',
    });
    expect(views[1]).toMatchObject({ url: `${ORIGIN}/costs/[email]/?plan=pro` });
    expect(events.find((e) => e.type === 'outbound')).toMatchObject({
      href: 'https://partner.example/profile/[email]',
    });

    const id = visitorObjectId('acme', visitor);
    const detailRes = await api(`/api/leads/${id}`);
    expect(detailRes.status).toBe(200);
    const detail = await detailRes.text();
    const page = await (await dash(`/dashboard/leads/${id}`)).text();
    for (const [what, text] of [
      ['the stored events', await storedJson(visitor)],
      ['the lead API', detail],
      ['the lead page', page],
    ]) {
      expect(text, what).not.toMatch(/jane|acme-mail/);
    }
    const pages = (JSON.parse(detail) as { pages: { url: string; topics: string[] }[] }).pages;
    expect(pages.find((p) => p.url.includes('/costs/'))?.topics).toEqual(['pricing']);
    expect(pages.map((p) => p.url)).toContain(`${ORIGIN}/unsubscribe/[email]`);
    expect(page).toContain('Welcome [email] – unsubscribe');
  });

  it('removes a site’s own stripParams as well', async () => {
    const visitor = uid('v');
    const ctx = createExecutionContext();
    const res = await app.fetch(
      new Request('http://collector.test/e', {
        method: 'POST',
        headers: { 'content-type': 'text/plain', origin: ORIGIN, 'user-agent': BROWSER_UA },
        body: JSON.stringify(beacon(visitor, [pageview(`${ORIGIN}/t?Customer_No=4711&Email=x&keep=1`)])),
      }),
      { ...env, LB_SITES: JSON.stringify({ acme: { origins: [ORIGIN], stripParams: ['customer_no'] } }) },
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(204);
    await drained();
    const { events } = await visitorStub(visitor).export();
    expect(events[0]?.url).toBe(`${ORIGIN}/t?keep=1`);
  });

  it('removes them from the stored link of an e-mail click, and still redirects to the whole destination', async () => {
    const minted = await api('/api/email-tokens', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ site: 'acme', email: `${uid('m')}@mail.example` }),
    });
    const { token, leadId } = (await minted.json()) as { token: string; leadId: string };
    const dest = `${ORIGIN}/landing.html?email=ada%40lovelace.example&utm_campaign=nov`;
    const { exports } = await import('cloudflare:workers');
    const click = await exports.default.fetch(
      `http://collector.test/c/${token}?u=${encodeURIComponent(dest)}`,
      {
        redirect: 'manual',
      },
    );
    expect(click.status).toBe(302);
    expect(new URL(click.headers.get('location') ?? '').searchParams.get('email')).toBe(
      'ada@lovelace.example',
    );
    const lead = await env.LEADS.get(env.LEADS.idFromString(leadId)).export();
    const clickEvent = lead.events.find((e) => e.type === 'email_click');
    expect(clickEvent).toMatchObject({ href: `${ORIGIN}/landing.html?utm_campaign=nov` });
  });
});
