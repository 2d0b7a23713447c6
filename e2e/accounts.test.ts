import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { axe } from './a11y';
import { apiGet, dashboardSession, eventually, sendBeacon, uniqueId } from './api';
import { launchChromium } from './browser';
import { dashboardContext } from './screens';
import { type Receiver, subscribe, webhookReceiver } from './webhooks';

const collectorUrl = inject('collectorUrl');
const siteUrl = inject('siteUrl');
/** Screenshots for people to look at (gitignored): test-results/dashboard/*.png at the repository root. */
const SHOTS = fileURLToPath(new URL('../test-results/dashboard/', import.meta.url));

/** One batch as the SDK on the example site sends it, in a browser session of its own. */
const beacon = (visitor: string, events: Record<string, unknown>[]) =>
  sendBeacon(visitor, events, { session: `${visitor}-s` });

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
    await beacon(uniqueId('v-ann'), [pv('/pricing.html', 'Pricing'), identify(`ann@${domain}`, 'Ann Buyer')]);
    await beacon(uniqueId('v-ben'), [
      pv('/products/flow.html', 'Flow'),
      identify(`ben@${domain}`, 'Ben Engineer'),
    ]);
    await beacon(uniqueId('v-cy'), [
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

  it('an admin merges a second domain and sets the company profile through the account page', async () => {
    const stamp = Date.now().toString(36);
    const main = `contoso-${stamp}.example`;
    const other = `contoso-${stamp}.de`;
    await beacon(uniqueId('v-dora'), [
      pv('/pricing.html', 'Pricing'),
      identify(`dora@${main}`, 'Dora Buyer'),
    ]);
    await beacon(uniqueId('v-emil'), [
      pv('/products/flow.html', 'Flow'),
      identify(`emil@${other}`, 'Emil Engineer'),
    ]);
    type Detail = {
      total: number;
      scores: { fit: number };
      members: unknown[];
      profile: Record<string, string>;
    };
    const detail = (domain: string) => apiGet<Detail>(`/api/accounts/acme/${domain}`);
    await eventually(async () => {
      const { accounts } = await apiGet<{ accounts: { domain: string }[] }>(
        `/api/accounts?site=acme&q=${encodeURIComponent(`contoso-${stamp}`)}`,
      );
      return accounts.length === 2 ? accounts : undefined;
    });
    const before = await detail(main);

    const context = await dashboardContext(browser, collectorUrl);
    const page = await context.newPage();
    const url = `${collectorUrl}/dashboard/accounts/acme/${main}`;
    await page.goto(url);

    // A typing mistake first: the form comes back with what was typed and the message at the field.
    const field = page.getByRole('textbox', { name: 'Domain or network' });
    await field.fill(`${other}/`);
    await page.getByRole('button', { name: 'Merge into this account' }).click();
    await expect.poll(() => page.locator('#merge-alias-error').textContent()).toMatch(/domain name/);
    expect(await field.inputValue()).toBe(`${other}/`);
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await axe(page), 'refused merge form').toEqual([]);
    await page.screenshot({ path: `${SHOTS}24-account-merge-refused-desktop.png`, fullPage: true });

    await field.fill(other);
    await page.getByRole('button', { name: 'Merge into this account' }).click();
    await page.waitForURL(/done=merged/);
    await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/^Merged\./);
    const members = page.getByRole('table', { name: /People and visitors/ });
    await expect.poll(() => members.getByRole('link', { name: /Emil Engineer/ }).count()).toBe(1);
    expect(await page.getByRole('button', { name: `Split off domain ${other}` }).count()).toBe(1);
    expect((await detail(main)).members).toHaveLength(2);

    await page.getByLabel('Company name', { exact: true }).fill('Contoso');
    await page.getByLabel('Industry', { exact: true }).fill('Manufacturing');
    await page.getByLabel('Company size', { exact: true }).fill('201-500');
    await page.getByLabel('Country', { exact: true }).fill('de');
    await page.getByRole('button', { name: 'Save the profile' }).click();
    await page.waitForURL(/done=profile/);
    expect(await page.locator('h1').textContent()).toBe(`Contoso (${main})`);
    const after = await detail(main);
    expect(after.profile).toEqual({
      name: 'Contoso',
      industry: 'Manufacturing',
      company_size: '201-500',
      country: 'DE',
    });
    expect(after.scores.fit).toBeGreaterThan(before.scores.fit);
    const why = page.getByRole('table', { name: /every account rule that fired/ });
    expect(await why.textContent()).toMatch(/account-company-size/);
    expect(await why.textContent()).toMatch(/Account profile/);
    expect(await why.textContent()).toMatch(/Entered in the company profile/);
    expect(await axe(page), 'account page with its forms').toEqual([]);

    for (const [width, name] of [
      [1280, '22-account-admin-desktop'],
      [375, '23-account-admin-phone'],
    ] as const) {
      await page.setViewportSize({ width, height: 900 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${name}: no sideways scrolling`).toBeLessThanOrEqual(1);
      expect(await axe(page), `${name}`).toEqual([]);
      await page.screenshot({ path: `${SHOTS}${name}.png`, fullPage: true });
    }
    await context.close();
  });
});
