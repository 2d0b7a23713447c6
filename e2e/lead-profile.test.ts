import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiGet, eventually, sendBeacon, TOKEN, uniqueId } from './api';
import { launchChromium } from './browser';
import { dashboardContext } from './screens';

// The lead page's profile: each value with who vouched for it (API, e-mail link, verified identify,
// form, page script) and when. Screenshots for people to look at: test-results/dashboard/.

const collectorUrl = inject('collectorUrl');
const siteUrl = inject('siteUrl');
const SHOTS = fileURLToPath(new URL('../test-results/dashboard/', import.meta.url));
const COLLECTOR_SRC = fileURLToPath(new URL('../packages/collector/src/', import.meta.url));

type Origin = { source: string; at: number; eventId: string };
type Detail = {
  id: string;
  profile: { email?: string; traits: Record<string, unknown>; sources?: Record<string, Origin> };
};

const WORDS: Record<string, string> = {
  api: 'API',
  link: 'e-mail link',
  verified: 'verified identify',
  form: 'form',
  script: 'page script',
};

const SCREENS = [
  { name: 'desktop', viewport: { width: 1280, height: 900 }, isMobile: false },
  { name: 'phone', viewport: { width: 375, height: 740 }, isMobile: true },
] as const;

/** The profile as `term → text` (the value with its origin line, if any). */
async function profileRows(page: Page): Promise<Record<string, string>> {
  return page.locator('section[aria-labelledby="profile"] dl.props').evaluate((dl) => {
    const out: Record<string, string> = {};
    for (const dt of Array.from(dl.querySelectorAll('dt'))) {
      const dd = dt.nextElementSibling;
      const origin = dd?.querySelector('.origin')?.textContent ?? '';
      const all = dd?.textContent ?? '';
      const value = origin ? all.slice(0, all.lastIndexOf(origin)) : all;
      out[dt.textContent ?? ''] = `${value} ${origin}`.replace(/\s+/g, ' ').trim();
    }
    return out;
  });
}

async function noSidewaysScroll(page: Page) {
  expect(
    await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
  ).toBeLessThanOrEqual(0);
}

