import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LeadEvent } from '../src/scoring/events';
import { dash, elements, post, texts } from './dashboard-helpers';
import { uid } from './helpers';
import { waitFor } from './webhooks-helpers';

const PAGE = 'http://127.0.0.1:8080';
const HOUR = 3_600_000;

type Journey = 'pricing+demo' | 'pricing+blog' | 'pricing' | 'careers' | 'blog';

/** A known lead's visits a day ago, then its outcome an hour ago: straight into its object. */
async function decided(journey: Journey, result: 'won' | 'lost'): Promise<string> {
  const email = `${uid('lead')}@example.com`.toLowerCase();
  const start = Date.now() - 24 * HOUR;
  const page = (path: string, i: number): LeadEvent => ({
    id: uid('ev'),
    at: start + i * 60_000,
    type: 'pageview',
    url: `${PAGE}${path}`,
    topics: [],
  });
  const events: LeadEvent[] = [{ id: uid('ev'), at: start, type: 'identify', email }];
  const parts = journey.split('+');
  if (parts.includes('pricing')) events.push(page('/pricing.html', 1));
  if (parts.includes('demo')) {
    events.push({
      id: uid('ev'),
      at: start + 120_000,
      type: 'form',
      intent: 'demo_request',
      url: `${PAGE}/demo.html`,
    });
  }
  if (parts.includes('careers')) events.push(page('/careers/engineering.html', 3));
  if (parts.includes('blog')) events.push(page('/blog/edge-scoring.html', 4));
  events.push({ id: uid('ev'), at: Date.now() - HOUR, type: 'sales', action: result });
  const stub = env.LEADS.get(env.LEADS.idFromName(`l:acme:${email}`));
  return (await stub.absorb({ site: 'acme', events })).leadId;
}

async function record(plan: [Journey, 'won' | 'lost', number][]) {
  for (const [journey, result, count] of plan) for (let i = 0; i < count; i++) await decided(journey, result);
}

describe('the evaluation on the model page', () => {
  it('shows the evidence but no claims below the data floor', async () => {
    await record([
      ['pricing+demo', 'won', 5],
      ['careers', 'lost', 5],
    ]);
    const html = await (await dash('/dashboard/model')).text();
    expect((await texts(html, '#data-quality'))[0]).toMatch(
      /^No claims yet\. Not enough data for claims: 10 outcomes \(5 won, 5 lost\)/,
    );
    // The evidence is there: conversion by band with intervals and counts.
    const hot = await texts(html, 'section[aria-label="Conversion by band"] tbody tr');
    expect(hot).toContain('hot (51+)55100 % (57–100 %), 5 of 5100 % (57–100 %), 5 of 5');
    // No verdicts, no threshold, no weights.
    const verdicts = await texts(html, 'section[aria-label="Rules and outcomes"] tbody td .badge');
    expect(new Set(verdicts)).toEqual(new Set(['too little data']));
    // Rules that never fired are named in one line rather than a row each.
    expect((await texts(html, '#never-fired code')).length).toBeGreaterThan(10);
    expect(await texts(html, 'section[aria-label="Threshold trade-off"] tbody th')).toEqual(['Now']);
    expect(await texts(html, '#threshold-reason')).toEqual([
      'Below the data floor: no threshold is recommended.',
    ]);
    expect((await texts(html, '#weights-verdict'))[0]).toMatch(
      /^No weights are suggested below the data floor/,
    );
  });

  describe('with enough outcomes', () => {
    let html: string;
    beforeAll(async () => {
      // With the 10 above: 24 won and 26 lost.
      await record([
        ['pricing+demo', 'won', 15],
        ['pricing+blog', 'won', 4],
        ['careers', 'lost', 15],
        ['pricing', 'lost', 3],
        ['blog', 'lost', 3],
      ]);
      html = await (await dash('/dashboard/model')).text();
    });

    it('answers "do leads at 40+ convert?" per 10-point bucket, with intervals and counts, in a chart and a table', async () => {
      expect((await texts(html, '#data-quality'))[0]).toMatch(
        /^Enough data for claims\. Thin: 50 outcomes \(24 won, 26 lost\)/,
      );
      const chart = await elements(html, 'svg.chart.conversion');
      expect(chart).toHaveLength(1);
      expect(chart[0]?.attrs.role).toBe('img');
      expect(await texts(html, 'svg.chart.conversion title')).toEqual(['Win rate by score']);
      // One bar per bucket with outcomes, one count per bucket, the current threshold marked.
      const buckets = await texts(html, 'section[aria-label="Conversion by 10-point bucket"] tbody th');
      // Totals (a business address adds 5): careers −5, blog 6, pricing 20, pricing + blog 21, pricing + demo 60.
      expect(buckets).toEqual(['−10 to −1', '0–9', '10–19', '20–29', '30–39', '40–49', '50–59', '60–69']);
      expect(await elements(html, 'svg.chart.conversion rect.bar')).toHaveLength(4);
      expect(await texts(html, 'svg.chart.conversion text.count')).toEqual([
        'n=20',
        'n=3',
        'n=0',
        'n=7',
        'n=0',
        'n=0',
        'n=0',
        'n=20',
      ]);
      expect(await texts(html, 'svg.chart.conversion text.marker-label.current')).toEqual(['now ≥ 51']);
      const forty = await texts(
        html,
        'section[aria-label="Conversion by 10-point bucket"] tbody tr:nth-child(6) td',
      );
      // Leads at 40 or more: the 20 pricing + demo leads, all won.
      expect(forty).toEqual(['0', '0', '–', '100 % (84–100 %), 20 of 20']);
    });

    it('names the predictive rules, states the threshold trade-off and suggests weights', async () => {
      const rows = await texts(html, 'section[aria-label="Rules and outcomes"] tbody tr th code');
      const verdicts = await texts(
        html,
        'section[aria-label="Rules and outcomes"] tbody tr td:nth-child(2) .badge',
      );
      const verdict = (id: string) => verdicts[rows.indexOf(id)];
      expect(verdict('pricing-page')).toBe('predicts wins');
      expect(verdict('demo-request')).toBe('predicts wins');
      expect(verdict('careers-page')).toBe('predicts losses');
      // The blog fired for 7 leads only: too few to judge, and the page says so.
      expect(verdict('content-page-view')).toBe('too little data');
      const tradeOff = await texts(html, 'section[aria-label="Threshold trade-off"] tbody tr th');
      expect(tradeOff[0]).toBe('Now');
      const now = await texts(html, 'section[aria-label="Threshold trade-off"] tbody tr:first-child td');
      expect(now.slice(0, 4)).toEqual([
        'total ≥ 51',
        '20 (40 %)',
        '100 % (84–100 %), 20 of 20',
        '83 % (64–93 %), 20 of 24',
      ]);
      expect((await texts(html, '#weights-verdict'))[0]).toMatch(
        /^Out of sample the fit beats the base rate/,
      );
      const weights = await texts(html, 'section[aria-label="Suggested weights"] tbody tr');
      expect(weights.find((w) => w.startsWith('demo-request'))).toMatch(/^demo-request40.*\d$/);
    });
  });
});

