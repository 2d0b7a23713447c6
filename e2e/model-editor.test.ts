import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { axe, focusOrder } from './a11y';
import { apiGet, eventually, sendBeacon, TOKEN, uniqueId } from './api';
import { launchChromium } from './browser';
import { dashboardContext, shoot } from './screens';

const collectorUrl = inject('collectorUrl');
const siteUrl = inject('siteUrl');
const EDIT = `${collectorUrl}/dashboard/model/edit`;

type Rule = { id: string; axis: string; points: number };
type Model = { rules: Rule[] };
type Lead = { id: string; total: number; band: string; email: string | null };

/** A lead who read the pricing and the resources page and identified, sent as the SDK would. */
async function reader(email: string): Promise<void> {
  const events = [
    { n: 'pv', u: `${siteUrl}/pricing.html`, ti: 'Pricing', tp: ['pricing'] },
    { n: 'pv', u: `${siteUrl}/resources.html`, ti: 'Resources', tp: ['resources'] },
    { n: 'id', u: `${siteUrl}/contact.html`, em: email, tr: {} },
  ];
  await sendBeacon(uniqueId('v'), events);
}

async function leadByEmail(email: string): Promise<Lead | undefined> {
  const { leads } = await apiGet<{ leads: Lead[] }>(`/api/leads?q=${encodeURIComponent(email)}`);
  return leads[0];
}

/** The rules as the editor's table shows them: id, axis and signed points per row, in order. */
async function tableRules(page: Page): Promise<Rule[]> {
  return page.$$eval('table.editor-rules tbody tr', (rows) =>
    rows.map((row) => {
      const cells = row.querySelectorAll('td');
      const points = (cells[3]?.textContent ?? '').replace('−', '-').replace('+', '');
      return {
        id: row.querySelector('th code')?.textContent ?? '',
        axis: cells[2]?.textContent ?? '',
        points: Number(points),
      };
    }),
  );
}

