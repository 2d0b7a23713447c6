import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { app } from '../src/app';
import { signLinkToken } from '../src/email/link-token';
import { DEV_SIGNING_KEY } from '../src/email/signing-key';
import { api, beacon, freshRateLimitWindow, pageview, post, send, uid } from './helpers';

type Detail = { id: string; timeline: { type: string }[]; pages: { anonymous: boolean }[] };

async function mint(email: string, campaign = 'nov-newsletter') {
  const res = await api('/api/email-tokens', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ site: 'acme', email, campaign }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { token: string; leadId: string; openPixel: string; clickUrl: string };
}

async function timelineTypes(id: string): Promise<string[]> {
  const res = await api(`/api/leads/${id}`);
  return ((await res.json()) as Detail).timeline.map((t) => t.type);
}

async function eventually<T>(check: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const v = await check();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('condition not met');
}

const { exports } = await import('cloudflare:workers');
const get = (path: string) => exports.default.fetch(`http://collector.test${path}`, { redirect: 'manual' });

describe('e-mail engagement', () => {
  it('records opens and clicks for a minted token and passes the token to the landing page', async () => {
    const { token, leadId, openPixel } = await mint(`${uid('r')}@example.com`);
    const pixel = await get(new URL(openPixel).pathname);
    expect(pixel.status).toBe(200);
    expect(pixel.headers.get('content-type')).toBe('image/gif');
    expect(pixel.headers.get('cache-control')).toMatch(/no-store/);
    await eventually(async () => ((await timelineTypes(leadId)).includes('email_open') ? true : undefined));

    const dest = 'http://127.0.0.1:8080/landing/newsletter.html';
    const click = await get(`/c/${token}?u=${encodeURIComponent(dest)}`);
    expect(click.status).toBe(302);
    const location = new URL(click.headers.get('location') ?? '');
    expect(location.origin + location.pathname).toBe(dest);
    expect(location.searchParams.get('lb_t')).toBe(token);
    expect(await timelineTypes(leadId)).toContain('email_click');
  });

  it('links the landing browser to the lead through the token in the beacon', async () => {
    const { token, leadId } = await mint(`${uid('r')}@example.com`);
    const visitor = uid('v');
    await send(
      beacon(visitor, [pageview('https://acme.test/early', ['pricing'], { ts: Date.now() - 5000 })]),
    );
    await send(
      beacon(visitor, [pageview('http://127.0.0.1:8080/landing/newsletter.html', ['newsletter'])], {
        k: token,
      }),
    );
    const res = await api(`/api/leads/${leadId}`);
    const lead = (await res.json()) as Detail;
    expect(lead.pages).toHaveLength(2);
  });

  it('never redirects to a host that is not allow-listed', async () => {
    const { token } = await mint(`${uid('r')}@example.com`);
    for (const u of [
      'https://evil.test/phish',
      '//evil.test',
      'javascript:alert(1)',
      'http://127.0.0.1:8080@evil.test/',
    ]) {
      const res = await get(`/c/${token}?u=${encodeURIComponent(u)}`);
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
    }
    expect((await get(`/c/${token}`)).status).toBe(400);
  });

  it('takes an allow-list entry as scheme, host and port', async () => {
    const { token } = await mint(`${uid('r')}@example.com`);
    const click = (hosts: string, u: string) =>
      app.fetch(
        new Request(`http://collector.test/c/${token}?u=${encodeURIComponent(u)}`, { redirect: 'manual' }),
        { ...env, LB_REDIRECT_HOSTS: hosts },
      );
    const cases: [hosts: string, url: string, status: number][] = [
      ['offers.test', 'https://offers.test/offer', 302],
      ['offers.test', 'https://offers.test:443/offer', 302],
      ['offers.test', 'https://offers.test:8443/offer', 400],
      ['offers.test', 'http://offers.test/offer', 400],
      ['offers.test', 'https://www.offers.test/offer', 400],
      ['OFFERS.test:8443', 'https://offers.test:8443/offer', 302],
      ['offers.test:8443', 'https://offers.test/offer', 400],
      ['https://offers.test:8443', 'https://offers.test:8443/offer', 302],
      ['https://offers.test:8443', 'https://offers.test:8444/offer', 400],
      // Site origins are allowed with their own scheme, host and port only.
      ['', 'http://127.0.0.1:8080/pricing.html', 302],
      ['', 'http://127.0.0.1:8081/pricing.html', 400],
      ['', 'https://127.0.0.1:8080/pricing.html', 400],
    ];
    for (const [hosts, u, status] of cases) {
      const res = await click(hosts, u);
      expect(res.status, `${hosts} → ${u}`).toBe(status);
    }
  });

  it('redirects a tampered or expired token safely, records nothing and drops the token', async () => {
    const { token, leadId } = await mint(`${uid('r')}@example.com`);
    const [payload, sig] = token.split('.');
    const tampered = `${payload?.slice(0, -2)}AA.${sig}`;
    const expired = await signLinkToken(
      { site: 'acme', leadId, expiresAt: Math.floor(Date.now() / 1000) - 60 },
      DEV_SIGNING_KEY,
    );
    const forged = await signLinkToken(
      { site: 'acme', leadId, expiresAt: Math.floor(Date.now() / 1000) + 600 },
      'some-other-key-of-at-least-32-characters',
    );
    const dest = 'http://127.0.0.1:8080/pricing.html';
    for (const bad of [tampered, expired, forged, 'garbage', 'a.b.c']) {
      const res = await get(`/c/${encodeURIComponent(bad)}?u=${encodeURIComponent(dest)}`);
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe(dest);
      const pixel = await get(`/o/${encodeURIComponent(bad)}.gif`);
      expect(pixel.status).toBe(200);
    }
    await new Promise((r) => setTimeout(r, 50));
    const types = await timelineTypes(leadId);
    expect(types.filter((t) => t === 'email_click' || t === 'email_open')).toEqual([]);
  });

  it('refuses tokens for unknown sites and bad bodies', async () => {
    const post = (body: unknown) =>
      api('/api/email-tokens', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await post({ site: 'nope', email: 'a@example.com' })).status).toBe(400);
    expect((await post({ site: 'acme', email: 'a@example.com', ttlDays: 9999 })).status).toBe(400);
    expect((await post({ site: 'acme', email: 'a@example.com', campaign: '<x>' })).status).toBe(400);
  });
});

