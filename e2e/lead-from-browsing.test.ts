import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiGet, eventually } from './api';
import { launchChromium } from './browser';

const collectorUrl = inject('collectorUrl');
const siteUrl = inject('siteUrl');

type LeadDetail = {
  id: string;
  band: string;
  total: number;
  pages: { url: string; topics: string[]; points: number }[];
};

describe('browsing the example site in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('creates a lead whose detail lists the pages read, their topics and points', async () => {
    // A plain headless browser: the collector runs as `npm start` runs it, with automation allowed.
    const context = await browser.newContext();
    const page = await context.newPage();
    const visited = ['/products/flow.html', '/pricing.html', '/blog/five-signs.html'];
    for (const path of visited) {
      await page.goto(`${siteUrl}${path}`, { waitUntil: 'load' });
      // The SDK batches a page's events for a second before sending them.
      await page.waitForTimeout(1500);
    }
    await context.close();

    const lead = await eventually(async () => {
      const { leads } = await apiGet<{ leads: { id: string }[] }>('/api/leads?limit=200');
      for (const { id } of leads) {
        const detail = await apiGet<LeadDetail>(`/api/leads/${id}`);
        // Other tests share the collector: this browser's lead is the one that read exactly these pages.
        const paths = detail.pages.map((p) => new URL(p.url).pathname);
        if (paths.join() === visited.join()) return detail;
      }
      return undefined;
    });

    expect(lead.pages.map((p) => new URL(p.url).pathname)).toEqual(visited);
    // Markup topics, plus what the model maps the URL to (/products/* is `product`, /blog/* `blog`).
    expect(lead.pages.map((p) => p.topics)).toEqual([
      ['product-flow', 'product'],
      ['pricing'],
      ['automation', 'blog'],
    ]);
    for (const p of lead.pages) expect(p.points).toBeGreaterThan(0);
    expect(lead.total).toBe(lead.pages.reduce((sum, p) => sum + p.points, 0));
  });

  it('serves the SDK from the collector with cache headers', async () => {
    const res = await fetch(`${collectorUrl}/lb.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('cache-control')).toMatch(/max-age=\d+/);
    const etag = res.headers.get('etag');
    expect(etag).toBeTruthy();
    const again = await fetch(`${collectorUrl}/lb.js`, { headers: { 'if-none-match': etag ?? '' } });
    expect(again.status).toBe(304);
  });
});
