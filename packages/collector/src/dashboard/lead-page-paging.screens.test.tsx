/// <reference types="node" />

import { mkdirSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DetailPaging } from '../durable/detail';
import type { LeadDetail } from '../durable/lead-object';
import { pageVisits } from '../durable/page-visits';
import { timelineOf } from '../durable/timeline';
import { compileModel } from '../scoring/compile';
import { DEFAULT_MODEL } from '../scoring/default-model';
import { scoreLead } from '../scoring/engine';
import type { LeadEvent } from '../scoring/events';
import { CSS_HREF } from './assets';
import { bandView } from './model-view';
import { LeadPage } from './pages/lead-page';
import { DASHBOARD_CSS } from './styles';

/**
 * The lead page of a lead with a long history, in Chromium: each list shows one window (the object
 * gives at most 100 items a list) and says where it stands, with links to older and newer windows.
 * Screenshots go to test-results/dashboard/ at the repository root, for people to look at.
 */
const SHOTS = new URL('../../../../test-results/dashboard/', import.meta.url).pathname;
const SITE = 'https://www.acme.example';
const BASE = 'http://dashboard.test';
const now = Date.UTC(2026, 10, 20, 12);
const ID = 'b'.repeat(64);

function detail(): LeadDetail {
  const events: LeadEvent[] = [
    {
      id: 'id-0',
      at: now - 200 * 3_600_000,
      type: 'identify',
      email: 'ada@acme.example',
      traits: { name: 'Ada' },
    },
  ];
  for (let i = 0; i < 150; i++) {
    const url = i % 3 === 0 ? `${SITE}/pricing` : `${SITE}/product/${i % 7}`;
    events.push({
      id: `pv-${i}`,
      at: now - (150 - i) * 3_600_000,
      type: 'pageview',
      url,
      title: `Page ${i}`,
      topics: [],
    });
  }
  const result = scoreLead(events, compileModel(DEFAULT_MODEL), now);
  const pages = pageVisits(events, result, compileModel(DEFAULT_MODEL));
  const timeline = timelineOf(events);
  // The second window of pages and activities (what `?pages_offset=50` shows), as the object gives it.
  const paging: DetailPaging = {
    pages: { offset: 50, limit: 50, total: 10_000 },
    timeline: { offset: 50, limit: 50, total: 10_001 },
    ledger: { offset: 0, limit: 50, total: Math.max(result.ledger.length, 51) },
    transitions: { offset: 0, limit: 50, total: result.transitions.length },
  };
  return {
    id: ID,
    site: 'acme',
    kind: 'lead',
    result: { ...result, ledger: result.ledger.slice(-50) },
    pages: pages.slice(-100, -50),
    timeline: timeline.slice(-100, -50),
    owner: null,
    source: { landingPage: null, landedAt: null, firstReferrer: null, utm: null },
    sessions: [],
    deal: null,
    merges: [],
    history: [
      { at: now - 150 * 3_600_000, total: 0, interest: 0, intent: 0, fit: 0, band: 'cold' },
      { at: now, total: result.total, ...result.scores, band: result.band },
    ],
    dropped: [],
    // Retention compacted its older behaviour: the page says so above the lists.
    compacted: {
      through: now - 400 * 86_400_000,
      events: 12_345,
      byType: { pageview: 4_100, engagement: 8_000, download: 245 },
      late: 0,
      ranAt: now - 3_600_000,
    },
    paging,
    nextChangeAt: null,
  };
}

describe('lead page of a long history', () => {
  let browser: Browser;
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
    });
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
  });

  for (const [width, name] of [
    [1280, '14-lead-paged'],
    [375, '15-phone-lead-paged'],
  ] as const) {
    it(`shows one window of each list and links to the others at ${width} px`, async () => {
      const html = `<!doctype html>${(
        (
          <LeadPage
            principal={{ kind: 'token', name: 'sales', scope: 'write' }}
            detail={detail()}
            bands={bandView(DEFAULT_MODEL)}
            origins={[SITE]}
            now={now}
          />
        )
      ).toString()}`;
      const context = await browser.newContext({
        viewport: { width, height: 900 },
        deviceScaleFactor: width < 500 ? 2 : 1,
      });
      const page = await context.newPage();
      await page.route(`${BASE}/**`, (route) => {
        const url = route.request().url();
        if (url === `${BASE}${CSS_HREF}`)
          return route.fulfill({ contentType: 'text/css', body: DASHBOARD_CSS });
        if (url.startsWith(`${BASE}/dashboard/leads/${ID}`))
          return route.fulfill({ contentType: 'text/html', body: html });
        return route.fulfill({ status: 404, body: '' });
      });
      await page.goto(`${BASE}/dashboard/leads/${ID}`);
      const pager = page.locator('p.list-pager').filter({ hasText: 'Pages 51–100 of 10,000' });
      await expect.poll(() => pager.isVisible()).toBe(true);
      expect(await pager.getByRole('link', { name: 'Older' }).getAttribute('href')).toBe(
        '?pages_offset=100#timeline',
      );
      expect(await pager.getByRole('link', { name: 'Newer' }).getAttribute('href')).toBe(
        '?pages_offset=0#timeline',
      );
      expect(await page.getByText('Activities 51–100 of 10,001, newest first').isVisible()).toBe(true);
      expect(
        await page
          .getByText(
            'History before 2025-10-16 compacted: 12,345 events (4,100 page views) still count in the score and its reasons, but are no longer listed here.',
          )
          .isVisible(),
      ).toBe(true);
      expect(await page.getByText(/Total \(sum of all [\d,]+ lines' values now\)/).isVisible()).toBe(true);
      // No list makes the page wider than the screen.
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(width);
      await page.locator('#timeline').scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SHOTS}${name}.png`, fullPage: false });
      await page.screenshot({ path: `${SHOTS}${name}-full.png`, fullPage: true });
      await context.close();
      // Chromium on a busy shared machine: more than the default 5 s.
    }, 30_000);
  }
});
