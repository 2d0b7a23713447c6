import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiGet, eventually } from './api';
import { launchChromium } from './browser';

const siteUrl = inject('siteUrl');

type Detail = {
  id: string;
  stage: string;
  profile: { email?: string; traits: Record<string, unknown> };
  pages: { url: string; topics: string[]; points: number; anonymous: boolean }[];
  ledger: { ruleId: string; anonymous: boolean; value: number }[];
  anonymousPoints: number;
};

describe('anonymous reading, then the demo form', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('makes one known lead whose earlier pages keep their points, marked as read anonymously', async () => {
    const email = `grace.${Date.now()}@initech.example`;
    // A plain headless browser: the collector runs as `npm start` runs it, with automation allowed.
    const context = await browser.newContext();
    const page = await context.newPage();
    for (const path of ['/products/insight.html', '/pricing.html']) {
      await page.goto(`${siteUrl}${path}`, { waitUntil: 'load' });
      await page.waitForTimeout(1500);
    }
    // An identity counts as known a few seconds before it arrives (the scoring engine's
    // IDENTITY_WINDOW_MS): these pages are read well before the form, so they stay anonymous.
    await page.waitForTimeout(6000);
    await page.goto(`${siteUrl}/demo.html`, { waitUntil: 'load' });
    await page.getByLabel('Work e-mail').fill(email);
    await page.getByLabel('Name').fill('Grace Hopper');
    await page.getByLabel('Company').fill('Initech');
    await page.getByLabel('Job title').fill('Head of Operations');
    await page.getByLabel('Employees').selectOption('250-999');
    await page.getByLabel('What should we prepare?').fill('Call me on my mobile');
    await page.getByRole('button', { name: 'Request my demo' }).click();
    await page.waitForURL(/thanks\.html/);
    // The form posts: nothing the visitor typed is in the thank-you page's URL.
    expect(new URL(page.url()).search).toBe('');
    await page.waitForTimeout(1500);
    await context.close();

    const lead = await eventually(async () => {
      const { leads } = await apiGet<{ leads: { id: string }[] }>(
        `/api/leads?q=${encodeURIComponent(email)}`,
      );
      if (!leads[0]) return undefined;
      const d = await apiGet<Detail>(`/api/leads/${leads[0].id}`);
      return d.pages.length >= 3 && d.ledger.some((l) => l.ruleId === 'demo-request') ? d : undefined;
    });

    expect(lead.profile.email).toBe(email);
    expect(lead.stage).not.toBe('visitor');
    // The marked fields came with the address, as traits; the free-text field stayed on the page.
    expect(lead.profile.traits).toEqual({
      name: 'Grace Hopper',
      company: 'Initech',
      title: 'Head of Operations',
      company_size: '250-999',
    });
    const byPath = Object.fromEntries(lead.pages.map((p) => [new URL(p.url).pathname, p]));
    expect(byPath['/products/insight.html']).toMatchObject({
      anonymous: true,
      topics: ['product-insight', 'product'],
    });
    expect(byPath['/pricing.html']).toMatchObject({ anonymous: true, topics: ['pricing'] });
    expect(byPath['/pricing.html']?.points).toBeGreaterThan(0);
    expect(byPath['/products/insight.html']?.points).toBeGreaterThan(0);
    expect(lead.anonymousPoints).toBeGreaterThan(0);
    expect(lead.ledger.find((l) => l.ruleId === 'pricing-page')?.anonymous).toBe(true);
  });
});
