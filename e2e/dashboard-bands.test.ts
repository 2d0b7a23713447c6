import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiGet, eventually, sendBeacon, uniqueId } from './api';
import { launchChromium } from './browser';
import { dashboardContext } from './screens';

const collectorUrl = inject('collectorUrl');
const siteUrl = inject('siteUrl');
/** Screenshots for people to look at (gitignored): test-results/dashboard/*.png at the repository root. */
const SHOTS = fileURLToPath(new URL('../test-results/dashboard/', import.meta.url));

/** One batch as the SDK sends it, each event at its own age (ms before now). */
function beacon(visitor: string, events: [number, Record<string, unknown>][]) {
  const now = Date.now();
  return sendBeacon(
    visitor,
    events.map(([age, e]) => ({ ts: now - age, ...e })),
    { session: `${visitor}-s` },
  );
}

const pv = (path: string, topics: string[] = []) => ({
  n: 'pv',
  u: `${siteUrl}${path}`,
  ti: path,
  tp: topics,
});
const custom = (name: string) => ({ n: 'ev', u: `${siteUrl}/products/check.html`, nm: name });
const form = (intent: string) => ({ n: 'fm', u: `${siteUrl}/demo.html`, in: intent });
const identify = (email: string, traits: Record<string, string>) => ({
  n: 'id',
  u: `${siteUrl}/contact.html`,
  em: email,
  tr: traits,
});

type Item = { id: string; email: string | null; band: string; total: number; disqualified: boolean };

async function shot(page: Page, name: string) {
  await page.screenshot({ path: `${SHOTS}${name}.png`, fullPage: true });
}

describe('the number and the band agree on the dashboard', () => {
  let browser: Browser;
  const held = `${uniqueId('held')}@hold-co.example`.toLowerCase();
  const student = `${uniqueId('student')}@gmail.com`.toLowerCase();
  let heldId: string;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    // 58 and hot: pricing +15, product check +15, video +15, a business address +5, a title +5,
    // product pages and a blog post +3. A minute later a careers page (−10): 48, below hot's 51
    // but not below 48, so hysteresis holds the band.
    await beacon(uniqueId('v-held'), [
      [120_000, pv('/pricing.html')],
      [119_000, pv('/products/flow.html', ['product-flow'])],
      [118_000, pv('/blog/five-signs.html')],
      [117_000, custom('product_check_completed')],
      [116_000, custom('video_watched')],
      [115_000, identify(held, { name: 'Hal Held', company: 'Hold Co', title: 'Engineer' })],
      [60_000, pv('/careers.html')],
    ]);
    // More points than anyone, and a student: disqualified, shown at most warm, listed below hot leads.
    await beacon(uniqueId('v-student'), [
      [90_000, pv('/pricing.html')],
      [89_000, custom('product_check_completed')],
      [88_000, custom('video_watched')],
      [87_000, form('contact')],
      [86_000, form('demo_request')],
      [85_000, identify(student, { name: 'Sam Student', title: 'Student' })],
    ]);
    heldId = await eventually(async () => {
      const { leads } = await apiGet<{ leads: Item[] }>('/api/leads?limit=200');
      const h = leads.find((l) => l.email === held && l.total === 48);
      const s = leads.find((l) => l.email === student && l.disqualified);
      return h && s ? h.id : undefined;
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('says "hot — held until below 48" where a 48 is hot, and lists hot leads before a disqualified one', async () => {
    const { leads } = await apiGet<{ leads: Item[] }>('/api/leads?limit=200');
    expect(leads.find((l) => l.email === held)).toMatchObject({ band: 'hot', total: 48 });
    const detail = await apiGet<{ band: string; total: number; held?: Record<string, number> }>(
      `/api/leads/${heldId}`,
    );
    expect(detail).toMatchObject({ band: 'hot', total: 48, held: { total: 48 } });

    for (const phone of [false, true]) {
      const context = await dashboardContext(
        browser,
        collectorUrl,
        phone,
        phone ? { width: 375, height: 740 } : undefined,
      );
      const page = await context.newPage();
      await page.goto(`${collectorUrl}/dashboard?limit=200`);
      expect(await page.locator('#f-sort option:checked').textContent()).toBe('Hottest first');
      const row = page.locator('tbody tr', { hasText: 'Hal Held' });
      expect(await row.locator('td').nth(1).textContent()).toBe('hot — held until below 48');
      expect(await row.locator('td.num').first().textContent()).toMatch(/48$/);
      // Hot first: every hot lead, the held one included, comes before the disqualified student.
      const bands = await page.locator('tbody tr td:nth-child(3) .badge').allTextContents();
      const names = await page.locator('tbody th a').allTextContents();
      const studentAt = names.indexOf('Sam Student');
      expect(studentAt).toBeGreaterThan(names.indexOf('Hal Held'));
      expect(bands.slice(studentAt).includes('hot')).toBe(false);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await shot(page, phone ? '11-phone-leads-held' : '09-leads-held');

      await page.goto(`${collectorUrl}/dashboard/leads/${heldId}`);
      expect(await page.locator('p.lead-badges').textContent()).toMatch(/Band hot — held until below 48/);
      expect(await page.locator('.big').textContent()).toBe('48');
      expect(
        await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
      ).toBeLessThanOrEqual(0);
      await shot(page, phone ? '12-phone-lead-held' : '10-lead-held');
      await context.close();
    }
  });
});
