import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { axe, focusOrder } from './a11y';
import { apiGet, eventually, sendBeacon, TOKEN, uniqueId } from './api';
import { launchChromium } from './browser';
import { dashboardContext, shoot } from './screens';
import { type Receiver, webhookReceiver } from './webhooks';

const collectorUrl = inject('collectorUrl');
const siteUrl = inject('siteUrl');
const LIST = `${collectorUrl}/dashboard/notifications`;

type SlackBody = { text: string; blocks: { type: string; text?: { text: string } }[] };
type Lead = { id: string; band: string };

/** A visitor on the example site in Chromium: the pricing page, then the demo form, as a CFO. */
async function visitor(browser: Browser, email: string, name: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${siteUrl}/pricing.html`, { waitUntil: 'load' });
  await page.waitForTimeout(1500);
  await page.goto(`${siteUrl}/demo.html`, { waitUntil: 'load' });
  await page.getByLabel('Work e-mail').fill(email);
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Company').fill('Buyer Corp');
  await page.getByLabel('Job title').fill('CFO');
  await page.getByRole('button', { name: 'Request my demo' }).click();
  await page.waitForURL(/thanks\.html/);
  await page.waitForTimeout(1000);
  await context.close();
}

/**
 * A buyer who never reads pricing, sent as the SDK would: a product page, the product check, the
 * video and the demo form with her address: hot, having read about product and demo only.
 */
async function productBuyer(email: string, name: string) {
  const v = uniqueId('v');
  const events = [
    { n: 'pv', u: `${siteUrl}/products/flow.html`, ti: 'Flow', tp: ['product'] },
    { n: 'ev', u: `${siteUrl}/products/flow.html`, nm: 'product_check_completed' },
    { n: 'ev', u: `${siteUrl}/products/flow.html`, nm: 'video_watched' },
    { n: 'pv', u: `${siteUrl}/demo.html`, ti: 'Book a demo', tp: ['demo'] },
    {
      n: 'fm',
      u: `${siteUrl}/demo.html`,
      fi: 'demo-form',
      in: 'demo_request',
      em: email,
      tr: { name, company: 'Buyer Corp' },
    },
    // The identify the SDK sends right after such a form (a form's own address identifies only once
    // the engine reads it).
    { n: 'id', u: `${siteUrl}/demo.html`, em: email, tr: { name, company: 'Buyer Corp' } },
  ];
  await sendBeacon(v, events, { since: 10_000 });
}

async function hotLead(email: string): Promise<Lead> {
  return eventually(async () => {
    const { leads } = await apiGet<{ leads: Lead[] }>(`/api/leads?q=${encodeURIComponent(email)}`);
    return leads[0]?.band === 'hot' ? leads[0] : undefined;
  }, 30_000);
}

async function logRows(page: Page): Promise<string[]> {
  return page.locator('table.deliveries tbody tr').allTextContents();
}

async function checkForm(page: Page, form: string, what: string) {
  expect(await axe(page), what).toEqual([]);
  const { stops, backwards } = await focusOrder(page, form);
  expect(stops.length, what).toBeGreaterThan(5);
  expect(backwards, what).toEqual([]);
}

describe('a sales manager routes pricing readers to Slack, in Chromium', () => {
  let browser: Browser;
  let receiver: Receiver;
  const stamp = Date.now().toString(36);
  const hookPath = `/ok/pricing-team-${stamp}`;
  const emails: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    receiver = await webhookReceiver();
  });

  afterAll(async () => {
    // The collector is shared with the other e2e files: this file's leads go.
    for (const email of emails) {
      const { leads } = await apiGet<{ leads: Lead[] }>(`/api/leads?q=${encodeURIComponent(email)}`);
      for (const lead of leads)
        await fetch(`${collectorUrl}/api/leads/${lead.id}`, {
          method: 'DELETE',
          headers: { authorization: `Bearer ${TOKEN}` },
        });
    }
    await receiver?.close();
    await browser?.close();
  });

  it('creates a Slack subscription routed to topic pricing, tests it, sees the log, pauses it and hears nothing', async () => {
    const desk = await dashboardContext(browser, collectorUrl);
    const page = await desk.newPage();
    await page.goto(`${collectorUrl}/dashboard`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Notifications' }).click();
    await page.getByRole('link', { name: 'New subscription' }).click();

    // A mistake first: a country that is no code, shown next to its field.
    await page.getByLabel('Name', { exact: true }).fill('Pricing team');
    await page.getByLabel('Send to (URL)').fill(`${receiver.url}${hookPath}`);
    await page.getByLabel('Slack message').check();
    await page.getByLabel('Topics read').fill('pricing');
    await page.getByLabel('Countries').fill('Germany');
    await page.getByRole('button', { name: 'Create subscription' }).click();
    expect(await page.locator('#sub-countries-error').textContent()).toBe(
      'Not a two-letter country code: "Germany"',
    );
    await shoot(page, 'subscription-errors-desktop');
    await checkForm(page, 'main form', 'the subscription form with errors');
    await page.getByLabel('Countries').fill('');
    expect(await page.getByLabel('A lead changes band (e.g. becomes hot)').isChecked()).toBe(true);
    expect(await page.getByLabel('hot', { exact: true }).isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Create subscription' }).click();
    expect(await page.locator('h1').textContent()).toBe('Pricing team');
    expect(await page.locator('code.secret').textContent()).toMatch(/^whsec_/);
    const routing = await page.locator('section[aria-labelledby="routing"] li').allTextContents();
    expect(routing).toEqual([
      'Hears about band changes',
      'Band: hot',
      'Upwards only',
      'Leads who read about pricing',
      'Known leads only',
    ]);
    const id = await page.getByRole('link', { name: 'Edit' }).getAttribute('href');
    const base = `${collectorUrl}${id?.replace(/\/edit$/, '')}`;

    // Send a test: it reaches the receiver as a Slack message and shows in the delivery log.
    await page.getByRole('button', { name: 'Send a test' }).click();
    expect(await page.getByRole('status').first().textContent()).toBe(
      'Test message queued: see it in the delivery log below.',
    );
    const [test] = await eventually(async () => {
      const got = await receiver.received(hookPath);
      return got.length > 0 ? got : undefined;
    });
    const testBody = JSON.parse(test?.body ?? '{}') as SlackBody;
    expect(testBody.text).toMatch(/^🔥 Hot lead: Ada Lovelace \(Example Ltd\) \[test\]/);
    await expect
      .poll(
        async () => {
          await page.goto(base);
          return logRows(page);
        },
        { timeout: 20_000 },
      )
      .toEqual([expect.stringMatching(/band changetest \(sample lead\)delivered1HTTP 200/)]);
    await shoot(page, 'subscription-desktop');
    expect(await axe(page)).toEqual([]);

    // A real pricing reader becomes hot: told, with the top reasons. A hot lead who never read
    // pricing is another team's.
    const reader = `pat.${stamp}@buyer-corp.example`;
    const other = `dee.${stamp}@buyer-corp.example`;
    emails.push(reader, other);
    await productBuyer(other, 'Dee Demo');
    await visitor(browser, reader, 'Pat Pricing');
    await hotLead(other);
    const lead = await hotLead(reader);
    const told = await eventually(async () => {
      const got = (await receiver.received(hookPath)).map((r) => JSON.parse(r.body) as SlackBody);
      const real = got.filter((b) => !b.text.includes('[test]'));
      return real.length > 0 ? real : undefined;
    });
    // A second test is the barrier: what was queued before it has been handled.
    await page.goto(base);
    await page.getByRole('button', { name: 'Send a test' }).click();
    await eventually(async () => ((await receiver.received(hookPath)).length >= 3 ? true : undefined));
    const real = (await receiver.received(hookPath))
      .map((r) => JSON.parse(r.body) as SlackBody)
      .filter((b) => !b.text.includes('[test]'));
    expect(real).toHaveLength(1);
    // The demo form's marked fields gave the name and company: the message names the person.
    expect(told[0]?.text.startsWith('🔥 Hot lead: Pat Pricing (Buyer Corp)'), told[0]?.text).toBe(true);
    const reasons = told[0]?.blocks.find((b) => b.text?.text.startsWith('*Top reasons*'))?.text?.text ?? '';
    expect(reasons.split('\n')).toHaveLength(4);
    expect(JSON.stringify(real)).not.toContain('Dee Demo');
    await page.goto(base);
    expect((await logRows(page)).some((row) => row.includes(lead.id.slice(0, 8)))).toBe(true);

    // Paused: no test button, and a new pricing reader turning hot is sent to nobody.
    await page.getByRole('button', { name: 'Pause' }).click();
    expect(await page.locator('.badge.status-paused').textContent()).toBe('paused');
    expect(await page.getByRole('button', { name: 'Send a test' }).count()).toBe(0);
    const rowsPaused = (await logRows(page)).length;
    const heard = (await receiver.received(hookPath)).length;
    const later = `lou.${stamp}@buyer-corp.example`;
    emails.push(later);
    await visitor(browser, later, 'Lou Later');
    await hotLead(later);
    await page.waitForTimeout(5000);
    await page.goto(base);
    expect((await logRows(page)).length).toBe(rowsPaused);
    expect((await receiver.received(hookPath)).length).toBe(heard);
    await shoot(page, 'subscription-paused-desktop');

    // Resumed, then the other screens: the list, the edit form, a delivery, the delete confirmation.
    await page.getByRole('button', { name: 'Resume' }).click();
    expect(await page.locator('.badge.status-active').textContent()).toBe('active');
    await page.goto(LIST);
    expect(await page.locator('tbody th a').allTextContents()).toContain('Pricing team');
    await shoot(page, 'notifications-desktop');
    expect(await axe(page)).toEqual([]);
    await page.goto(`${base}/edit`);
    await shoot(page, 'subscription-edit-desktop');
    await checkForm(page, 'main form', 'the edit form');
    await page.goto(base);
    await page.locator('table.deliveries tbody td:first-child a').first().click();
    expect(await page.locator('pre.payload').textContent()).toContain('"blocks"');
    await shoot(page, 'delivery-desktop');
    expect(await axe(page)).toEqual([]);
    await page.goto(`${base}/delete`);
    await shoot(page, 'subscription-delete-desktop');
    await desk.close();

    const phone = await dashboardContext(browser, collectorUrl, true);
    const small = await phone.newPage();
    for (const [url, name] of [
      [LIST, 'notifications-phone'],
      [`${LIST}/new`, 'subscription-new-phone'],
      [base, 'subscription-phone'],
      [`${base}/edit`, 'subscription-edit-phone'],
      [`${base}/delete`, 'subscription-delete-phone'],
    ] as const) {
      await small.goto(url);
      expect((await shoot(small, name)).sideways, name).toBe(false);
      expect(await axe(small), name).toEqual([]);
    }
    await small.goto(base);
    await small.locator('table.deliveries tbody td:first-child a').first().click();
    await small.waitForURL(/\/deliveries\/[0-9a-f]{32}$/);
    expect((await shoot(small, 'delivery-phone')).sideways).toBe(false);
    await phone.close();

    // Deleted through the confirmation: gone, with its log.
    const last = await (await dashboardContext(browser, collectorUrl)).newPage();
    await last.goto(`${base}/delete`);
    await last.getByRole('button', { name: 'Delete the subscription' }).click();
    expect(await last.getByRole('status').first().textContent()).toBe(
      'Subscription deleted, with its delivery log.',
    );
    expect(await last.locator('tbody th a').allTextContents()).not.toContain('Pricing team');
    await last.context().close();
  });
});
