import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { JS_HREF } from '../src/dashboard/assets';
import { DASHBOARD_CSS } from '../src/dashboard/styles';
import { DEFAULT_MODEL, describeRule } from '../src/scoring';
import {
  BASE,
  dash,
  detailOf,
  elements,
  formFields,
  hotHistory,
  login,
  post,
  seedLead,
  sessionCookie,
  submit,
  texts,
} from './dashboard-helpers';
import { TOKEN, uid } from './helpers';
import { waitFor } from './webhooks-helpers';

const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

async function sha256hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The bindings with real scoped tokens configured (the development token then stops working). */
let scoped: Env;
let hot: string;
let cold: string;

beforeAll(async () => {
  scoped = {
    ...env,
    LB_API_TOKENS: [
      `sales-read:read:${await sha256hex('tok-read')}`,
      `sales-write:write:${await sha256hex('tok-write')}`,
      `ops:admin:${await sha256hex('tok-admin')}`,
    ].join(','),
  };
  hot = await seedLead(
    'ada@acme-industries.example',
    hotHistory('ada@acme-industries.example', { name: 'Ada Lovelace', company: 'Acme Industries' }),
  );
  cold = await seedLead('bob@gmail.com', [
    {
      id: uid('ev'),
      at: Date.now() - 7_200_000,
      type: 'identify',
      email: 'bob@gmail.com',
      traits: { name: 'Bob' },
    },
    {
      id: uid('ev'),
      at: Date.now() - 7_100_000,
      type: 'pageview',
      url: 'http://127.0.0.1:8080/blog/five-signs.html',
      topics: [],
    },
  ]);
});

describe('login and session', () => {
  it('sends every page to the login without a session, and back afterwards', async () => {
    for (const path of [
      '/dashboard',
      '/dashboard/companies',
      '/dashboard/model',
      `/dashboard/leads/${'a'.repeat(64)}`,
      `/dashboard/model/jobs/${'0'.repeat(32)}`,
      '/dashboard/no-such-page',
    ]) {
      const res = await dash(path, { token: null });
      expect(res.status, path).toBe(303);
      expect(res.headers.get('location')).toBe(`/dashboard/login?next=${encodeURIComponent(path)}`);
    }
    const write = await post(`/dashboard/leads/${hot}/accept`, {}, { token: null });
    expect(write.status).toBe(303);
    expect(write.headers.get('location')).toBe('/dashboard/login');
    expect((await detailOf(hot)).result.stage).toBe('mql');
  });

  it('serves a labelled login form under the strict CSP', async () => {
    const res = await dash('/dashboard/login', { token: null });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(CSP);
    const html = await res.text();
    expect(html.startsWith('<!doctype html><html lang="en">')).toBe(true);
    const [input] = await elements(html, 'input[name="token"]');
    expect(input?.attrs).toMatchObject({ type: 'password', id: 'token', required: '' });
    expect(await texts(html, 'label[for="token"]')).toEqual(['API token']);
    // The one script is the dashboard's own local-time enhancement, by URL; nothing inline.
    expect(await elements(html, 'script')).toEqual([
      { tag: 'script', attrs: { src: JS_HREF, defer: '' }, text: '' },
    ]);
  });

  it('refuses a wrong token without setting a cookie', async () => {
    const res = await post('/dashboard/login', { token: 'not-a-token' }, { token: null });
    expect(res.status).toBe(401);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(await texts(await res.text(), '[role="alert"] p')).toEqual(['Login failed: invalid token.']);
    const empty = await post('/dashboard/login', { token: '  ' }, { token: null });
    expect(empty.status).toBe(400);
    // The message is announced with the form; the typed token is never sent back.
    const page = await empty.text();
    expect(await texts(page, '[role="alert"] p')).toEqual(['Enter an API token.']);
    const [field] = await elements(page, 'input[name="token"]');
    expect(field?.attrs.value).toBeUndefined();
  });

  it('logs in into an HttpOnly, SameSite=Strict cookie scoped to the dashboard', async () => {
    const res = await post(
      '/dashboard/login',
      { token: TOKEN, next: '/dashboard/companies' },
      { token: null },
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/dashboard/companies');
    const cookie = res.headers.get('set-cookie') ?? '';
    // A random session id, never the token itself.
    expect(cookie).toMatch(/^lb_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).not.toContain(TOKEN);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).toMatch(/; Path=\/dashboard(;|$)/);
    expect(cookie).toMatch(/; Max-Age=43200/);
    // Plain http (a development collector): a Secure cookie would never come back.
    expect(cookie).not.toMatch(/Secure/);
  });

  it('marks the cookie Secure over https', async () => {
    const { app } = await import('../src/app');
    const res = await app.fetch(
      new Request('https://collector.test/dashboard/login', {
        method: 'POST',
        headers: { origin: 'https://collector.test' },
        body: new URLSearchParams({ token: TOKEN }),
      }),
      env,
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('set-cookie')).toMatch(/; Secure/);
  });

  it('never sends the browser to another site after the login', async () => {
    for (const next of [
      '//evil.example/x',
      'https://evil.example/',
      '/api/leads',
      '/dashboard\\@evil',
      '/dashboardx',
    ]) {
      const res = await post('/dashboard/login', { token: TOKEN, next }, { token: null });
      expect(res.headers.get('location'), next).toBe('/dashboard');
    }
  });

  it('ends a session whose token is no longer valid, and on logout', async () => {
    // With real tokens configured the development token is refused: its session ends at once.
    const stale = await dash('/dashboard', { env: scoped, headers: { cookie: await login(TOKEN) } });
    expect(stale.status).toBe(303);
    expect(stale.headers.get('set-cookie')).toMatch(/^lb_session=; Max-Age=0; Path=\/dashboard/);

    const cookie = await login(TOKEN);
    const out = await post('/dashboard/logout', {}, { headers: { cookie } });
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/dashboard/login');
    expect(out.headers.get('set-cookie')).toMatch(/^lb_session=; Max-Age=0/);
  });
});

