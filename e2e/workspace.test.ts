import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { axe, domFocusOrder } from './a11y';
import { apiGet, eventually, sendBeacon, TOKEN } from './api';
import { launchChromium } from './browser';

// The workspace as people use it, in Chromium against the real collector: the first admin signs in
// through an invitation, invites a salesperson and adds a site; the salesperson takes a lead and
// writes a note. Every screen is shot at 1280 and 375 px wide (test-results/workspace/) and checked
// with axe-core; every form's focus order is walked with the keyboard.

const collectorUrl = inject('collectorUrl');
const siteUrl = inject('siteUrl');
const SHOTS = fileURLToPath(new URL('../test-results/workspace/', import.meta.url));
const run = Date.now().toString(36);

async function api(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${collectorUrl}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...init.headers },
  });
}

/**
 * Both widths of a screen: no sideways scrolling of the page, a full-page shot each, and axe-core
 * finds nothing (at each width: the phone layout is a layout of its own).
 */
async function shootAndCheck(page: Page, name: string): Promise<void> {
  for (const [width, suffix] of [
    [1280, 'desktop'],
    [375, 'phone'],
  ] as const) {
    await page.setViewportSize({ width, height: width > 500 ? 900 : 740 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${name} at ${width} px scrolls sideways`).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${SHOTS}${name}-${suffix}.png`, fullPage: true });
    expect(JSON.stringify(await axe(page), null, 1), `${name} at ${width} px`).toBe('[]');
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

async function expectFocusOrder(page: Page, form: string): Promise<void> {
  const { tabbed, expected } = await domFocusOrder(page, form);
  expect(expected.length, form).toBeGreaterThan(0);
  expect(tabbed, form).toEqual(expected);
}

/** Opens a one-time link and chooses a password with the keyboard, as the invited person does. */
async function choosePassword(page: Page, link: string, password: string): Promise<void> {
  await page.goto(link);
  await page.getByLabel('New password').fill(password);
  await page.getByLabel('The same password again').fill(password);
  await Promise.all([page.waitForURL(`${collectorUrl}/dashboard`), page.keyboard.press('Enter')]);
}

describe('the workspace in Chromium', () => {
  let browser: Browser;
  let admin: BrowserContext;
  let adminPage: Page;
  let salesLink = '';
  let leadId = '';
  const salesEmail = `sam.${run}@acme-sales.example`;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
    // A lead with two visits: from a search engine two hours ago, then a newsletter campaign.
    const visitor = `ws-${run}`;
    const now = Date.now();
    await sendBeacon(visitor, [
      {
        i: `ws-a-${run}`,
        n: 'pv',
        ts: now - 2 * 3_600_000,
        u: `${siteUrl}/blog/five-signs.html`,
        ti: 'Five signs you need Flow',
        r: 'https://www.google.com/',
        tp: ['blog'],
      },
      {
        i: `ws-b-${run}`,
        n: 'pv',
        ts: now - 60_000,
        u: `${siteUrl}/pricing.html?utm_campaign=nov-newsletter&utm_source=newsletter&utm_medium=email`,
        ti: 'Pricing',
        tp: ['pricing'],
      },
      {
        i: `ws-c-${run}`,
        n: 'ev',
        ts: now - 50_000,
        u: `${siteUrl}/products/check.html`,
        nm: 'product_check_completed',
      },
      {
        i: `ws-d-${run}`,
        n: 'ev',
        ts: now - 40_000,
        u: `${siteUrl}/products/flow.html`,
        nm: 'video_watched',
      },
      {
        i: `ws-e-${run}`,
        n: 'id',
        ts: now - 30_000,
        u: `${siteUrl}/pricing.html`,
        em: `wanda.${run}@buyer-co.example`,
        tr: { name: 'Wanda Buyer', company: 'Buyer Co' },
      },
    ]);
    leadId = await eventually(async () => {
      const { leads } = await apiGet<{ leads: { id: string; email: string | null }[] }>(
        `/api/leads?q=${encodeURIComponent(`wanda.${run}`)}`,
      );
      return leads[0]?.id;
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('the first admin signs in through the link an admin token made, invites a salesperson and adds a site', async () => {
    // Bootstrap: the operator's admin token invites the first admin.
    const res = await api('/api/users', {
      method: 'POST',
      body: JSON.stringify({ email: `grace.${run}@acme-ops.example`, name: 'Grace Hopper', role: 'admin' }),
    });
    expect(res.status).toBe(201);
    const { link } = (await res.json()) as { link: string };
    admin = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    adminPage = await admin.newPage();
    const cspViolations: string[] = [];
    adminPage.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    });

    await adminPage.goto(link);
    expect(await adminPage.getByRole('heading', { level: 1 }).textContent()).toBe('Welcome, Grace Hopper');
    await expectFocusOrder(adminPage, 'form');
    await shootAndCheck(adminPage, '01-invitation');
    // A short password is refused at its field; the form says why, and keeps working.
    await adminPage.getByLabel('New password').fill('short');
    await adminPage.getByLabel('The same password again').fill('short');
    // The browser's own check (minlength) stops it first; the server says the same without it.
    await adminPage.locator('#password').evaluate((el) => el.removeAttribute('minlength'));
    await adminPage.getByRole('button', { name: 'Set password and sign in' }).click();
    await adminPage.waitForLoadState();
    expect(await adminPage.locator('#password-error').textContent()).toBe('Use at least 12 characters.');
    expect(await adminPage.locator('#password').getAttribute('aria-invalid')).toBe('true');
    await shootAndCheck(adminPage, '02-invitation-refused');
    await choosePassword(adminPage, link, 'grace hopper compiles cobol');
    expect(await adminPage.locator('.who span').textContent()).toBe('Grace Hopper (admin)');

    // Users: invite the salesperson through the form.
    await Promise.all([
      adminPage.waitForURL('**/dashboard/users'),
      adminPage.getByRole('link', { name: 'Users' }).click(),
    ]);
    await expectFocusOrder(adminPage, 'form[action="/dashboard/users"]');
    await adminPage.getByLabel('Name').fill('Sam Seller');
    await adminPage.getByLabel('E-mail address').fill('not an address');
    await adminPage.locator('input[name="role"][value="sales"]').check();
    await adminPage.locator('#email').evaluate((el) => el.setAttribute('type', 'text'));
    await adminPage.getByRole('button', { name: 'Invite' }).click();
    await adminPage.waitForLoadState();
    expect(await adminPage.locator('#email-error').textContent()).toBe('expected an e-mail address');
    await shootAndCheck(adminPage, '03-users-refused');
    await adminPage.getByLabel('E-mail address').fill(salesEmail);
    await adminPage.getByRole('button', { name: 'Invite' }).click();
    await adminPage.waitForLoadState();
    salesLink = await adminPage.getByLabel(`Sign-in link for ${salesEmail}`).inputValue();
    expect(salesLink).toMatch(new RegExp(`^${collectorUrl}/dashboard/invite/[\\w-]{43}$`));
    await shootAndCheck(adminPage, '04-users-invited');

    // Sites: a site with a path in its origin is refused, naming the field; then added.
    await Promise.all([
      adminPage.waitForURL('**/dashboard/sites'),
      adminPage.getByRole('link', { name: 'Sites' }).click(),
    ]);
    await shootAndCheck(adminPage, '05-sites');
    await Promise.all([
      adminPage.waitForURL('**/dashboard/sites/new'),
      adminPage.getByRole('link', { name: 'Add a site' }).click(),
    ]);
    await expectFocusOrder(adminPage, 'form[action="/dashboard/sites"]');
    const siteId = `shop-${run}`;
    await adminPage.getByLabel('Site id').fill(siteId);
    await adminPage.getByLabel('Origins').fill('https://shop.example/\nhttps://shop.example/app');
    await adminPage.getByLabel('Competitors’ e-mail domains').fill('rival.example');
    await adminPage.getByRole('button', { name: 'Add the site' }).click();
    await adminPage.waitForLoadState();
    expect(await adminPage.locator('#origins-error').textContent()).toMatch(/^entry 2: expected an origin/);
    await shootAndCheck(adminPage, '06-site-refused');
    await adminPage.getByLabel('Origins').fill(`https://shop.example/\n${siteUrl}`);
    await adminPage.locator('input[name="autoAssign"][value="round-robin"]').check();
    await adminPage.getByRole('button', { name: 'Add the site' }).click();
    await adminPage.waitForURL(`${collectorUrl}/dashboard/sites/${siteId}?done=created`);
    expect(await adminPage.locator('.notice').textContent()).toMatch(/Site added/);
    // Beacons from its origin are accepted at once.
    await sendBeacon(
      `shop-visitor-${run}`,
      [{ i: `shop-pv-${run}`, n: 'pv', ts: Date.now(), u: 'https://shop.example/', tp: [] }],
      { site: siteId, origin: 'https://shop.example' },
    );
    await adminPage.getByRole('button', { name: 'Generate a secret' }).click();
    await adminPage.waitForLoadState();
    expect(await adminPage.getByLabel('New identity secret').inputValue()).toMatch(/^[0-9a-f]{64}$/);
    await shootAndCheck(adminPage, '07-site-secret');
    expect(cspViolations).toEqual([]);
  });

  it('a salesperson signs in, takes the lead, writes a note, and reads the lead page on a phone', async () => {
    expect(salesLink).not.toBe('');
    const sales = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      timezoneId: 'America/New_York',
    });
    const page = await sales.newPage();
    await choosePassword(page, salesLink, 'sam sells solar panels');
    // Signed out, the sign-in page asks for e-mail and password, and no longer for `pnpm run token`.
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(`${collectorUrl}/dashboard/login`);
    expect(await page.content()).not.toContain('pnpm run token');
    await expectFocusOrder(page, 'form:has(#email)');
    await expectFocusOrder(page, 'form:has(#token)');
    await shootAndCheck(page, '08-sign-in');
    await page.getByLabel('E-mail address').fill(salesEmail);
    await page.getByLabel('Password').fill('sam sells solar panels');
    await Promise.all([page.waitForURL(`${collectorUrl}/dashboard`), page.keyboard.press('Enter')]);
    expect(await page.locator('nav[aria-label="Main"] a').allTextContents()).toEqual([
      'Leads',
      'Companies',
      'Model',
    ]);

    await page.goto(`${collectorUrl}/dashboard/leads/${leadId}`);
    await page.getByRole('button', { name: 'Assign to me' }).click();
    await page.waitForLoadState();
    expect(await page.locator('.owner p').first().textContent()).toBe(`Owner: Sam Seller (${salesEmail})`);
    await page.getByLabel('Add a note').fill('Called Wanda: budget approved for Q3, wants the Flow demo.');
    await page.getByRole('button', { name: 'Save note' }).click();
    await page.waitForLoadState();
    expect(await page.locator('.note-body').first().textContent()).toBe(
      'Called Wanda: budget approved for Q3, wants the Flow demo.',
    );
    await expectFocusOrder(page, `form[action="/dashboard/leads/${leadId}/owner"]:has(select)`);
    await expectFocusOrder(page, `form[action="/dashboard/leads/${leadId}/notes"]`);
    await expectFocusOrder(page, `form[action="/dashboard/leads/${leadId}/outcome"]`);
    // Source and visits: the search engine first, then the campaign.
    expect(await page.locator('section[aria-labelledby="source"] dd').first().textContent()).toBe(
      'https://www.google.com/',
    );
    const visits = page.locator('section[aria-label="Visits"] tbody tr');
    expect(await visits.count()).toBe(2);
    expect(await visits.first().textContent()).toMatch(/nov-newsletter · newsletter \/ email/);
    // Times in the reader's own zone (New York), rewritten by the local-time script.
    expect(await page.locator('[data-zone]').textContent()).toBe(
      'Times in your time zone (America/New_York).',
    );
    const started = await page.locator('section[aria-label="Visits"] time').first().textContent();
    expect(started).not.toMatch(/UTC$/);
    await shootAndCheck(page, '09-lead');

    // On a phone the scores are on the first screen.
    await page.setViewportSize({ width: 375, height: 740 });
    await page.evaluate(() => window.scrollTo(0, 0));
    const scores = await page.locator('section[aria-labelledby="scores"]').boundingBox();
    expect(scores).not.toBeNull();
    expect((scores?.y ?? 999) + 80).toBeLessThan(740);
    await page.screenshot({ path: `${SHOTS}10-lead-phone-first-screen.png` });
    await sales.close();
  });

  it('the action log says who did what', async () => {
    await adminPage.goto(`${collectorUrl}/dashboard/log`);
    const rows = await adminPage.locator('tbody tr').allTextContents();
    expect(rows.some((r) => r.includes('Sam Seller') && r.includes('wrote a note'))).toBe(true);
    expect(rows.some((r) => r.includes('Sam Seller') && r.includes('assigned a lead'))).toBe(true);
    expect(rows.some((r) => r.includes('Grace Hopper') && r.includes('added a site'))).toBe(true);
    expect(rows.some((r) => r.includes('Grace Hopper') && r.includes('invited a user'))).toBe(true);
    await shootAndCheck(adminPage, '11-action-log');
    await adminPage.goto(`${collectorUrl}/dashboard/users`);
    await Promise.all([
      adminPage.waitForURL('**/dashboard/users/*'),
      adminPage.getByRole('link', { name: 'Sam Seller' }).click(),
    ]);
    await expectFocusOrder(adminPage, 'form.stack');
    await shootAndCheck(adminPage, '12-user');
    await admin.close();
  });
});
