/// <reference types="node" />

import { mkdirSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
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

/**
 * What the lead page's screen tests (`lead-page-*.screens.test.tsx`) share: a lead detail built
 * from events as the lead's object builds it, and the lead page as the Worker renders it (the same
 * components and stylesheet) opened in Chromium at a given width. Screenshots go to
 * test-results/dashboard/ at the repository root, for people to look at.
 */

/** Where the screenshots go. */
export const SHOTS = new URL('../../../../test-results/dashboard/', import.meta.url).pathname;
/** The origin of the lead's site: page URLs on it are links. */
export const SITE = 'https://www.acme.example';
/** The moment every screen is drawn at. */
export const NOW = Date.UTC(2026, 10, 20, 12);
/** The widths every screen is shot at, with the name part of each screenshot. */
export const WIDTHS = [
  [1280, 'desktop'],
  [375, 'phone'],
] as const;

const BASE = 'http://dashboard.test';

/** The detail of a lead with these events, every list shown whole, scored by the default model. */
export function detailOf(id: string, events: readonly LeadEvent[]): LeadDetail {
  const model = compileModel(DEFAULT_MODEL);
  const result = scoreLead([...events], model, NOW);
  const d = {
    id,
    site: 'acme',
    kind: 'lead' as const,
    result,
    owner: null,
    source: leadSource(events),
    sessions: visitSessions(events),
    deal: dealOf(events),
    pages: pageVisits([...events], result, model),
    timeline: timelineOf([...events]),
    merges: [],
    history: scoreHistory([...events], model, NOW),
    dropped: [],
    compacted: null,
    nextChangeAt: null,
  };
  return { ...d, paging: wholePaging(d) };
}

/**
 * Headless Chromium (the system's, or `CHROMIUM_PATH`) for the tests of the enclosing `describe`:
 * launched before them (the screenshot folder made), closed after. Call the result in a test.
 */
export function chromiumForTests(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
    });
    // Chromium on a busy shared machine: more than the default 10 s.
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('Chromium did not start');
    return browser;
  };
}

/**
 * The lead page of `detail` for a sales user, opened in a new context `width` px wide (a phone's
 * at twice the pixels) and served with the dashboard's stylesheet. Close the page's context when done.
 */
export async function openLeadPage(browser: Browser, detail: LeadDetail, width: number): Promise<Page> {
  const html = `<!doctype html>${(
    (
      <LeadPage
        principal={{ kind: 'token', name: 'sales', scope: 'write' }}
        detail={detail}
        bands={bandView(DEFAULT_MODEL)}
        origins={[SITE]}
        now={NOW}
      />
    )
  ).toString()}`;
  const context = await browser.newContext({
    viewport: { width, height: 900 },
    deviceScaleFactor: width < 500 ? 2 : 1,
  });
  const page = await context.newPage();
  const url = `${BASE}/dashboard/leads/${detail.id}`;
  await page.route(`${BASE}/**`, (route) => {
    const requested = route.request().url();
    if (requested === `${BASE}${CSS_HREF}`)
      return route.fulfill({ contentType: 'text/css', body: DASHBOARD_CSS });
    if (requested.startsWith(url)) return route.fulfill({ contentType: 'text/html', body: html });
    return route.fulfill({ status: 404, body: '' });
  });
  await page.goto(url);
  return page;
}

/** Whether the page is wider than its window (it must reflow instead). */
export async function scrollsSideways(page: Page): Promise<boolean> {
  return (await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth')) > 0;
}
