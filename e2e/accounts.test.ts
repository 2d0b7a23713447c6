import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiGet, dashboardSession, eventually } from './api';
import { launchChromium } from './browser';
import { type Receiver, subscribe, webhookReceiver } from './webhooks';

const collectorUrl = inject('collectorUrl');
const siteUrl = inject('siteUrl');
/** Screenshots for people to look at (gitignored): test-results/dashboard/*.png at the repository root. */
const SHOTS = fileURLToPath(new URL('../test-results/dashboard/', import.meta.url));
const UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';

let n = 0;
const id = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(n++).toString(36)}`;

/** One batch to POST /e, as the SDK on the example site sends it. */
async function beacon(visitor: string, events: Record<string, unknown>[]) {
  const now = Date.now();
  const res = await fetch(`${collectorUrl}/e`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain;charset=UTF-8', origin: siteUrl, 'user-agent': UA },
    body: JSON.stringify({
      s: 'acme',
      v: visitor,
      x: `${visitor}-s`,
      t: now,
      e: events.map((e, i) => ({ i: id('ev'), ts: now - 30_000 + i * 1000, ...e })),
    }),
  });
  expect(res.status).toBe(204);
}

const pv = (path: string, title: string) => ({ n: 'pv', u: `${siteUrl}${path}`, ti: title, tp: [] });
const identify = (email: string, name: string) => ({
  n: 'id',
  u: `${siteUrl}/contact.html`,
  em: email,
  tr: { name },
});

type Payload = { type: string; data: { leadId: string; account?: { domain: string; knownPeople: number } } };

describe('an account in Chromium', () => {
  let browser: Browser;
  let receiver: Receiver;
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
    receiver = await webhookReceiver();
  });
  afterAll(async () => {
    await browser?.close();
    await receiver?.close();
  });

  it('three people of one company make it hot: one account alert, and a page with members, topics and why', async () => {
    const stamp = Date.now().toString(36);
    const domain = `northwind-${stamp}.example`;
    const alertPath = `/ok/accounts-${stamp}`;
    await subscribe({
      name: 'hot accounts',
      url: `${receiver.url}${alertPath}`,
      kinds: ['account_band_changed'],
      bands: ['hot'],
      direction: 'up',
    });
    // Each person alone stays below the lead model's hot band; together: pricing (+15), product and
    // blog pages, a second and a third person, three topics.
    await beacon(id('v-ann'), [pv('/pricing.html', 'Pricing'), identify(`ann@${domain}`, 'Ann Buyer')]);
    await beacon(id('v-ben'), [pv('/products/flow.html', 'Flow'), identify(`ben@${domain}`, 'Ben Engineer')]);
    await beacon(id('v-cy'), [
      pv('/blog/five-signs.html', 'Five signs'),
      identify(`cy@${domain}`, 'Cy Finance'),
    ]);

    const account = await eventually(async () => {
      const { accounts } = await apiGet<{
        accounts: { domain: string; band: string; knownPeople: number }[];
      }>(`/api/accounts?site=acme&q=${encodeURIComponent(domain)}`);
      const a = accounts.find((x) => x.domain === domain);
      return a && a.knownPeople === 3 && a.band === 'hot' ? a : undefined;
    });
    expect(account.band).toBe('hot');
    for (const email of [`ann@${domain}`, `ben@${domain}`, `cy@${domain}`]) {
      const { leads } = await apiGet<{ leads: { band: string }[] }>(
        `/api/leads?q=${encodeURIComponent(email)}`,
      );
      expect(leads[0]?.band).not.toBe('hot');
    }

    // The alert arrives, once.
    const first = await eventually(async () => {
      const got = await receiver.received(alertPath);
      return got.length > 0 ? got : undefined;
    });
    await new Promise((r) => setTimeout(r, 3000));
    const all = await receiver.received(alertPath);
    expect(all).toHaveLength(1);
    const payload = JSON.parse(first[0]?.body ?? '{}') as Payload;
    expect(payload.type).toBe('lead.account_band_changed');
    expect(payload.data.account).toMatchObject({ domain, knownPeople: 3 });

    const session = await dashboardSession();
    for (const [width, name] of [
      [1280, '20-accounts-desktop'],
      [375, '21-accounts-phone'],
    ] as const) {
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      await context.addCookies([{ name: 'lb_session', value: session, url: collectorUrl }]);
      const page = await context.newPage();
      await page.goto(`${collectorUrl}/dashboard/companies`);
      await page.getByRole('link', { name: domain }).click();
      expect(new URL(page.url()).pathname).toBe(`/dashboard/accounts/acme/${domain}`);
      const members = page.getByRole('table', { name: /People and visitors/ });
      for (const who of ['Ann Buyer', 'Ben Engineer', 'Cy Finance']) {
        await expect.poll(() => members.getByRole('link', { name: new RegExp(who) }).count()).toBe(1);
      }
      const topics = await page.locator('ul.topics').textContent();
      expect(topics).toMatch(/pricing/);
      expect(topics).toMatch(/product/);
      expect(topics).toMatch(/blog/);
      const why = page.getByRole('table', { name: /every account rule that fired/ });
      expect(await why.textContent()).toMatch(/account-third-person/);
      expect(await why.textContent()).toMatch(/Ann Buyer/);
      // The phone layout must not scroll sideways as a whole page.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(1);
      await page.screenshot({ path: `${SHOTS}${name}.png`, fullPage: true });
      await page.goto(`${collectorUrl}/dashboard/companies`);
      await page.screenshot({ path: `${SHOTS}${name}-list.png`, fullPage: true });
      await context.close();
    }
  });
});