describe('the lead profile with the source of every value', () => {
  let browser: Browser;
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows a lead from the API and a browser identify, each value with its origin when the result has one', async () => {
    const email = `ada.${Date.now()}@bigcorp.example`;
    const res = await fetch(`${collectorUrl}/api/identify`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        site: 'acme',
        email,
        traits: { name: 'Ada Lovelace', company: 'Big Corp', title: 'CFO' },
      }),
    });
    expect(res.status).toBe(200);
    const { leadId } = (await res.json()) as { leadId: string };
    await sendBeacon(uniqueId('v-profile'), [
      { n: 'id', ts: Date.now(), u: `${siteUrl}/contact.html`, em: email, tr: { phone: '+44 20 7946 0000' } },
    ]);
    const lead = await eventually(async () => {
      const d = await apiGet<Detail>(`/api/leads/${leadId}`);
      return d.profile.traits.phone ? d : undefined;
    });

    for (const screen of SCREENS) {
      const context = await dashboardContext(browser, collectorUrl, screen.isMobile, screen.viewport);
      const page = await context.newPage();
      await page.goto(`${collectorUrl}/dashboard/leads/${leadId}`);
      const rows = await profileRows(page);
      expect(rows['E-mail']).toContain(email);
      expect(rows.title).toContain('CFO');
      expect(rows.phone).toContain('+44 20 7946 0000');
      // Every origin the API reports is on the page, in words.
      const labels: Record<string, string> = { email: 'E-mail', name: 'Name', company: 'Company' };
      for (const [key, origin] of Object.entries(lead.profile.sources ?? {})) {
        expect(rows[labels[key] ?? key]).toContain(`via ${WORDS[origin.source]}`);
      }
      await noSidewaysScroll(page);
      await page.screenshot({ path: `${SHOTS}identity-lead-${screen.name}.png`, fullPage: true });
      await context.close();
    }
  });

  it('renders every source in words with its time (the page as the engine fills profile.sources)', async () => {
    // The real page component and engine, rendered in Node as the Worker renders them, for a
    // result whose profile carries origins of every kind; served to Chromium with the real stylesheet.
    const src = (path: string) => `${COLLECTOR_SRC}${path}`;
    const [
      { LeadPage },
      { DASHBOARD_CSS },
      { CSS_HREF },
      { bandView },
      { compileModel },
      { DEFAULT_MODEL },
      { scoreLead },
    ] = await Promise.all([
      import(src('dashboard/pages/lead-page.tsx')),
      import(src('dashboard/styles.ts')),
      import(src('dashboard/assets.ts')),
      import(src('dashboard/model-view.ts')),
      import(src('scoring/compile.ts')),
      import(src('scoring/default-model.ts')),
      import(src('scoring/engine.ts')),
    ]);
    const now = Date.now();
    const MIN = 60_000;
    const url = 'https://www.acme.test/';
    const events = [
      {
        id: 'e-api-0001',
        at: now - 9 * 86_400_000,
        type: 'identify',
        email: 'ada@bigcorp.example',
        source: 'api',
        traits: { name: 'Ada Lovelace', company: 'Big Corp' },
      },
      {
        id: 'e-pv-00001',
        at: now - 30 * MIN,
        type: 'pageview',
        url: `${url}pricing.html`,
        topics: ['pricing'],
        title: 'Pricing',
      },
      {
        id: 'e-form-001',
        at: now - 20 * MIN,
        type: 'form',
        url: `${url}demo.html`,
        intent: 'demo_request',
        email: 'ada@bigcorp.example',
        source: 'form',
        traits: { title: 'CFO', company_size: '200-500' },
      },
      {
        id: 'e-verif-01',
        at: now - 3 * MIN,
        type: 'identify',
        url,
        email: 'ada@bigcorp.example',
        source: 'verified',
        traits: { country: 'GB' },
      },
      {
        id: 'e-script-1',
        at: now - 2 * MIN,
        type: 'identify',
        url,
        email: 'ada@bigcorp.example',
        traits: { phone: '+44 20 7946 0000' },
      },
    ];
    const result = scoreLead(events, compileModel(DEFAULT_MODEL), now);
    result.profile.traits = {
      name: 'Ada Lovelace',
      company: 'Big Corp',
      title: 'CFO',
      company_size: '200-500',
      country: 'GB',
      phone: '+44 20 7946 0000',
    };
    result.profile.sources = {
      email: { source: 'api', at: now - 9 * 86_400_000, eventId: 'e-api-0001' },
      name: { source: 'api', at: now - 9 * 86_400_000, eventId: 'e-api-0001' },
      company: { source: 'api', at: now - 9 * 86_400_000, eventId: 'e-api-0001' },
      title: { source: 'form', at: now - 20 * MIN, eventId: 'e-form-001' },
      company_size: { source: 'form', at: now - 20 * MIN, eventId: 'e-form-001' },
      country: { source: 'verified', at: now - 3 * MIN, eventId: 'e-verif-01' },
      phone: { source: 'script', at: now - 2 * MIN, eventId: 'e-script-1' },
      campaign_link: { source: 'link', at: now - 60 * MIN, eventId: 'e-link-001' },
    };
    result.profile.traits.campaign_link = 'nov-newsletter';
    const detail = {
      id: 'ab'.repeat(32),
      site: 'acme',
      kind: 'lead',
      result,
      owner: null,
      source: { landingPage: null, landedAt: null, firstReferrer: null, utm: null },
      sessions: [],
      deal: null,
      pages: [],
      timeline: [],
      merges: [],
      history: [],
      dropped: [],
      // Every list shown whole (the object sends one window of each, and where it stands).
      paging: {
        pages: { offset: 0, limit: 50, total: 0 },
        timeline: { offset: 0, limit: 50, total: 0 },
        ledger: { offset: 0, limit: 50, total: result.ledger.length },
        transitions: { offset: 0, limit: 50, total: result.transitions.length },
      },
      nextChangeAt: null,
    };
    const html = `<!doctype html>${String(
      LeadPage({
        principal: { kind: 'token', name: 'e2e', scope: 'admin' },
        detail,
        bands: bandView(DEFAULT_MODEL),
        now,
      }),
    )}`;
    const base = 'http://dashboard.test';
    for (const screen of SCREENS) {
      const context = await browser.newContext({
        viewport: screen.viewport,
        ...(screen.isMobile ? { deviceScaleFactor: 2, isMobile: true, hasTouch: true } : {}),
      });
      await context.route(`${base}/**`, (route) => {
        const path = new URL(route.request().url()).pathname;
        if (`${base}${path}` === `${base}${CSS_HREF.split('?')[0]}`)
          return route.fulfill({ contentType: 'text/css', body: DASHBOARD_CSS });
        return route.fulfill({ contentType: 'text/html; charset=utf-8', body: html });
      });
      const page = await context.newPage();
      await page.goto(`${base}/dashboard/leads/${detail.id}`);
      const rows = await profileRows(page);
      expect(rows).toMatchObject({
        Name: 'Ada Lovelace via API · 9 d ago',
        'E-mail': 'ada@bigcorp.example via API · 9 d ago',
        Company: 'Big Corp via API · 9 d ago',
        title: 'CFO via form · 20 min ago',
        company_size: '200-500 via form · 20 min ago',
        Country: 'GB via verified identify · 3 min ago',
        phone: '+44 20 7946 0000 via page script · 2 min ago',
        campaign_link: 'nov-newsletter via e-mail link · 1 h ago',
      });
      // The origin is its own, quieter line under the value.
      const origin = page.locator('dl.props .origin').first();
      expect(await origin.evaluate((el) => getComputedStyle(el).display)).toBe('block');
      await noSidewaysScroll(page);
      await page.locator('#profile').scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SHOTS}identity-origins-${screen.name}.png`, fullPage: true });
      // The profile panel alone, at a size one can read.
      await page
        .locator('section[aria-labelledby="profile"] dl.props')
        .locator('xpath=..')
        .screenshot({ path: `${SHOTS}identity-origins-${screen.name}-profile.png` });
      await context.close();
    }
  });
});
