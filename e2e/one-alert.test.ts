import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiGet, eventually } from './api';
import { launchChromium } from './browser';
import { type Receiver, subscribe, webhookReceiver } from './webhooks';

const siteUrl = inject('siteUrl');
/** The collector's default hold of an anonymous visitor's notifications (LB_ANONYMOUS_NOTIFY_DELAY_SECONDS). */
const HOLD_MS = 10_000;

type Payload = {
  type: string;
  data: { leadId: string; lead: { email?: string; anonymous: boolean; band: string } };
};

describe('a demo request on the example site', () => {
  let browser: Browser;
  let receiver: Receiver;
  beforeAll(async () => {
    browser = await launchChromium();
    receiver = await webhookReceiver();
  });
  afterAll(async () => {
    await browser?.close();
    await receiver?.close();
  });

  it('tells sales once that the visitor is a hot lead, about the known lead', async () => {
    const stamp = Date.now().toString(36);
    const salesPath = `/ok/sales-${stamp}`;
    const anonPath = `/ok/sales-anon-${stamp}`;
    const hot = { kinds: ['band_changed'], bands: ['hot'], direction: 'up' };
    await subscribe({ name: 'sales', url: `${receiver.url}${salesPath}`, ...hot });
    await subscribe({
      name: 'sales, anonymous too',
      url: `${receiver.url}${anonPath}`,
      ...hot,
      includeAnonymous: true,
    });

    const email = `jo.buyer.${stamp}@buyer-corp.example`;
    const context = await browser.newContext();
    const page = await context.newPage();
    // Pricing (+15 intent), then the demo request (+40): hot, through the real SDK and its form
    // handling, whatever requests it splits the submission and the identify into.
    await page.goto(`${siteUrl}/pricing.html`, { waitUntil: 'load' });
    await page.waitForTimeout(1500);
    await page.goto(`${siteUrl}/demo.html`, { waitUntil: 'load' });
    await page.getByLabel('Work e-mail').fill(email);
    await page.getByLabel('Name').fill('Jo Buyer');
    await page.getByLabel('Company').fill('Buyer Corp');
    await page.getByLabel('Job title').fill('CFO');
    await page.getByRole('button', { name: 'Request my demo' }).click();
    await page.waitForURL(/thanks\.html/);
    await page.waitForTimeout(1000);
    await context.close();

    const leadId = await eventually(async () => {
      const { leads } = await apiGet<{ leads: { id: string; band: string }[] }>(
        `/api/leads?q=${encodeURIComponent(email)}`,
      );
      return leads[0]?.band === 'hot' ? leads[0].id : undefined;
    });
    // Whatever an anonymous visitor held would go out after the hold: wait it out.
    await new Promise((r) => setTimeout(r, HOLD_MS + 3_000));
    for (const path of [salesPath, anonPath]) {
      const got = (await receiver.received(path)).map((r) => JSON.parse(r.body) as Payload);
      expect(got, path).toHaveLength(1);
      expect(got[0]).toMatchObject({
        type: 'lead.band_changed',
        data: { leadId, lead: { email, anonymous: false, band: 'hot' } },
      });
    }
  });
});