describe('cross-site requests', () => {
  it('refuses a POST from another origin and changes nothing', async () => {
    const res = await post(
      `/dashboard/leads/${hot}/accept`,
      {},
      { headers: { origin: 'https://evil.example' } },
    );
    expect(res.status).toBe(403);
    expect(res.headers.get('content-security-policy')).toBe(CSP);
    expect(await texts(await res.text(), 'h1')).toEqual(['Not allowed']);
    expect((await detailOf(hot)).result.stage).toBe('mql');
  });

  it('refuses a POST with neither Origin nor Referer, or with Origin null', async () => {
    const bare = await dash(`/dashboard/leads/${hot}/accept`, { method: 'POST', headers: { origin: '' } });
    // An empty header is still a header: the check must not treat it as absent-and-fine.
    expect(bare.status).toBe(403);
    const { app } = await import('../src/app');
    const absent = await app.fetch(
      new Request(`${BASE}/dashboard/leads/${hot}/accept`, {
        method: 'POST',
        headers: { cookie: await sessionCookie(TOKEN) },
      }),
      env,
    );
    expect(absent.status).toBe(403);
    const nullOrigin = await post(`/dashboard/leads/${hot}/accept`, {}, { headers: { origin: 'null' } });
    expect(nullOrigin.status).toBe(403);
    const otherReferer = await dash(`/dashboard/leads/${hot}/reject`, {
      method: 'POST',
      headers: { origin: '', referer: 'https://evil.example/page' },
    });
    expect(otherReferer.status).toBe(403);
    expect((await detailOf(hot)).result.stage).toBe('mql');
  });

  it('refuses a cross-site login (login CSRF) too', async () => {
    const res = await post(
      '/dashboard/login',
      { token: TOKEN },
      { token: null, headers: { origin: 'https://evil.example' } },
    );
    expect(res.status).toBe(403);
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('accepts a same-origin Referer when a browser sends no Origin', async () => {
    const { app } = await import('../src/app');
    // Built by hand: the helper would add an Origin header.
    const res = await app.fetch(
      new Request(`${BASE}/dashboard/logout`, {
        method: 'POST',
        headers: { cookie: await login(TOKEN), referer: `${BASE}/dashboard` },
      }),
      env,
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/dashboard/login');
  });
});

describe('scopes', () => {
  it('shows a read token no write buttons and refuses its writes', async () => {
    const page = await (await dash(`/dashboard/leads/${hot}`, { env: scoped, token: 'tok-read' })).text();
    expect(await elements(page, `form[action="/dashboard/leads/${hot}/accept"]`)).toEqual([]);
    expect(page).toMatch(/Accepting, rejecting and recording outcomes are for sales\./);
    const res = await post(`/dashboard/leads/${hot}/accept`, {}, { env: scoped, token: 'tok-read' });
    expect(res.status).toBe(403);
    expect((await detailOf(hot)).result.stage).toBe('mql');

    const model = await (await dash('/dashboard/model', { env: scoped, token: 'tok-read' })).text();
    expect(await elements(model, 'textarea')).toEqual([]);
  });

  it('lets a write token act on leads but not on the model', async () => {
    const page = await (await dash(`/dashboard/leads/${cold}`, { env: scoped, token: 'tok-write' })).text();
    expect(await elements(page, `form[action="/dashboard/leads/${cold}/reject"]`)).toHaveLength(1);
    const res = await post(
      `/dashboard/leads/${cold}/reject`,
      { reason: 'student' },
      { env: scoped, token: 'tok-write' },
    );
    expect(res.status).toBe(303);
    expect((await detailOf(cold)).timeline.at(-1)?.label).toBe('Sales: reject (student)');

    const model = await (await dash('/dashboard/model', { env: scoped, token: 'tok-write' })).text();
    expect(await elements(model, 'textarea')).toEqual([]);
    const store = await post(
      '/dashboard/model/edit/import',
      { rev: '0', model: JSON.stringify(DEFAULT_MODEL) },
      { env: scoped, token: 'tok-write' },
    );
    expect(store.status).toBe(403);
    const rollback = await post('/dashboard/model/rollback', {}, { env: scoped, token: 'tok-write' });
    expect(rollback.status).toBe(403);
  });

  it('gives an admin token the model editor', async () => {
    const model = await (await dash('/dashboard/model', { env: scoped, token: 'tok-admin' })).text();
    expect(await elements(model, 'a[href="/dashboard/model/edit"]')).toHaveLength(1);
    expect((await dash('/dashboard/model/edit', { env: scoped, token: 'tok-admin' })).status).toBe(200);
  });
});

describe('the lead page', () => {
  it('shows profile, scores, chart, ledger, visits and history', async () => {
    const detail = await detailOf(hot);
    const res = await dash(`/dashboard/leads/${hot}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(await texts(html, 'h1')).toEqual(['Ada Lovelace']);
    expect(await texts(html, 'p.lead-badges .badge')).toEqual(['hot', 'mql']);
    expect(await texts(html, '.big')).toEqual(['55']);

    const [svg] = await elements(html, 'svg.chart');
    expect(svg?.attrs).toMatchObject({ role: 'img', 'aria-labelledby': 'chart-title chart-desc' });
    expect(await texts(html, 'svg.chart title')).toEqual(['Score over time']);
    expect((await texts(html, 'svg.chart desc'))[0]).toMatch(/to 55 \(hot\)/);
    expect(await elements(html, 'svg.chart polyline')).toHaveLength(4);
    expect(await elements(html, 'details table tbody tr')).toHaveLength(detail.history.length);

    const ledger = await texts(html, 'section[aria-label="Ledger"] tbody td:nth-child(2) code');
    expect(ledger.sort()).toEqual(detail.result.ledger.map((l) => l.ruleId).sort());
    expect(await texts(html, 'tfoot td.num')).toEqual(['55']);

    const pages = await texts(html, 'section[aria-label="Pages read"] tbody tr td:nth-child(2) a');
    expect(pages).toEqual(['Pricing']);
    const activity = await texts(html, 'ol.timeline li span:first-of-type');
    expect(activity).toContain('Did video watched');
    expect(activity).toContain('Identified as ada@acme-industries.example (page script)');
    expect(
      await texts(html, 'section[aria-label="Band and stage changes"] tbody tr td:nth-child(4)'),
    ).toContain('hot');
    for (const t of await elements(html, 'time')) expect(Date.parse(t.attrs.datetime ?? '')).not.toBeNaN();
  });

  it('accepts a lead into SQL, then records a won deal', async () => {
    const res = await post(`/dashboard/leads/${hot}/accept`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/dashboard/leads/${hot}?done=accept`);
    const html = await (await dash(`/dashboard/leads/${hot}?done=accept`)).text();
    expect(await texts(html, '.notice')).toEqual(['Lead accepted by sales.']);
    expect(await texts(html, 'p.lead-badges .badge')).toEqual(['hot', 'sql']);

    const won = await post(`/dashboard/leads/${hot}/outcome`, { result: 'won', value: '12000' });
    expect(won.status).toBe(303);
    const detail = await detailOf(hot);
    expect(detail.result.outcome).toBe('won');
    expect(detail.timeline.at(-1)?.label).toBe('Sales: won');
  });

  it('refuses a malformed outcome and stores nothing', async () => {
    const before = (await detailOf(cold)).result.eventCount;
    const malformed: Record<string, string>[] = [
      { result: 'maybe' },
      { result: 'lost', value: '-5' },
      { result: 'lost', value: '1e9x' },
    ];
    for (const fields of malformed) {
      const res = await post(`/dashboard/leads/${cold}/outcome`, fields);
      expect(res.status, JSON.stringify(fields)).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
    }
    const long = await post(`/dashboard/leads/${cold}/reject`, { reason: 'x'.repeat(501) });
    expect(long.status).toBe(400);
    expect((await detailOf(cold)).result.eventCount).toBe(before);
  });

  it('answers unknown and malformed ids with a 404 page, and follows merges', async () => {
    for (const id of ['b'.repeat(64), 'nope', 'A'.repeat(64)]) {
      const res = await dash(`/dashboard/leads/${id}`);
      expect(res.status, id).toBe(404);
      expect(await texts(await res.text(), 'h1')).toEqual(['Not found']);
    }
    const visitor = 'c'.repeat(64);
    await env.DB.prepare(
      `INSERT INTO leads (id, site, stage, band, updated_at, rev, merged_into) VALUES (?1, 'acme', 'visitor', 'cold', 1, 1, ?2)`,
    )
      .bind(visitor, hot)
      .run();
    const res = await dash(`/dashboard/leads/${visitor}`);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`/dashboard/leads/${hot}`);
  });
});

describe('the leads and companies lists', () => {
  it('lists the hot lead first and filters by band', async () => {
    const html = await (await dash('/dashboard')).text();
    const names = await texts(html, 'tbody th a');
    expect(names[0]).toBe('Ada Lovelace');
    expect(names).toContain('Bob');
    const hotOnly = await (await dash('/dashboard?band=hot&stage=&q=&min_total=')).text();
    expect(await texts(hotOnly, 'tbody th a')).toEqual(['Ada Lovelace']);
    const [option] = await elements(hotOnly, 'select[name="band"] option[selected]');
    expect(option?.attrs.value).toBe('hot');
  });

  it('shows a refused filter in words and keeps the form', async () => {
    const res = await dash('/dashboard?min_total=lots');
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(await texts(html, '[role="alert"] p')).toEqual([
      'Filter not applied: min_total: expected a number',
    ]);
    const [input] = await elements(html, 'input[name="min_total"]');
    expect(input?.attrs.value).toBe('lots');
  });

  it('groups leads by company with a link to their leads', async () => {
    const html = await (await dash('/dashboard/companies')).text();
    const [row] = await texts(html, 'table.companies tbody tr');
    expect(row).toMatch(/^Acme Industries/);
    const [link] = await elements(html, 'table.companies tbody th a');
    expect(link?.attrs.href).toBe('/dashboard?company=Acme+Industries');
    const cells = await texts(html, 'table.companies tbody tr:first-child td.num');
    expect(cells.slice(0, 3)).toEqual(['1', '0', '1']);
  });
});

describe('the model page', () => {
  it('lists the active rules in words, with bands and stages', async () => {
    const html = await (await dash('/dashboard/model')).text();
    const rules = await texts(html, 'section[aria-label="Rules"] tbody th code');
    expect(rules).toEqual(DEFAULT_MODEL.rules.map((r) => r.id));
    const words = await texts(html, 'section[aria-label="Rules"] tbody td:nth-child(2)');
    expect(words).toEqual(DEFAULT_MODEL.rules.map((r) => describeRule(r)));
    expect(await texts(html, 'section[aria-label="Bands on total"] tbody th')).toEqual([
      'cold',
      'warm',
      'hot',
    ]);
  });

  it('previews an edited model as a movement matrix, publishes it and rolls back', async () => {
    // The pricing rule is worth nothing in the editor's draft.
    const form = await (await dash('/dashboard/model/edit/rule?id=pricing-page')).text();
    const fields = await formFields(form, 'form[action="/dashboard/model/edit/rule"]');
    const saved = await submit('/dashboard/model/edit/rule', { ...fields, points: '0', action: 'save' });
    expect(saved.status).toBe(303);
    const draft = await env.DB.prepare('SELECT rev FROM model_drafts').first<{ rev: number }>();
    const res = await post('/dashboard/model/edit/preview', { rev: String(draft?.rev) });
    expect(res.status).toBe(303);
    const preview = await env.DB.prepare('SELECT preview_job AS job FROM model_drafts').first<{
      job: string;
    }>();
    const jobPath = `/dashboard/model/jobs/${preview?.job}`;

    const done = await waitFor(
      async () => {
        const html = await (await dash(jobPath)).text();
        return (await elements(html, 'meta[http-equiv="refresh"]')).length === 0 ? html : undefined;
      },
      { what: 'the preview job' },
    );
    // The hot lead (55, with pricing +15) falls to 40: warm. Bob stays cold.
    const rows = await texts(done, 'section[aria-label="Band moves"] tbody tr');
    expect(rows).toContain('cold1 unchanged001');
    expect(rows).toContain('hot01 down01');
    const version = Number(/Preview of version (\d+)/.exec((await texts(done, 'h1'))[0] ?? '')?.[1]);
    expect(version).toBeGreaterThan(0);
    expect(await elements(done, `form[action="/dashboard/model/versions/${version}/publish"]`)).toHaveLength(
      1,
    );

    // Power users can still publish a stored version from its job or version page.
    const publish = await post(`/dashboard/model/versions/${version}/publish`);
    expect(publish.status).toBe(303);
    await waitFor(async () => (await detailOf(hot)).result.band === 'warm' || undefined, {
      what: 'the re-scoring',
    });
    const model = await (await dash('/dashboard/model')).text();
    expect((await texts(model, 'main > p'))[0]).toMatch(
      new RegExp(`^Active: version ${version} \\(v${version}`),
    );
    expect(await elements(model, 'form[action="/dashboard/model/rollback"]')).toHaveLength(1);

    const back = await post('/dashboard/model/rollback');
    expect(back.status).toBe(303);
    await waitFor(async () => (await detailOf(hot)).result.band === 'hot' || undefined, {
      what: 'the rollback',
    });
    const version0 = await (await dash('/dashboard/model/versions/0')).text();
    expect(await texts(version0, 'h1')).toEqual(['Model version 0']);
    expect(await texts(version0, '.badge')).toEqual(['active']);
  });
});

describe('the stylesheet', () => {
  it('is public, long-cached and revalidated by a content hash', async () => {
    const res = await dash('/dashboard/app.css', { token: null });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await res.text()).toBe(DASHBOARD_CSS);
    const etag = res.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[0-9a-f]{8}"$/);
    const again = await dash('/dashboard/app.css', { token: null, headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    const page = await (await dash('/dashboard')).text();
    const [link] = await elements(page, 'link[rel="stylesheet"]');
    expect(link?.attrs.href).toBe(`/dashboard/app.css?v=${etag.slice(1, -1)}`);
  });
});
