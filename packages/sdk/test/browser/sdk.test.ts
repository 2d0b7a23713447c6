import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../server';
import { blurWindow, launch, setHidden, sitePage } from './chromium';

let browser: Browser;
let server: TestServer;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  [browser, server] = await Promise.all([launch(), startServer()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});
beforeEach(async () => {
  server.received.length = 0;
  server.status = 204;
  context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  page = await context.newPage();
});
afterEach(async () => {
  await context.close();
  // A correct SDK never causes a CORS preflight.
  expect(server.preflights).toBe(0);
});

/** Waits on the test's side up to `ms` (generous: a loaded machine answers late) until `check` holds. */
const until = async (check: () => boolean, what: string, ms = 20_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end)
      throw new Error(`timed out waiting for ${what}: ${JSON.stringify(server.received)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};
const named = (n: string) => server.events().filter((e) => e.n === n);
/**
 * Events of one type, each once: a page that goes away repeats by beacon what its fetch still has in
 * flight (the collector keeps each event once by its id), more often the later the answers come.
 */
const once = (n: string) => named(n).filter((e, i, all) => all.findIndex((x) => x.i === e.i) === i);

describe('engaged time (visible, focused, not idle)', () => {
  it('counts a still reader up to the idle limit, nothing while blurred or hidden, and sends deltas by beacon', async () => {
    server.page('/article', sitePage('<h1>Article</h1>'));
    await page.clock.install();
    await page.goto(`${server.url}/article`);
    await until(() => named('pv').length === 1, 'page view');
    // 1. Reading without input for 12 s (less than the 30 s idle limit) counts in full.
    await page.clock.runFor(12_000);
    await setHidden(page, true);
    await until(() => named('en').length === 1, 'first engagement');
    // 2. Hidden for a minute: nothing. Back, then 100 s without input: capped at 30 s.
    await page.clock.runFor(60_000);
    await setHidden(page, false);
    await page.clock.runFor(100_000);
    await setHidden(page, true);
    await until(() => named('en').length === 2, 'second engagement');
    // 3. Another window has focus for 40 s: nothing. Focus back, 5 s with input.
    await setHidden(page, false);
    const focusBack = await blurWindow(context, page);
    await page.clock.runFor(40_000);
    await focusBack();
    await page.mouse.move(100, 100);
    await page.clock.runFor(5_000);
    await page.mouse.move(200, 200);
    await setHidden(page, true);
    await until(() => named('en').length === 3, 'third engagement');
    const en = named('en');
    const ms = en.map((e) => e.ms as number);
    expect(ms[0]).toBeGreaterThanOrEqual(12_000);
    // The clock also runs while the page loads.
    expect(ms[0]).toBeLessThan(14_000);
    expect(ms[1]).toBe(30_000);
    expect(ms[2]).toBeGreaterThanOrEqual(5_000);
    expect(ms[2]).toBeLessThan(6_000);
    expect(en.map((e) => e.q)).toEqual([0, 1, 2]);
    expect(new Set(en.map((e) => e.p))).toEqual(new Set([named('pv')[0]?.i]));
    // Sent with sendBeacon (no-cors) as text/plain.
    const beacons = server.received.filter((b) => b.e.some((e) => e.n === 'en'));
    expect(beacons.every((b) => b.mode === 'no-cors' && b.type?.startsWith('text/plain'))).toBe(true);
  });
});

describe('scrolling as input', () => {
  it('keeps a reader who only scrolls (no pointer, no key) engaged past the idle limit', async () => {
    server.page('/read', sitePage('<div style="height:20000px">long read</div>', '', 'data-idle="5"'));
    await page.clock.install();
    await page.goto(`${server.url}/read`);
    await until(() => named('pv').length === 1, 'page view');
    // Five wheel steps 4 s apart (less than the 5 s idle limit), then 20 s without any input.
    for (let i = 1; i <= 5; i++) {
      await page.clock.runFor(4_000);
      await page.mouse.wheel(0, 400);
      await page.waitForFunction((y) => scrollY >= y, i * 400);
      // The observer reports after the next frame.
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
      await page.waitForTimeout(100);
    }
    await page.clock.runFor(20_000);
    await setHidden(page, true);
    await until(() => named('en').length === 1, 'engagement');
    const ms = named('en')[0]?.ms as number;
    // 5 × 4 s of scrolling, then the idle limit; without scrolling as input it would be 5 s. The
    // installed clock also runs in real time while the test waits (about 0.3 s a step).
    expect(ms).toBeGreaterThanOrEqual(25_000);
    expect(ms).toBeLessThan(28_000);
  });
});

describe('scroll depth', () => {
  it('is the maximum share of a long page seen, re-measured when the page grows', async () => {
    server.page(
      '/long',
      sitePage(
        '<div id="c" style="height:600px">top</div><script>setTimeout(()=>{document.getElementById("c").style.height="6000px"},300)</script>',
      ),
    );
    await page.goto(`${server.url}/long`);
    await page.waitForFunction(() => document.documentElement.scrollHeight > 5000);
    await page.waitForTimeout(100);
    for (let i = 0; i < 10; i++) await page.mouse.wheel(0, 200);
    await page.waitForFunction(() => scrollY >= 1900);
    await page.evaluate(() => scrollTo(0, 0));
    await setHidden(page, true);
    await until(() => named('en').length === 1, 'engagement');
    const sd = named('en')[0]?.sd as number;
    // (2000 + 720) / ~6016 ≈ 45 %; the early 600 px page would have been 100 %.
    expect(sd).toBeGreaterThanOrEqual(44);
    expect(sd).toBeLessThanOrEqual(47);
  });

  it('is 100 for a page shorter than the viewport', async () => {
    server.page('/short', sitePage('<p>short</p>'));
    await page.goto(`${server.url}/short`);
    await setHidden(page, true);
    await until(() => named('en').length === 1, 'engagement');
    expect(named('en')[0]?.sd).toBe(100);
  });
});

describe('page lifecycle', () => {
  it('sends the engagement with sendBeacon on pagehide when the visitor follows a link', async () => {
    server.page('/a', sitePage('<a id="next" href="/b">next</a>'));
    server.page('/b', sitePage('<p>b</p>'));
    await page.goto(`${server.url}/a`);
    await until(() => named('pv').length === 1, 'page view');
    await page.waitForTimeout(1200);
    await page.click('#next');
    // The engagement's beacon and the next page's view travel apart: wait for both.
    await until(() => named('pv').length >= 2 && named('en').length >= 1, 'second page view and engagement');
    expect(named('pv')).toHaveLength(2);
    const en = named('en');
    expect(en).toHaveLength(1);
    expect(en[0]).toMatchObject({ p: named('pv')[0]?.i, u: `${server.url}/a` });
    expect(server.received.find((b) => b.e.includes(en[0] as never))?.mode).toBe('no-cors');
    // An ordinary page view costs at most two requests: the page view and the engagement.
    expect(server.received.filter((b) => b.e.some((e) => e.u?.endsWith('/a')))).toHaveLength(2);
  });
});

describe('links and forms', () => {
  it('sends a download click as lk with its href and d: 1, and no event for ordinary navigation', async () => {
    server.page(
      '/docs',
      sitePage(
        '<a id="dl" href="/files/Whitepaper-2026.PDF?src=docs" download>PDF</a>' +
          '<a id="nav" href="#section">Section</a><p id="section">…</p>',
      ),
    );
    await page.goto(`${server.url}/docs`);
    await page.click('#nav');
    await page.click('#dl');
    await until(() => named('lk').length === 1, 'link click');
    await page.waitForTimeout(1200);
    expect(named('lk')).toEqual([
      expect.objectContaining({ h: `${server.url}/files/Whitepaper-2026.PDF?src=docs`, d: 1 }),
    ]);
  });

  it('sends a marked form at submit: intent, form id, the address and exactly the marked fields, in one event', async () => {
    server.page(
      '/demo',
      sitePage(
        '<form id="demo" method="post" action="/thanks" data-lb-intent="demo_request" data-lb-identify>' +
          '<input type="email" name="email" autocomplete="email" required>' +
          '<input name="name" autocomplete="name"><input name="company" autocomplete="organization">' +
          '<input name="job" autocomplete="section-demo organization-title">' +
          '<select name="size" data-lb-trait="company_size"><option>1-10</option><option>51-200</option></select>' +
          '<input type="password" name="pw" autocomplete="current-password" data-lb-trait="pw">' +
          '<input name="card" autocomplete="cc-number" data-lb-trait="card">' +
          '<input type="hidden" name="campaign" value="spring-campaign" data-lb-trait="campaign">' +
          '<textarea name="message"></textarea><button>Send</button></form>',
      ),
    );
    server.page('/thanks', sitePage('<p>Thanks</p>'));
    await page.goto(`${server.url}/demo`);
    await page.click('button');
    await page.waitForTimeout(300);
    // Invalid (empty required e-mail): the browser blocks it, and so no event.
    expect(named('fm')).toHaveLength(0);
    await page.fill('input[type=email]', 'Jo.Buyer@Acme.test');
    await page.fill('input[name=name]', 'Jo Buyer');
    await page.fill('input[name=company]', 'Acme Corp');
    await page.fill('input[name=job]', 'CFO');
    await page.selectOption('select', '51-200');
    await page.fill('input[name=pw]', 'hunter2');
    await page.fill('input[name=card]', '4111111111111111');
    await page.fill('textarea', 'Call me after 5');
    await page.click('button');
    await page.waitForURL('**/thanks');
    await until(() => named('fm').length > 0 && once('pv').length >= 2, 'form and the next page');
    await page.waitForTimeout(300);
    expect(once('pv').map((e) => e.u)).toEqual([`${server.url}/demo`, `${server.url}/thanks`]);
    // One event; it may arrive twice (the page's beacon repeats a fetch still in flight when it
    // goes), and the collector keeps it once by its id.
    const fm = named('fm');
    expect(new Set(fm.map((e) => e.i)).size).toBe(1);
    expect(fm[0]).toEqual({
      i: expect.any(String),
      n: 'fm',
      ts: expect.any(Number),
      u: `${server.url}/demo`,
      fi: 'demo',
      in: 'demo_request',
      // As typed: the collector trims, lower-cases and checks it (protocol 1.4).
      em: 'Jo.Buyer@Acme.test',
      tr: {
        name: 'Jo Buyer',
        organization: 'Acme Corp',
        'organization-title': 'CFO',
        company_size: '51-200',
      },
    });
    expect(named('id')).toHaveLength(0);
    const all = JSON.stringify(server.received);
    for (const secret of ['hunter2', '4111', 'spring-campaign', 'Call me']) expect(all).not.toContain(secret);
  });

  it('identifies the visitor from a marked form whose marked field is larger than a request may carry', async () => {
    // A 200 KB field would make the event larger than the 64 KB a keepalive fetch or a beacon may
    // carry: the browser refuses to send it, and at the head of the retry queue it held back the
    // next page's events too. The field is cut to the collector's 256 characters instead.
    server.page(
      '/quote',
      sitePage(
        '<form id="quote" method="post" action="/thanks" data-lb-intent="quote_request" data-lb-identify>' +
          '<input type="email" name="email" autocomplete="email" required>' +
          '<input name="company" autocomplete="organization">' +
          '<textarea name="spec" data-lb-trait="requirements"></textarea><button>Send</button></form>',
      ),
    );
    server.page('/thanks', sitePage('<p>Thanks</p>'));
    await page.goto(`${server.url}/quote`);
    await until(() => named('pv').length === 1, 'page view');
    await page.fill('input[type=email]', 'jo@acme.test');
    await page.fill('input[name=company]', 'Acme Corp');
    await page.evaluate(() => {
      (document.querySelector('textarea') as HTMLTextAreaElement).value = 'spec '.repeat(40_000);
    });
    await page.click('button');
    await page.waitForURL('**/thanks');
    await until(() => named('fm').length > 0 && once('pv').length >= 2, 'the form and the next page');
    expect(named('fm')[0]).toMatchObject({
      fi: 'quote',
      in: 'quote_request',
      em: 'jo@acme.test',
      tr: { organization: 'Acme Corp', requirements: 'spec '.repeat(52).slice(0, 256) },
    });
    expect(once('pv').map((e) => e.u)).toEqual([`${server.url}/quote`, `${server.url}/thanks`]);
    // Nothing is left waiting in the queue.
    await page.waitForTimeout(1500);
    expect(await page.evaluate(() => localStorage.lb_q)).toBeUndefined();
  });

  it('sends no field value from a form that is not marked', async () => {
    server.page(
      '/contact',
      sitePage(
        '<form id="contact" method="post" action="/contact" data-lb-intent="contact_request">' +
          '<input type="email" name="email" autocomplete="email" value="jo@acme.test">' +
          '<input name="company" autocomplete="organization" value="Acme Corp">' +
          '<input name="industry" data-lb-trait="industry" value="Retail"><button>Send</button></form>',
      ),
    );
    await page.goto(`${server.url}/contact`);
    await until(() => named('pv').length === 1, 'page view');
    await page.click('button');
    await until(() => once('fm').length >= 1 && once('pv').length >= 2, 'form and the next page');
    expect(once('fm')).toHaveLength(1);
    expect(once('pv').map((e) => e.u)).toEqual([`${server.url}/contact`, `${server.url}/contact`]);
    expect(named('fm')[0]).toEqual({
      i: expect.any(String),
      n: 'fm',
      ts: expect.any(Number),
      u: `${server.url}/contact`,
      fi: 'contact',
      in: 'contact_request',
    });
    expect(JSON.stringify(server.received)).not.toMatch(/jo@acme|Acme Corp|Retail/);
  });
});

describe("form validation (the browser's)", () => {
  it('counts what the browser submits: never an invalid form, always one with novalidate or a formnovalidate button', async () => {
    // The script does not check validity itself: HTML's submission algorithm fires `submit` only
    // after the constraints passed or when validation is off. JavaScript forms cancel the submit.
    server.page(
      '/forms',
      sitePage(
        '<script>addEventListener("submit", (e) => e.preventDefault())</script>' +
          '<form id="a"><input type="email" name="q" required><button id="ba">Go</button></form>' +
          '<form id="b"><input type="email" name="q" value="not an address"><button id="bb">Go</button></form>' +
          '<form id="c" novalidate><input name="q" required><button id="bc">Go</button></form>' +
          '<form id="d"><input name="q" required><button id="bd" formnovalidate>Save draft</button></form>' +
          '<form id="e"><input name="q" required></form>',
      ),
    );
    await page.goto(`${server.url}/forms`);
    await until(() => named('pv').length === 1, 'page view');
    for (const b of ['#ba', '#bb', '#bc', '#bd']) await page.click(b);
    // requestSubmit() validates like a button; a valid form then counts.
    await page.evaluate(() => (document.querySelector('#e') as HTMLFormElement).requestSubmit());
    await page.fill('#e input', 'x');
    await page.evaluate(() => (document.querySelector('#e') as HTMLFormElement).requestSubmit());
    await until(() => named('fm').length >= 3, 'the three submissions');
    await page.waitForTimeout(300);
    expect(named('fm').map((e) => e.fi)).toEqual(['c', 'd', 'e']);
  });
});

describe('privacy', () => {
  it('sends nothing identifying when the browser sends Global Privacy Control', async () => {
    await page.addInitScript(() =>
      Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', {
        configurable: true,
        get: () => true,
      }),
    );
    server.page(
      '/landing',
      sitePage(
        '<form id="f" data-lb-identify action="/landing"><input type="email" name="e" value="jo@acme.test"><button>Go</button></form>',
      ),
    );
    await page.goto(`${server.url}/landing?lb_t=signed.token.123`);
    expect(page.url()).toBe(`${server.url}/landing`);
    await page.evaluate(() =>
      (window as unknown as { leadbeacon: { identify(e: string): void } }).leadbeacon.identify(
        'jo@acme.test',
      ),
    );
    await page.click('button');
    await until(() => named('fm').length > 0 && once('pv').length >= 2, 'events');
    await page.waitForTimeout(1200);
    expect(once('pv')).toHaveLength(2);
    for (const b of server.received) expect([b.v, b.k, b.g]).toEqual([undefined, undefined, undefined]);
    expect(named('id')).toHaveLength(0);
    expect(JSON.stringify(server.received)).not.toMatch(/jo@acme|signed\.token/);
    expect(await page.evaluate(() => localStorage.length)).toBe(0);
  });
});

describe('web vitals add-on', () => {
  it('reports LCP, INP and CLS of the page view in the engagement beacon when the page is hidden', async () => {
    server.page(
      '/vitals',
      sitePage(
        '<h1 style="font-size:64px">Largest text</h1><button id="b" onclick="for(const t=Date.now();Date.now()-t<60;);">Slow</button>',
        '<script async src="/lb.vitals.js"></script>',
      ),
    );
    await page.goto(`${server.url}/vitals`);
    await until(() => named('pv').length === 1, 'page view');
    await page.click('#b');
    await page.waitForTimeout(500);
    // The page view's answer first: until it is back, the hide's beacon repeats the page view.
    await page.waitForFunction(() => localStorage.lb_q === undefined);
    await setHidden(page, true);
    await until(() => named('vt').length === 1, 'vitals');
    const vt = named('vt')[0];
    expect(vt?.p).toBe(named('pv')[0]?.i);
    expect(vt?.lcp).toBeGreaterThan(0);
    expect(vt?.cls).toBe(0);
    // Headless Chromium here reports no Event Timing for synthetic input, so INP may be missing;
    // when it is there it covers the 60 ms handler.
    if (vt?.inp !== undefined) expect(vt.inp).toBeGreaterThanOrEqual(60);
    // Through the same transport, in the same beacon as the engagement.
    expect(server.received.find((b) => b.e.some((e) => e.n === 'vt'))?.e.map((e) => e.n)).toEqual([
      'vt',
      'en',
    ]);
  });
});

describe('retry queue', () => {
  it('delivers every event queued while offline exactly once when the browser is back online', async () => {
    server.page('/app', sitePage('<p>app</p>'));
    await page.goto(`${server.url}/app`);
    await until(() => named('pv').length === 1, 'page view');
    await context.setOffline(true);
    await page.evaluate(() => {
      const lb = (window as unknown as { leadbeacon: { track(n: string): void } }).leadbeacon;
      for (const n of ['a', 'b', 'c']) lb.track(n);
    });
    await setHidden(page, true);
    await setHidden(page, false);
    await page.waitForTimeout(1500);
    expect(named('ev')).toHaveLength(0);
    expect(await page.evaluate(() => JSON.parse(localStorage.lb_q).length)).toBe(4);
    await context.setOffline(false);
    await until(() => named('ev').length === 3 && named('en').length === 1, 'queued events');
    await page.waitForTimeout(1500);
    const ids = server.events().map((e) => e.i);
    expect(ids.length).toBe(new Set(ids).size);
    expect(named('ev').map((e) => e.nm)).toEqual(['a', 'b', 'c']);
    expect(await page.evaluate(() => localStorage.lb_q)).toBeUndefined();
  });
});
