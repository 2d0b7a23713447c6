import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiGet, dashboardSession, eventually, sendBeacon, TOKEN, uniqueId } from './api';
import { launchChromium } from './browser';

const HOSTILE_NAME = '<img src=x onerror=alert(1)>';
const collectorUrl = inject('collectorUrl');
const siteUrl = inject('siteUrl');
/** Screenshots for people to look at (gitignored): test-results/dashboard/*.png at the repository root. */
const SHOTS = fileURLToPath(new URL('../test-results/dashboard/', import.meta.url));

/** One batch as the SDK on the example site sends it, a minute ago, in a browser session of its own. */
const beacon = (visitor: string, events: Record<string, unknown>[]) =>
  sendBeacon(visitor, events, { session: `${visitor}-s`, since: 60_000 });

const pv = (path: string, title: string, topics: string[] = []) => ({
  n: 'pv',
  u: `${siteUrl}${path}`,
  ti: title,
  tp: topics,
});
const custom = (name: string) => ({ n: 'ev', u: `${siteUrl}/products/flow.html`, nm: name });
const identify = (email: string, traits: Record<string, string>) => ({
  n: 'id',
  u: `${siteUrl}/contact.html`,
  em: email,
  tr: traits,
});

async function shot(page: Page, name: string) {
  await page.screenshot({ path: `${SHOTS}${name}.png`, fullPage: true });
}