describe('a shadow model from the dashboard', { timeout: 30_000 }, () => {
  it('is published from its version page, compared on the model page, withdrawn and promoted', async () => {
    // A candidate stored through the editor's preview: the draft is the active model, renamed.
    const renamed = await post('/dashboard/model/edit/general', {
      rev: '0',
      name: 'shadow candidate',
      competitors: '',
      freeMailDomains: '',
      plusAddressing: 'keep',
    });
    expect(renamed.status).toBe(303);
    const draft = await env.DB.prepare('SELECT rev FROM model_drafts').first<{ rev: number }>();
    const candidate = await post('/dashboard/model/edit/preview', { rev: String(draft?.rev) });
    expect(candidate.status).toBe(303);
    const version =
      (await env.DB.prepare('SELECT MAX(version) AS v FROM models').first<{ v: number }>())?.v ?? 0;
    const page = await (await dash(`/dashboard/model/versions/${version}`)).text();
    expect(await elements(page, `form[action="/dashboard/model/versions/${version}/shadow"]`)).toHaveLength(
      1,
    );

    const published = await post(`/dashboard/model/versions/${version}/shadow`);
    expect(published.status).toBe(303);
    const job = published.headers.get('location') ?? '';
    const done = await waitFor(
      async () => {
        const h = await (await dash(job)).text();
        return (await elements(h, 'meta[http-equiv="refresh"]')).length === 0 ? h : undefined;
      },
      { what: 'the shadow job' },
    );
    expect(await texts(done, 'h1')).toEqual([`Shadow scoring with version ${version}`]);

    let model = await (await dash('/dashboard/model')).text();
    expect((await texts(model, '#shadow-summary a'))[0]).toBe(`Version ${version}`);
    expect(await elements(model, 'form[action="/dashboard/model/shadow/promote"]')).toHaveLength(1);
    expect(await texts(model, 'section[aria-label="Active and shadow model compared"] thead th')).toEqual([
      '',
      `Active (version ${await activeVersion()})`,
      `Shadow (version ${version})`,
    ]);
    // No outcome came in since it started: nothing to compare yet, and it says so.
    expect((await texts(model, '#shadow-verdict'))[0]).toMatch(
      /^No outcomes recorded since the shadow started/,
    );
    const versionPage = await (await dash(`/dashboard/model/versions/${version}`)).text();
    expect(await texts(versionPage, '.badge')).toContain('shadow');
    expect(await elements(versionPage, `form[action="/dashboard/model/versions/${version}/shadow"]`)).toEqual(
      [],
    );

    // A second shadow is refused, as a page that says why.
    const other = await post('/dashboard/model/versions/0/shadow');
    expect(other.status).toBe(409);

    const withdrawn = await post('/dashboard/model/shadow/withdraw');
    expect(withdrawn.status).toBe(303);
    expect(withdrawn.headers.get('location')).toBe('/dashboard/model#shadow');
    model = await (await dash('/dashboard/model')).text();
    expect(await elements(model, 'form[action="/dashboard/model/shadow/promote"]')).toEqual([]);

    // Again, and this time wait until every lead has its shadow result before promoting.
    const again = await post(`/dashboard/model/versions/${version}/shadow`);
    await waitFor(
      async () => {
        const h = await (await dash(again.headers.get('location') ?? '')).text();
        return (await elements(h, 'meta[http-equiv="refresh"]')).length === 0 || undefined;
      },
      { what: 'the second shadow job' },
    );
    const promoted = await post('/dashboard/model/shadow/promote');
    expect(promoted.status).toBe(303);
    const promotion = await waitFor(
      async () => {
        const h = await (await dash(promoted.headers.get('location') ?? '')).text();
        return (await elements(h, 'meta[http-equiv="refresh"]')).length === 0 ? h : undefined;
      },
      { what: 'the promotion' },
    );
    expect(await texts(promotion, 'h1')).toEqual([`Promotion of version ${version}`]);
    expect((await texts(promotion, 'main > p'))[3]).toMatch(
      /^50 adopted the shadow's result as it was \(nothing re-scored\), 0 had no current shadow result/,
    );
    expect(await activeVersion()).toBe(version);
  });
});

async function activeVersion(): Promise<number> {
  const row = await env.DB.prepare('SELECT version FROM model_publications ORDER BY id DESC LIMIT 1').first<{
    version: number;
  }>();
  return row?.version ?? 0;
}
