import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiGet, eventually } from './api';
import { launchChromium } from './browser';
import { type Receiver, subscribe, webhookReceiver } from './webhooks';

const siteUrl = inject('siteUrl');
/** The collector's default hold of an anonymous visitor's notifications (LB_ANONYMOUS_NOTIFY_DELAY_SECONDS). */
const HOLD_MS = 10_000;

type Detail = {
  id: string;
  band: string;
  stage: string;
  disqualified: boolean;
  profile: { email?: string; traits: Record<string, unknown> };
  ledger: { ruleId: string; axis: string; value: number }[];
};
type Payload = { type: string; data: { leadId: string; lead: { email?: string } } };

/** Reads pricing, then fills the example site's demo form in Chromium as a visitor would. */
async function requestDemo(
  browser: Browser,
  fields: { email: string; name: string; company: string; title: string },
) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${siteUrl}/pricing.html`, { waitUntil: 'load' });
  await page.waitForTimeout(1500);
  await page.goto(`${siteUrl}/demo.html`, { waitUntil: 'load' });
  await page.getByLabel('Work e-mail').fill(fields.email);
  await page.getByLabel('Name').fill(fields.name);
  if (fields.company) await page.getByLabel('Company').fill(fields.company);
  await page.getByLabel('Job title').fill(fields.title);
  await page.getByRole('button', { name: 'Request my demo' }).click();
  await page.waitForURL(/thanks\.html/);
  // The form posts: nothing the visitor typed is in the thank-you page's URL.
  const thanks = new URL(page.url());
  await page.waitForTimeout(1000);
  await context.close();
  return thanks;
}

async function leadByEmail(email: string, ready: (d: Detail) => boolean): Promise<Detail> {
  return eventually(async () => {
    const { leads } = await apiGet<{ leads: { id: string }[] }>(`/api/leads?q=${encodeURIComponent(email)}`);
    if (!leads[0]) return undefined;
    const d = await apiGet<Detail>(`/api/leads/${leads[0].id}`);
    return ready(d) ? d : undefined;
  });
}

describe('the demo form decides fit from what the visitor typed', () => {
  let browser: Browser;
  let receiver: Receiver;
  beforeAll(async () => {
    browser = await launchChromium();
    receiver = await webhookReceiver();
  });
  afterAll(async () => {
    await browser?.close();
    await receiver?.close();
  });

  it('a student with a gmail address is disqualified, never MQL, never a hot alert; a CFO with a business address is MQL', async () => {
    const stamp = Date.now().toString(36);
    const path = `/ok/fit-${stamp}`;
    // What sales hears about: a lead turning hot, a lead becoming an MQL (anonymous visitors too).
    const common = { url: `${receiver.url}${path}`, direction: 'up', includeAnonymous: true };
    await subscribe({ name: 'fit e2e: hot', kinds: ['band_changed'], bands: ['hot'], ...common });
    await subscribe({ name: 'fit e2e: mql', kinds: ['stage_changed'], stages: ['mql'], ...common });

    const student = `sam.student.${stamp}@gmail.com`;
    const cfo = `cleo.cfo.${stamp}@northwind-fit.example`;
    const urls = [
      await requestDemo(browser, { email: student, name: 'Sam Student', company: '', title: 'Student' }),
      await requestDemo(browser, { email: cfo, name: 'Cleo Finance', company: 'Northwind', title: 'CFO' }),
    ];
    for (const url of urls) {
      expect(url.search).toBe('');
      expect(url.hash).toBe('');
      expect(url.href).not.toContain(stamp);
    }

    const s = await leadByEmail(student, (d) => d.ledger.some((l) => l.ruleId === 'demo-request'));
    expect(s.profile.traits).toMatchObject({ name: 'Sam Student', title: 'Student' });
    expect(s.disqualified).toBe(true);
    expect(s.ledger.map((l) => l.ruleId)).toContain('student');
    expect(s.band).not.toBe('hot');
    expect(s.stage).not.toBe('mql');

    const c = await leadByEmail(cfo, (d) => d.stage === 'mql');
    expect(c.disqualified).toBe(false);
    expect(c.profile.traits).toMatchObject({ name: 'Cleo Finance', company: 'Northwind', title: 'CFO' });
    const fit = c.ledger.filter((l) => l.axis === 'fit' && l.value > 0).map((l) => l.ruleId);
    // From the domain, the company and the title the visitor typed.
    expect(fit).toEqual(
      expect.arrayContaining(['business-email', 'job-title-or-company', 'leadership-title']),
    );

    // Whatever an anonymous visitor held would go out after the hold: wait it out.
    await new Promise((r) => setTimeout(r, HOLD_MS + 3_000));
    const got = (await receiver.received(path)).map((r) => JSON.parse(r.body) as Payload);
    expect(got.filter((p) => p.data.leadId === s.id || p.data.lead.email === student)).toEqual([]);
    const forCfo = got.filter((p) => p.data.leadId === c.id);
    expect(forCfo.map((p) => p.type).sort()).toEqual(['lead.band_changed', 'lead.stage_changed']);
  });
});
