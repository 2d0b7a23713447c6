/// <reference types="node" />

import { mkdirSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wholePaging } from '../durable/detail';
import type { LeadDetail } from '../durable/lead-object';
import { dealOf, leadSource, visitSessions } from '../durable/lead-source';
import { pageVisits } from '../durable/page-visits';
import { scoreHistory } from '../durable/score-history';
import { timelineOf } from '../durable/timeline';
import { compileModel } from '../scoring/compile';
import { DEFAULT_MODEL } from '../scoring/default-model';
import { scoreLead } from '../scoring/engine';
import type { LeadEvent } from '../scoring/events';
import { CSS_HREF } from './assets';
import { bandView } from './model-view';
import { LeadPage } from './pages/lead-page';
import { DASHBOARD_CSS } from './styles';

// Browser-side code is passed as strings: this package's types are the Worker's, without the DOM.

/**
 * The lead page in Chromium, as the Worker renders it (the same components and stylesheet), for a
 * lead whose history holds a page URL of another host: stored before page URLs were checked, or
 * before its origin left LB_SITES. It shows as text, never as a link. Screenshots go to
 * test-results/dashboard/ at the repository root, for people to look at.
 */
const SHOTS = new URL('../../../../test-results/dashboard/', import.meta.url).pathname;
const SITE = 'https://www.acme.example';
const BASE = 'http://dashboard.test';
const now = Date.UTC(2026, 10, 20, 12);

function detail(): LeadDetail {
  const at = now - 3 * 3_600_000;
  const pv = (id: string, url: string, title: string, minutes: number, topics: string[] = []): LeadEvent => ({
    id,
    at: at + minutes * 60_000,
    type: 'pageview',
    url,
    title,
    topics,
  });
  const events: LeadEvent[] = [
    pv('pv-1', `${SITE}/pricing`, 'Pricing', 0, ['pricing']),
    pv('pv-2', 'https://evil.example/login?next=acme', 'Sign in to continue', 5),
    pv('pv-3', `${SITE}/thanks?plan=pro`, 'Thank you', 9),
    {
      id: 'ev-1',
      at: at + 12 * 60_000,
      type: 'custom',
      name: 'video_watched',
      url: 'https://evil.example/watch',
    },
    {
      id: 'ev-2',
      at: at + 14 * 60_000,
      type: 'custom',
      name: 'product_check_completed',
      url: `${SITE}/check`,
    },
    {
      id: 'id-1',
      at: at + 15 * 60_000,
      type: 'identify',
      email: 'ada@acme.example',
      traits: { name: 'Ada Lovelace', company: 'Acme' },
    },
  ];
  const model = compileModel(DEFAULT_MODEL);
  const result = scoreLead(events, model, now);
  const d = {
    id: 'a'.repeat(64),
    site: 'acme',
    kind: 'lead' as const,
    result,
    owner: null,
    source: leadSource(events),
    sessions: visitSessions(events),
    deal: dealOf(events),
    pages: pageVisits(events, result, model),
    timeline: timelineOf(events),
    merges: [],
    history: scoreHistory(events, model, now),
    dropped: [],
    compacted: null,
    nextChangeAt: null,
  };
  return { ...d, paging: wholePaging(d) };
}

describe('lead page: page URLs of other hosts', () => {
  let browser: Browser;
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  for (const [width, name] of [
    [1280, '12-lead-foreign-url'],
    [375, '13-phone-lead-foreign-url'],
  ] as const) {
    it(`shows them as text at ${width} px, and the site's own pages as links`, async () => {
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
        if (url === `${BASE}/dashboard/leads/${'a'.repeat(64)}`)
          return route.fulfill({ contentType: 'text/html', body: html });
        return route.fulfill({ status: 404, body: '' });
      });
      await page.goto(`${BASE}/dashboard/leads/${'a'.repeat(64)}`);
      // The stylesheet applied (the header bar is dark).
      expect(
        await page.evaluate<string>("getComputedStyle(document.querySelector('header.top')).backgroundColor"),
      ).toBe('rgb(17, 24, 39)');
      expect(await page.locator('a[href*="evil.example"]').count()).toBe(0);
      const visits = page.getByRole('region', { name: 'Pages read' });
      await expect.poll(() => visits.getByText('Sign in to continue').isVisible()).toBe(true);
      expect(await visits.getByText('evil.example/login · not on this site').isVisible()).toBe(true);
      expect(await visits.getByRole('link', { name: 'Pricing' }).getAttribute('href')).toBe(
        `${SITE}/pricing`,
      );
      expect(await page.locator('ol.timeline').getByText('https://evil.example/watch').isVisible()).toBe(
        true,
      );
      expect(await page.locator(`ol.timeline a[href="${SITE}/check"]`).count()).toBe(1);
      const overflow = await page.evaluate<number>(
        'document.documentElement.scrollWidth - window.innerWidth',
      );
      expect(overflow).toBeLessThanOrEqual(0);
      await page.screenshot({ path: `${SHOTS}${name}.png`, fullPage: true });
      await page
        .locator('section[aria-labelledby="timeline"]')
        .screenshot({ path: `${SHOTS}${name}-visits.png` });
      await context.close();
    });
  }
});
