import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../server';
import { launch, setHidden } from './chromium';

const example = join(import.meta.dirname, '../../../../examples/spa');
let browser: Browser;
let server: TestServer;
let page: Page;

beforeAll(async () => {
  // The example app, built against this workspace's SDK, posting to its own origin (the test server).
  execFileSync(
    process.execPath,
    [join(example, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'error'],
    {
      cwd: example,
      env: { ...process.env, VITE_LB_COLLECTOR: '' },
      stdio: 'inherit',
    },
  );
  [browser, server] = await Promise.all([launch(), startServer({ spaDir: join(example, 'dist') })]);
  page = await browser.newPage();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Waits on the test's side, generously (a loaded machine answers late), until `check` holds. */
const until = async (check: () => boolean, what: string) => {
  const end = Date.now() + 20_000;
  while (!check()) {
    if (Date.now() > end)
      throw new Error(`timed out waiting for ${what}: ${JSON.stringify(server.events())}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};
/**
 * Events of one type, each once: a page that is hidden repeats by beacon what its fetch still has in
 * flight (the collector keeps each event once by its id), more often the later the answers come.
 */
const once = (n: string) =>
  server.events().filter((e, i, all) => e.n === n && all.findIndex((x) => x.i === e.i) === i);
const views = () => once('pv');
const path = (u: unknown) => new URL(u as string).pathname;

describe('examples/spa (Vite, ESM import)', () => {
  it('counts route changes and the back button, flushes engagement before each view, dedupes the same URL', async () => {
    await page.goto(`${server.url}/`);
    await until(() => views().length === 1, 'first view');
    await page.click('nav a[href="/pricing"]');
    await until(() => views().length === 2, 'pricing view');
    await page.click('nav a[href="/docs"]');
    await until(() => views().length === 3, 'docs view');
    await page.click('#back');
    await until(() => views().length === 4, 'back to pricing');
    // A link to the page you are on is no new view.
    await page.click('nav a[href="/pricing"]');
    await page.waitForTimeout(400);
    await setHidden(page, true);
    await until(() => once('en').length >= 4, 'engagement of every view');

    const pv = views();
    expect(pv.map((e) => path(e.u))).toEqual(['/', '/pricing', '/docs', '/pricing']);
    expect(pv.map((e) => e.tp)).toEqual([['home'], ['pricing'], ['docs', 'integration'], ['pricing']]);
    expect(pv.map((e) => e.ti)).toEqual([
      'Acme Analytics',
      'Pricing · Acme Analytics',
      'Docs · Acme Analytics',
      'Pricing · Acme Analytics',
    ]);
    expect(path(pv[1]?.r)).toBe('/');
    // Each view's engagement points to it, carries its URL, and left before the next view.
    const events = server.events();
    const en = once('en');
    expect(en.map((e) => e.p)).toEqual(pv.map((e) => e.i));
    expect(en.map((e) => path(e.u))).toEqual(['/', '/pricing', '/docs', '/pricing']);
    for (let i = 0; i < 3; i++)
      expect(events.indexOf(en[i] as never)).toBeLessThan(events.indexOf(pv[i + 1] as never));
  });

  it('tracks the SPA demo form (sent by script) with its intent, the address and the marked traits', async () => {
    await page.click('nav a[href="/demo"]');
    await page.fill('input[type=email]', 'jo@acme.test');
    await page.fill('input[name=company]', 'Acme Corp');
    await page.selectOption('select[name=size]', '51-200');
    await page.click('#demo button');
    await until(() => server.events().some((e) => e.n === 'fm'), 'form');
    expect(server.events().find((e) => e.n === 'fm')).toMatchObject({
      fi: 'demo',
      in: 'demo_request',
      em: 'jo@acme.test',
      tr: { organization: 'Acme Corp', company_size: '51-200' },
    });
    expect(server.events().some((e) => e.n === 'id')).toBe(false);
  });
});