async function checkForms(page: Page, forms: string[], what: string) {
  const violations = await axe(page);
  expect(violations, `${what}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
  for (const form of forms) {
    const { stops, backwards } = await focusOrder(page, form);
    expect(stops.length, `${what} ${form}`).toBeGreaterThan(0);
    expect(backwards, `${what} ${form}`).toEqual([]);
  }
}

describe('a marketer changes the scoring model without JSON, in Chromium', () => {
  let browser: Browser;
  const email = `${uniqueId('mira')}@editor-co.example`;
  let before: Lead;

  beforeAll(async () => {
    browser = await launchChromium();
    await reader(email);
    before = await eventually(() => leadByEmail(email));
  });

  afterAll(async () => {
    // The collector is shared with the other e2e files: the model that was active comes back, and
    // this file's lead goes.
    const headers = { authorization: `Bearer ${TOKEN}` };
    const back = await fetch(`${collectorUrl}/api/model/rollback`, { method: 'POST', headers });
    if (back.status === 202) {
      const { job } = (await back.json()) as { job: string };
      await eventually(
        async () =>
          (await apiGet<{ status: string }>(`/api/jobs/${job}`)).status === 'done' ? true : undefined,
        60_000,
      );
    }
    const lead = await leadByEmail(email);
    if (lead) await fetch(`${collectorUrl}/api/leads/${lead.id}`, { method: 'DELETE', headers });
    await browser?.close();
  });

  it('changes a rule, adds one, previews, publishes, and the lead scores anew; the export is what the editor shows', async () => {
    const { active } = await apiGet<{ active: { model: Model } }>('/api/model');
    const pricingBefore = active.model.rules.find((r) => r.id === 'pricing-page')?.points ?? 0;
    const desk = await dashboardContext(browser, collectorUrl);
    const page = await desk.newPage();

    await page.goto(`${collectorUrl}/dashboard/model`);
    await page.getByRole('link', { name: 'Edit the model' }).click();
    await page.waitForURL(EDIT);
    await shoot(page, 'model-editor-desktop');
    await checkForms(
      page,
      [
        'form[action="/dashboard/model/edit/topics"]',
        'form[action="/dashboard/model/edit/bands"]',
        'form[action="/dashboard/model/edit/stages"]',
        'form[action="/dashboard/model/edit/general"]',
      ],
      'the editor',
    );

    // Change a rule's points, in its form.
    await page.getByRole('link', { name: 'Edit pricing-page' }).first().click();
    await page.getByLabel('Points', { exact: true }).fill('30');
    await shoot(page, 'rule-edit-desktop');
    await checkForms(page, ['form.rule-form'], 'the rule form');
    await page.getByRole('button', { name: 'Save the rule in the draft' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('Rule saved in your draft.');

    // Add a rule; a mistake first, shown next to its field.
    await page.getByRole('link', { name: 'Add a rule' }).click();
    await page.getByLabel('Rule id').fill('resources reader');
    await page.getByLabel('Topics', { exact: true }).fill('resources');
    await page.getByLabel('Points', { exact: true }).fill('six');
    await page.getByRole('button', { name: 'Add the rule to the draft' }).click();
    expect(await page.locator('#rule-points-error').textContent()).toBe('Enter a number');
    await shoot(page, 'rule-errors-desktop');
    await checkForms(page, ['form.rule-form'], 'the rule form with errors');
    await page.getByLabel('Points', { exact: true }).fill('6');
    await page.getByRole('button', { name: 'Add the rule to the draft' }).click();
    expect(await page.locator('#rule-id-error').textContent()).toBe(
      'Use letters, digits and - _ . : only (no spaces)',
    );
    await page.getByLabel('Rule id').fill('resources-reader');
    await page.getByLabel('Description').fill('Read the resources page');
    await page.getByRole('button', { name: 'Add the rule to the draft' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('Rule added to your draft.');

    // The draft says what changed, and its JSON export is exactly what the editor's table shows.
    const changes = await page.locator('ul.changes li').allTextContents();
    expect(changes).toEqual([
      `Rule pricing-page: points +${pricingBefore} → +30`,
      'Rule resources-reader added: pageview (topic resources) → +6 interest',
    ]);
    const shown = await tableRules(page);
    const exported = (await (await page.request.get(`${EDIT}/export`)).json()) as Model;
    expect(exported.rules.map((r) => ({ id: r.id, axis: r.axis, points: r.points }))).toEqual(shown);
    expect(exported.rules.find((r) => r.id === 'resources-reader')).toEqual({
      id: 'resources-reader',
      description: 'Read the resources page',
      on: 'pageview',
      when: { topic: 'resources' },
      axis: 'interest',
      points: 6,
    });

    // Preview: how many leads move, then the confirmation that states it.
    await page.getByRole('button', { name: 'Preview the effect on every lead' }).click();
    await page.waitForURL(`${EDIT}/review`);
    await expect
      .poll(() => page.getByRole('status').first().textContent(), { timeout: 60_000 })
      .toMatch(/^Publishing would do this: /);
    const effect = (await page.getByRole('status').first().textContent()) ?? '';
    expect(effect).toMatch(/cold → warm/);
    await shoot(page, 'model-review-desktop');
    await checkForms(page, ['form[action="/dashboard/model/edit/publish"]'], 'the publish confirmation');
    const confirm = page.getByLabel(/^Yes, publish: /);
    expect(await page.locator('label[for="publish-confirm"]').textContent()).toBe(
      `Yes, publish: ${effect.replace(/^Publishing would do this: /, '').replace(/ Nothing has changed yet\.$/, '')}`,
    );
    await confirm.check();
    await page.getByRole('button', { name: /^Publish version \d+$/ }).click();
    await page.waitForURL(/\/dashboard\/model\/jobs\/[0-9a-f]{32}$/);
    await expect
      .poll(() => page.getByRole('status').first().textContent(), { timeout: 60_000 })
      .toMatch(/^Done: /);

    // The lead is scored with the new model: pricing now 30, resources +6.
    const after = await eventually(async () => {
      const lead = await leadByEmail(email);
      return lead && lead.total !== before.total ? lead : undefined;
    });
    expect(after.total).toBe(before.total - pricingBefore + 30 + 6);
    await page.goto(`${collectorUrl}/dashboard/leads/${after.id}`);
    expect(await page.locator('.big').textContent()).toBe(String(after.total));
    expect(await page.getByRole('region', { name: 'Why this score' }).textContent()).toContain(
      'resources-reader',
    );

    // Published: the editor shows the active model, and the model's export is that model.
    await page.goto(EDIT);
    expect(await page.locator('h2#draft-status').textContent()).toBe('No draft yet');
    const published = (await (await page.request.get(`${EDIT}/export`)).json()) as Model;
    expect(published.rules.map((r) => ({ id: r.id, axis: r.axis, points: r.points }))).toEqual(
      await tableRules(page),
    );
    const api = await apiGet<{ active: { model: Model } }>('/api/model');
    expect(published).toEqual(api.active.model);
    await desk.close();
  });

  it('fits a phone: every editor screen at 375 px without sideways scrolling', async () => {
    const phone = await dashboardContext(browser, collectorUrl, true);
    const page = await phone.newPage();
    for (const [url, name] of [
      [EDIT, 'model-editor-phone'],
      [`${EDIT}/rule?id=pricing-page`, 'rule-edit-phone'],
      [`${EDIT}/rule`, 'rule-new-phone'],
    ] as const) {
      await page.goto(url);
      expect((await shoot(page, name)).sideways, name).toBe(false);
      expect(await axe(page), name).toEqual([]);
    }
    // A draft and its preview, for the review screen at phone width.
    await page.goto(`${EDIT}/rule?id=pricing-page`);
    await page.getByLabel('Points', { exact: true }).fill('31');
    await page.getByRole('button', { name: 'Save the rule in the draft' }).click();
    await page.getByRole('button', { name: 'Preview the effect on every lead' }).click();
    await expect
      .poll(() => page.getByRole('status').first().textContent(), { timeout: 60_000 })
      .toMatch(/^Publishing would do this: /);
    expect((await shoot(page, 'model-review-phone')).sideways).toBe(false);
    await page.goto(EDIT);
    await page.getByRole('button', { name: 'Discard the draft' }).click();
    expect(await page.locator('h2#draft-status').textContent()).toBe('No draft yet');
    await phone.close();
  });
});
