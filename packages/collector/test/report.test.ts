import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { eraseOutcome } from '../src/report/outcomes-store';
import type { LeadEvent } from '../src/scoring/events';
import { api, uid } from './helpers';

const PAGE = 'http://127.0.0.1:8080';
const HOUR = 3_600_000;

type Journey =
  | 'pricing+demo'
  | 'pricing+demo+blog'
  | 'pricing+blog'
  | 'pricing'
  | 'careers'
  | 'careers+blog'
  | 'blog';

/** A known lead's visits over the last day: pricing page, demo request, careers, blog as named. */
function visits(email: string, journey: Journey): LeadEvent[] {
  const start = Date.now() - 24 * HOUR;
  const events: LeadEvent[] = [{ id: uid('ev'), at: start, type: 'identify', email }];
  const page = (path: string, i: number): LeadEvent => ({
    id: uid('ev'),
    at: start + i * 60_000,
    type: 'pageview',
    url: `${PAGE}${path}`,
    topics: [],
  });
  const parts = journey.split('+');
  if (parts.includes('pricing')) events.push(page('/pricing.html', 1));
  if (parts.includes('demo'))
    events.push({
      id: uid('ev'),
      at: start + 2 * 60_000,
      type: 'form',
      intent: 'demo_request',
      url: `${PAGE}/demo.html`,
    });
  if (parts.includes('careers')) events.push(page('/careers/engineering.html', 3));
  if (parts.includes('blog')) events.push(page('/blog/edge-scoring.html', 4));
  return events;
}

/** Creates a lead through its Durable Object, then records the outcome through the API. */
async function decidedLead(site: string, journey: Journey, result: 'won' | 'lost'): Promise<string> {
  const email = `${uid('lead')}@example.com`.toLowerCase();
  const stub = env.LEADS.get(env.LEADS.idFromName(`l:${site}:${email}`));
  const { leadId } = await stub.absorb({ site, events: visits(email, journey) });
  const res = await api(`/api/leads/${leadId}/outcome`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ result, ...(result === 'won' ? { value: 12_000 } : {}) }),
  });
  expect(res.status).toBe(200);
  return leadId;
}

type Report = {
  site: string | null;
  model: { version: number; label: string };
  counts: { won: number; lost: number; total: number };
  dataQuality: { level: string; message: string };
  summary: { predictsWins: string[]; predictsLosses: string[] };
  rules: { ruleId: string; verdict: string; won: { fired: number }; lost: { fired: number } }[] | null;
  thresholds: { name: string; confusion: { tp: number; fp: number; fn: number; tn: number } }[] | null;
  weights: {
    weights: { ruleId: string; currentPoints: number; suggestedPoints: number | null }[];
    fit: { inSample: { logLoss: number }; crossValidated: { method: string; logLoss: number } };
  } | null;
};

async function report(site: string): Promise<Report> {
  const res = await api(`/api/model/report?site=${site}`);
  expect(res.status).toBe(200);
  return (await res.json()) as Report;
}

describe('GET /api/model/report', () => {
  it('names the rules that predict wins from outcomes recorded through the API, and suggests weights', async () => {
    // A site of its own, so outcomes of other tests do not mix in.
    const site = `report-${uid('s')}`;
    const plan: [Journey, 'won' | 'lost', number][] = [
      ['pricing+demo', 'won', 5],
      ['pricing+demo+blog', 'won', 3],
      ['pricing+blog', 'won', 2],
      ['careers', 'lost', 5],
      ['careers+blog', 'lost', 5],
      ['pricing', 'lost', 2],
      ['blog', 'lost', 2],
    ];
    const ids: string[] = [];
    for (const [journey, result, count] of plan) {
      for (let i = 0; i < count; i++) ids.push(await decidedLead(site, journey, result));
    }

    const r = await report(site);
    expect(r.site).toBe(site);
    expect(r.counts).toEqual({ won: 10, lost: 14, total: 24 });
    expect(r.dataQuality.level).toBe('thin');
    expect(r.summary.predictsWins).toEqual(expect.arrayContaining(['pricing-page', 'demo-request']));
    expect(r.summary.predictsLosses).toEqual(['careers-page']);
    const rule = (id: string) => r.rules?.find((x) => x.ruleId === id);
    // Features are what happened before the outcome: the pricing page for all 10 won and 2 lost.
    expect(rule('pricing-page')).toMatchObject({ won: { fired: 10 }, lost: { fired: 2 } });
    expect(rule('content-page-view')?.verdict).toBe('no evidence');

    const mql = r.thresholds?.find((t) => t.name === 'reached MQL');
    // Pricing (+15) and demo (+40) make an MQL; only the 8 won leads did both.
    expect(mql?.confusion).toEqual({ tp: 8, fp: 0, fn: 2, tn: 14 });

    const weight = (id: string) => r.weights?.weights.find((w) => w.ruleId === id)?.suggestedPoints ?? null;
    expect(weight('pricing-page')).toBeGreaterThan(0);
    expect(weight('demo-request')).toBeGreaterThan(0);
    expect(weight('careers-page')).toBeLessThan(0);
    expect(r.weights?.fit.crossValidated.method).toBe('leave-one-out');
    expect(r.weights?.fit.crossValidated.logLoss).toBeGreaterThan(r.weights?.fit.inSample.logLoss ?? 0);

    // An outcome can change: a lost lead that is won after all moves to the won column.
    const lostLead = ids.at(-1) as string;
    const changed = await api(`/api/leads/${lostLead}/outcome`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ result: 'won' }),
    });
    expect(changed.status).toBe(200);
    expect((await report(site)).counts).toEqual({ won: 11, lost: 13, total: 24 });

    // Erasing the lead's outcome row takes it out of the report.
    expect(await eraseOutcome(env.DB, lostLead)).toBe(1);
    expect((await report(site)).counts).toEqual({ won: 10, lost: 13, total: 23 });
  });

  it('shows only counts with too few outcomes', async () => {
    const site = `report-${uid('s')}`;
    await decidedLead(site, 'pricing+demo', 'won');
    await decidedLead(site, 'careers', 'lost');
    const r = await report(site);
    expect(r.counts).toEqual({ won: 1, lost: 1, total: 2 });
    expect(r.dataQuality.level).toBe('insufficient');
    expect(r.dataQuality.message).toMatch(/^not enough data/);
    expect(r.rules).toBeNull();
    expect(r.weights).toBeNull();
  });

  it('records nothing for leads without an outcome', async () => {
    const site = `report-${uid('s')}`;
    const email = `${uid('lead')}@example.com`.toLowerCase();
    const stub = env.LEADS.get(env.LEADS.idFromName(`l:${site}:${email}`));
    await stub.absorb({ site, events: visits(email, 'pricing+demo') });
    const row = await env.DB.prepare('SELECT COUNT(*) AS n FROM lead_outcomes WHERE site = ?1')
      .bind(site)
      .first<{ n: number }>();
    expect(row?.n).toBe(0);
  });

  it('needs a read token and a valid site', async () => {
    expect((await api('/api/model/report', { token: null })).status).toBe(401);
    expect((await api('/api/model/report', { token: 'lb_wrong_token' })).status).toBe(401);
    const bad = await api('/api/model/report?site=%20nope%20');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'site: expected a site id' });
  });
});