describe('the sales dashboard in Chromium', () => {
  let browser: Browser;
  let hotId: string;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    // A hot lead whose name is markup: pricing (+15 intent), product check (+15 intent), video
    // (+15 interest), a business address (+5 fit), company and title (+5, +10 fit): 65.
    await beacon(uniqueId('v-hot'), [
      pv('/pricing.html', 'Pricing', ['pricing']),
      custom('product_check_completed'),
      custom('video_watched'),
      identify('grace@hopper-labs.example', {
        name: HOSTILE_NAME,
        company: 'Hopper Labs',
        title: 'Head of Ops',
      }),
    ]);
    // Colder leads: warm (pricing and a video, free-mail address) and cold (one blog post).
    await beacon(uniqueId('v-warm'), [
      pv('/pricing.html', 'Pricing', ['pricing']),
      custom('video_watched'),
      identify('linus.warm@gmail.com', { name: 'Linus Warm' }),
    ]);
    await beacon(uniqueId('v-cold'), [
      pv('/blog/five-signs.html', 'Five signs'),
      identify('cora@cold-corp.example', { name: 'Cora Cold' }),
    ]);
    hotId = await eventually(async () => {
      const { leads } = await apiGet<{ leads: { id: string; name: string | null; band: string }[] }>(
        '/api/leads?limit=200',
      );
      const names = new Set(leads.map((l) => l.name));
      const hot = leads.find((l) => l.name === HOSTILE_NAME && l.band === 'hot');
      return hot && names.has('Linus Warm') && names.has('Cora Cold') ? hot.id : undefined;
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('logs in with the keyboard, shows the hot lead first, its chart, ledger and timeline, and accepts it', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', async (d) => {
      dialogs.push(d.message());
      await d.dismiss();
    });
    const cspViolations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    });

    await page.goto(`${collectorUrl}/dashboard`);
    expect(new URL(page.url()).pathname).toBe('/dashboard/login');
    await shot(page, '01-login');

    // Keyboard only: Tab to the token field, type, Enter submits the form.
    for (let i = 0; i < 10; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(() => document.activeElement?.id === 'token')) break;
    }
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('token');
    await page.keyboard.type(TOKEN);
    await Promise.all([page.waitForURL(`${collectorUrl}/dashboard`), page.keyboard.press('Enter')]);

    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'lb_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/dashboard' });
    // A session id, not the token.
    expect(session?.value).not.toContain(TOKEN);
    // The stylesheet applied under the CSP (the header bar is dark).
    expect(await page.locator('header.top').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe(
      'rgb(17, 24, 39)',
    );

    // Other files share this collector and may add hotter leads: the list is hottest first, and
    // this file's three leads appear in band order.
    expect(await page.locator('tbody tr').first().locator('.badge').first().textContent()).toBe('hot');
    const first = page.locator('tbody tr', {
      has: page.getByRole('link', { name: HOSTILE_NAME, exact: true }),
    });
    expect(await first.count()).toBe(1);
    expect(await first.locator('.badge').first().textContent()).toBe('hot');
    const names = await page.locator('tbody th a').allTextContents();
    expect(names).toEqual(expect.arrayContaining([HOSTILE_NAME, 'Linus Warm', 'Cora Cold']));
    expect(names.indexOf(HOSTILE_NAME)).toBeLessThan(names.indexOf('Linus Warm'));
    expect(names.indexOf('Linus Warm')).toBeLessThan(names.indexOf('Cora Cold'));
    expect(await page.locator('img').count()).toBe(0);
    await shot(page, '02-leads');

    // Open the lead with the keyboard.
    await first.locator('th a').focus();
    await Promise.all([
      page.waitForURL(`${collectorUrl}/dashboard/leads/${hotId}`),
      page.keyboard.press('Enter'),
    ]);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(HOSTILE_NAME);
    expect(await page.title()).toBe(`${HOSTILE_NAME} · leadbeacon`);

    const chart = page.getByRole('img', { name: 'Score over time' });
    expect(await chart.isVisible()).toBe(true);
    expect(await page.locator('svg.chart polyline').count()).toBe(4);
    const box = await chart.boundingBox();
    expect(box?.width).toBeGreaterThan(300);

    const ledger = page.getByRole('region', { name: 'Why this score' });
    const rules = await ledger.locator('tbody td:nth-child(2) code').allTextContents();
    expect(rules).toEqual(
      expect.arrayContaining([
        'pricing-page',
        'product-check',
        'video-watched',
        'business-email',
        'leadership-title',
      ]),
    );
    expect(await ledger.locator('tfoot td.num').textContent()).toBe('65');

    const visits = page.getByRole('region', { name: 'Pages read' });
    expect(await visits.locator('tbody tr').first().locator('td').nth(1).locator('a').textContent()).toBe(
      'Pricing',
    );
    const activity = await page.locator('ol.timeline li').allTextContents();
    expect(activity.join('\n')).toMatch(/Did video watched/);
    expect(activity.join('\n')).toMatch(/Identified as grace@hopper-labs\.example/);
    expect(await page.locator('img').count()).toBe(0);
    await shot(page, '03-lead');

    // Accept with the keyboard: focus the button, Enter.
    await page.getByRole('button', { name: 'Accept (→ SQL)' }).focus();
    await Promise.all([page.waitForURL(/\?done=accept$/), page.keyboard.press('Enter')]);
    expect(await page.getByRole('status').first().textContent()).toBe('Lead accepted by sales.');
    expect(await page.locator('p.lead-badges .badge').allTextContents()).toEqual(['hot', 'sql']);
    await shot(page, '04-lead-accepted');

    await page.goto(`${collectorUrl}/dashboard/companies`);
    expect(await page.locator('tbody th a').allTextContents()).toContain('Hopper Labs');
    await shot(page, '05-companies');
    await page.goto(`${collectorUrl}/dashboard/model`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Scoring model');
    await shot(page, '06-model');

    expect(dialogs).toEqual([]);
    expect(cspViolations).toEqual([]);
    await context.close();
  });

  it('fits a phone screen: no sideways scrolling of the page, wide tables scroll in their own box', async () => {
    const context = await browser.newContext({
      viewport: { width: 375, height: 740 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    await context.addCookies([
      {
        name: 'lb_session',
        value: await dashboardSession(),
        url: `${collectorUrl}/dashboard`,
        httpOnly: true,
        sameSite: 'Strict',
      },
    ]);
    const page = await context.newPage();
    for (const [path, name] of [
      ['/dashboard', '07-phone-leads'],
      [`/dashboard/leads/${hotId}`, '08-phone-lead'],
    ] as const) {
      await page.goto(`${collectorUrl}${path}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
      await shot(page, name);
    }
    await page.goto(`${collectorUrl}/dashboard`);
    const table = page.getByRole('region', { name: 'Leads' });
    expect(await table.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    await context.close();
  });

  it('previews the active model: the job page reloads itself until the movement matrix is there', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addCookies([
      {
        name: 'lb_session',
        value: await dashboardSession(),
        url: `${collectorUrl}/dashboard`,
        httpOnly: true,
        sameSite: 'Strict',
      },
    ]);
    const page = await context.newPage();
    // The active version previewed from its own page moves nobody.
    const { active } = await apiGet<{ active: { version: number } }>('/api/model');
    await page.goto(`${collectorUrl}/dashboard/model/versions/${active.version}`);
    await Promise.all([
      page.waitForURL(/\/dashboard\/model\/jobs\/[0-9a-f]{32}$/),
      page.getByRole('button', { name: 'Preview against all leads' }).click(),
    ]);
    const deadline = Date.now() + 30_000;
    // No script on the page: the meta refresh reloads it until the job is done.
    while (Date.now() < deadline) {
      await page.waitForTimeout(500);
      try {
        if ((await page.locator('meta[http-equiv="refresh"]').count()) === 0) break;
      } catch {
        // The page was reloading.
      }
    }
    expect(await page.locator('meta[http-equiv="refresh"]').count()).toBe(0);
    expect(await page.getByRole('status').textContent()).toMatch(
      /^Done: \d+ leads visited; 0 would change band, 0 would change stage\.$/,
    );
    const hotRow = page.getByRole('region', { name: 'Band moves' }).locator('tbody tr', { hasText: /^hot/ });
    expect(await hotRow.locator('td.same').textContent()).toMatch(/^[1-9]\d* unchanged$/);
    await shot(page, '09-model-preview');
    await context.close();
  });
});
