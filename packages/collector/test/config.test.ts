import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { app } from '../src/app';
import { seedLead } from './dashboard-helpers';
import { BROWSER_UA, beacon, drained, freshRateLimitWindow, ORIGIN, pageview, TOKEN, uid } from './helpers';
import { createWebhook, path, received, receiverUrl, waitFor } from './webhooks-helpers';

type Overrides = Partial<Record<keyof Env, unknown>>;

/** The Worker's app with some settings changed (the other bindings stay real). */
async function call(overrides: Overrides, path: string, init: RequestInit = {}): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await app.fetch(
    new Request(`http://collector.test${path}`, init),
    { ...env, ...overrides } as Env,
    ctx,
  );
  await waitOnExecutionContext(ctx);
  await drained();
  return res;
}

function sendWith(overrides: Overrides, body: unknown, headers: Record<string, string> = {}) {
  return call(overrides, '/e', {
    method: 'POST',
    headers: { 'content-type': 'text/plain', origin: ORIGIN, 'user-agent': BROWSER_UA, ...headers },
    body: JSON.stringify(body),
  });
}

const sites = (value: unknown) => ({ LB_SITES: JSON.stringify(value) });

type Health = { ok: boolean; problems?: { field: string; message: string }[] };

describe('configuration', () => {
  it('answers /healthz 200 for the configuration in wrangler.jsonc', async () => {
    const res = await call({}, '/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  // Each broken setting, the field /healthz must name, and what the message must say.
  const broken: [what: string, overrides: Overrides, field: string, message: RegExp][] = [
    ['LB_SITES that is not JSON', { LB_SITES: '{acme:' }, 'LB_SITES', /not valid JSON/],
    [
      'a competitor that is no domain',
      sites({ acme: { origins: ['https://a.example'], competitors: ['rival'] } }),
      'LB_SITES.acme.competitors[0]',
      /expected an e-mail domain/,
    ],
    [
      'an origin with a path',
      sites({ acme: { origins: ['https://a.example/app'] } }),
      'LB_SITES.acme.origins[0]',
      /without a path/,
    ],
    [
      'an origin that is no URL',
      sites({ acme: { origins: ['a.example'] } }),
      'LB_SITES.acme.origins[0]',
      /expected an origin/,
    ],
    [
      'a site without origins',
      sites({ acme: { origins: [] } }),
      'LB_SITES.acme.origins',
      /at least one origin/,
    ],
    [
      'a misspelt site setting',
      sites({ acme: { origins: [ORIGIN], downloadExtension: ['dwg'] } }),
      'LB_SITES.acme.downloadExtension',
      /unknown setting "downloadExtension"/,
    ],
    [
      'a bad download extension',
      sites({ acme: { origins: [ORIGIN], downloadExtensions: ['*.dwg'] } }),
      'LB_SITES.acme.downloadExtensions[0]',
      /file extension/,
    ],
    [
      'a bad parameter name',
      sites({ acme: { origins: [ORIGIN], stripParams: ['a=b'] } }),
      'LB_SITES.acme.stripParams[0]',
      /parameter name/,
    ],
    ['LB_ENV misspelt', { LB_ENV: 'prod' }, 'LB_ENV', /one of production, development, test/],
    ['LB_ALLOW_AUTOMATION yes', { LB_ALLOW_AUTOMATION: 'yes' }, 'LB_ALLOW_AUTOMATION', /one of true, false/],
    ['a short LB_SIGNING_KEY', { LB_SIGNING_KEY: 'short' }, 'LB_SIGNING_KEY', /at least 32/],
    [
      'a redirect host with a path',
      { LB_REDIRECT_HOSTS: 'ok.example, offers.example/x' },
      'LB_REDIRECT_HOSTS',
      /"offers.example\/x" is not a host/,
    ],
    [
      'LB_NETWORK_OVERRIDES with a bad type',
      { LB_NETWORK_OVERRIDES: '{"64500":{"type":"corp"}}' },
      'LB_NETWORK_OVERRIDES.64500.type',
      /expected one of/,
    ],
    [
      'LB_INDEX_INTERVAL_SECONDS ten',
      { LB_INDEX_INTERVAL_SECONDS: 'ten' },
      'LB_INDEX_INTERVAL_SECONDS',
      /0 to 3600/,
    ],
    [
      'LB_PUBLIC_URL without scheme',
      { LB_PUBLIC_URL: 'collector.example.com' },
      'LB_PUBLIC_URL',
      /public base URL/,
    ],
    ['LB_RATE_LIMITS no', { LB_RATE_LIMITS: 'no' }, 'LB_RATE_LIMITS', /one of on, off/],
    ['a rate limiter binding missing', { IP_LIMITER: undefined }, 'IP_LIMITER', /LB_RATE_LIMITS=off/],
    [
      'an e-mail rate limiter binding missing',
      { EMAIL_LEAD_LIMITER: undefined },
      'EMAIL_LEAD_LIMITER',
      /LB_RATE_LIMITS=off/,
    ],
    [
      'a malformed token entry',
      { LB_API_TOKENS: `ok:read:${'a'.repeat(64)},oops` },
      'LB_API_TOKENS[1]',
      /name:scope:sha256hex/,
    ],
    ['LB_RETENTION_DAYS of 0', { LB_RETENTION_DAYS: '0' }, 'LB_RETENTION_DAYS', /say off/],
    [
      'LB_RETENTION_DAYS of a week',
      { LB_RETENTION_DAYS: '7' },
      'LB_RETENTION_DAYS',
      /from 30 to 3650, or off/,
    ],
    [
      'LB_WEBHOOK_RETRY_BASE_SECONDS negative',
      { LB_WEBHOOK_RETRY_BASE_SECONDS: '-5' },
      'LB_WEBHOOK_RETRY_BASE_SECONDS',
      /0 to 3600/,
    ],
  ];

  for (const [what, overrides, field, message] of broken) {
    it(`answers /healthz 503 naming ${field} for ${what}`, async () => {
      const res = await call(overrides, '/healthz');
      expect(res.status).toBe(503);
      const body = (await res.json()) as Health;
      expect(body.ok).toBe(false);
      expect(body.problems).toContainEqual({ field, message: expect.stringMatching(message) });
    });
  }

  it('takes LB_SITES without sites as sound: sites are then added at run time', async () => {
    for (const value of [{}, undefined]) {
      const overrides = value ? sites(value) : { LB_SITES: undefined };
      expect((await call(overrides, '/healthz')).status).toBe(200);
      const res = await sendWith(overrides, {
        ...beacon(uid('v'), [pageview(`${ORIGIN}/a`)]),
        s: 'unseeded',
      });
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({ error: 'unknown site "unseeded"' });
    }
  });

  it('never prints a secret it refuses', async () => {
    const res = await call(
      { LB_API_TOKENS: 'sales:read:not-a-hash-but-a-raw-token-s3cret', LB_SIGNING_KEY: 'tiny-s3cret' },
      '/healthz',
    );
    const text = await res.text();
    expect(res.status).toBe(503);
    expect(text).not.toContain('s3cret');
  });

  it('answers beacons, API calls and dashboard pages under a broken configuration with a clear 503', async () => {
    const bad = sites({ acme: { origins: ['https://a.example/app'] } });
    const beaconRes = await sendWith(bad, beacon(uid('v'), [pageview(`${ORIGIN}/a`)]));
    expect(beaconRes.status).toBe(503);
    expect(((await beaconRes.json()) as { error: string }).error).toMatch(
      /configuration is invalid: LB_SITES\.acme\.origins\[0\]: expected an origin/,
    );
    const apiRes = await call(bad, '/api/leads', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(apiRes.status).toBe(503);
    const dashRes = await call(bad, '/dashboard');
    expect(dashRes.status).toBe(503);
    const identify = await call(bad, '/api/identify', {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ site: 'acme', email: 'x@example.com' }),
    });
    expect(identify.status).toBe(503);
    // The script itself needs no configuration and is still served.
    expect((await call(bad, '/lb.js')).status).toBe(200);
  });

  it('takes a site origin with a trailing slash, or in capitals, as the origin it names', async () => {
    for (const origin of [`${ORIGIN}/`, ORIGIN.toUpperCase()]) {
      const config = sites({ acme: { origins: [origin] } });
      expect((await call(config, '/healthz')).status).toBe(200);
      const res = await sendWith(config, beacon(uid('v'), [pageview(`${ORIGIN}/pricing.html`)]));
      expect(res.status, origin).toBe(204);
      const preflight = await call(config, '/e', {
        method: 'OPTIONS',
        headers: { origin: ORIGIN, 'access-control-request-method': 'POST' },
      });
      expect(preflight.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    }
  });

  it('classifies clicks on a site’s own downloadExtensions as downloads', async () => {
    const config = sites({ acme: { origins: [ORIGIN], downloadExtensions: ['.DWGX', 'step2'] } });
    const visitor = uid('v');
    const res = await sendWith(
      config,
      beacon(visitor, [
        pageview(`${ORIGIN}/plans.html`),
        { i: uid('ev'), n: 'lk', ts: Date.now(), u: `${ORIGIN}/plans.html`, h: '/files/floor-plan.dwgx' },
        { i: uid('ev'), n: 'lk', ts: Date.now(), u: `${ORIGIN}/plans.html`, h: '/files/part.STEP2?v=2' },
        { i: uid('ev'), n: 'lk', ts: Date.now(), u: `${ORIGIN}/plans.html`, h: '/files/other.dwgz' },
      ]),
    );
    expect(res.status).toBe(204);
    const stub = env.LEADS.get(env.LEADS.idFromName(`v:acme:${visitor}`));
    const detail = await stub.detail();
    const downloads = detail?.timeline.filter((t) => t.type === 'download').map((t) => t.label) ?? [];
    expect(downloads).toHaveLength(2);
    expect(downloads.join(' ')).toMatch(/floor-plan\.dwgx/);
    expect(downloads.join(' ')).toMatch(/part\.STEP2/);
  });
});

describe('LB_PUBLIC_URL', () => {
  it("links webhooks to the lead's dashboard page: the JSON url and Slack's Open lead button", async () => {
    const json = path('ok');
    const slack = path('ok');
    await createWebhook({ name: 'public url json', url: `${receiverUrl}${json}`, kinds: ['identified'] });
    await createWebhook({
      name: 'public url slack',
      url: `${receiverUrl}${slack}`,
      kinds: ['identified'],
      format: 'slack',
    });
    const leadId = await seedLead(`${uid('p')}@public-url.example`.toLowerCase(), [
      { id: uid('ev'), at: Date.now() - 1000, type: 'identify', email: `${uid('p')}@public-url.example` },
    ]);
    const expected = `https://leads.example.test/dashboard/leads/${leadId}`;
    const [sent] = await waitFor(async () => {
      const got = await received(json);
      return got.length > 0 && got;
    });
    expect(JSON.parse(sent?.body ?? '{}').data.url).toBe(expected);
    const [message] = await waitFor(async () => {
      const got = await received(slack);
      return got.length > 0 && got;
    });
    const blocks = JSON.parse(message?.body ?? '{}').blocks as {
      type: string;
      elements?: { url?: string }[];
    }[];
    expect(blocks.find((b) => b.type === 'actions')?.elements?.[0]?.url).toBe(expected);
  });
});

describe('LB_RATE_LIMITS', () => {
  // Events older than the retry queue's age limit are dropped after the rate limits ran, so these
  // floods store nothing.
  const stale = () => pageview(`${ORIGIN}/old`, [], { ts: Date.now() - 8 * 86_400_000 });

  it('limits one visitor to 120 beacons a minute when on (the default), and not at all when off', async () => {
    for (const [setting, limited] of [
      [undefined, true],
      ['on', true],
      ['off', false],
    ] as const) {
      await freshRateLimitWindow(15_000);
      const visitor = uid('v');
      const statuses: number[] = [];
      for (let i = 0; i < 125; i++) {
        statuses.push((await sendWith({ LB_RATE_LIMITS: setting }, beacon(visitor, [stale()]))).status);
      }
      expect(statuses.filter((s) => s === 429).length, String(setting)).toBe(limited ? 5 : 0);
      expect(statuses.filter((s) => s === 204).length, String(setting)).toBe(limited ? 120 : 125);
    }
  }, 90_000);

  it('limits one IP address to 600 beacons a minute when on, and not at all when off', async () => {
    for (const [setting, limited] of [
      ['on', true],
      ['off', false],
    ] as const) {
      await freshRateLimitWindow(30_000);
      const ip = `203.0.113.${setting === 'on' ? 7 : 8}`;
      let refused = 0;
      for (let i = 0; i < 605; i++) {
        // A new visitor each time, so only the IP limit can bite.
        const res = await sendWith({ LB_RATE_LIMITS: setting }, beacon(uid('v'), [stale()]), {
          'cf-connecting-ip': ip,
        });
        if (res.status === 429) refused++;
      }
      expect(refused, setting).toBe(limited ? 5 : 0);
    }
  }, 120_000);
});