describe('abuse limits', () => {
  // Up to 20 s of waiting for a fresh rate-limit minute, then 126 beacons.
  it('answers 429 to a flood from one visitor and keeps serving others', { timeout: 60_000 }, async () => {
    await freshRateLimitWindow(20_000);
    const visitor = uid('v');
    const statuses: number[] = [];
    // Answered one by one (the limit counts in order); delivered together afterwards.
    for (let i = 0; i < 125; i++)
      statuses.push((await post(beacon(visitor, [pageview(`https://acme.test/f${i}`)]))).status);
    expect(statuses.slice(0, 120).every((s) => s === 204)).toBe(true);
    expect(statuses.slice(120).every((s) => s === 429)).toBe(true);
    expect((await send(beacon(uid('v'), [pageview('https://acme.test/ok')]))).status).toBe(204);
    const row = await env.DB.prepare(
      'SELECT pageviews FROM leads WHERE id IN (SELECT id FROM leads) ORDER BY pageviews DESC LIMIT 1',
    ).first<{ pageviews: number }>();
    expect(row?.pageviews).toBe(120);
  });
});

describe('e-mail limits', () => {
  const dest = 'http://127.0.0.1:8080/landing/newsletter.html';

  /** The lead's e-mail events of a type, once their count has stopped moving (opens are recorded after the answer). */
  async function settledCount(leadId: string, type: string): Promise<number> {
    let last = -1;
    for (let i = 0; i < 200; i++) {
      const n = (await timelineTypes(leadId)).filter((t) => t === type).length;
      if (n === last && n > 0) return n;
      last = n;
      await new Promise((r) => setTimeout(r, 50));
    }
    return last;
  }

  /** The Worker with some settings changed (the other bindings stay real); waits for its after-answer work. */
  async function getWith(overrides: Partial<Env>, path: string): Promise<Response> {
    const ctx = createExecutionContext();
    const res = await app.fetch(
      new Request(`http://collector.test${path}`, { redirect: 'manual' }),
      { ...env, ...overrides } as Env,
      ctx,
    );
    await waitOnExecutionContext(ctx);
    return res;
  }

  it('records at most 10 opens and clicks a minute per token; the pixel and the redirect still answer', {
    timeout: 60_000,
  }, async () => {
    await freshRateLimitWindow(20_000);
    const { token, leadId, openPixel } = await mint(`${uid('r')}@example.com`);
    for (let i = 0; i < 12; i++) {
      const pixel = await getWith({}, new URL(openPixel).pathname);
      expect(pixel.status).toBe(200);
      expect(pixel.headers.get('content-type')).toBe('image/gif');
      expect((await pixel.arrayBuffer()).byteLength).toBeGreaterThan(0);
    }
    const click = await getWith({}, `/c/${token}?u=${encodeURIComponent(dest)}`);
    expect(click.status).toBe(302);
    const location = new URL(click.headers.get('location') ?? '');
    expect(location.origin + location.pathname).toBe(dest);
    // Still the reader's own link: the landing page links the browser through its beacon's limits.
    expect(location.searchParams.get('lb_t')).toBe(token);

    expect(await settledCount(leadId, 'email_open')).toBe(10);
    expect((await timelineTypes(leadId)).filter((t) => t === 'email_click')).toHaveLength(0);
  });

  it('records at most 30 a minute per lead, whatever its tokens, and every one with LB_RATE_LIMITS=off', {
    timeout: 60_000,
  }, async () => {
    await freshRateLimitWindow(20_000);
    const email = `${uid('r')}@example.com`;
    const tokens = await Promise.all([1, 2, 3, 4].map((n) => mint(email, `campaign-${n}`)));
    for (const { openPixel } of tokens) {
      for (let i = 0; i < 10; i++) expect((await getWith({}, new URL(openPixel).pathname)).status).toBe(200);
    }
    const leadId = tokens[0]?.leadId ?? '';
    expect(await settledCount(leadId, 'email_open')).toBe(30);

    // Off: the same flood, recorded in full.
    const other = await mint(`${uid('r')}@example.com`);
    for (let i = 0; i < 12; i++) {
      expect((await getWith({ LB_RATE_LIMITS: 'off' }, new URL(other.openPixel).pathname)).status).toBe(200);
    }
    expect(await settledCount(other.leadId, 'email_open')).toBe(12);
  });
});
