import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { LeadObject } from '../src/durable/lead-object';
import { compileModel, DEFAULT_MODEL, scoreLead } from '../src/scoring';
import type { LeadEvent } from '../src/scoring/events';
import { api, leadObjectId, uid } from './helpers';

const SITE = 'acme';
const MIN = 60_000;
const CAP = 100 * 1024;

/** A long history: an identify, then page views (two topics in turn) each with its engagement, and a download now and then. */
function history(n: number, end: number): LeadEvent[] {
  const start = end - n * MIN;
  const events: LeadEvent[] = [
    {
      id: 'e-identify',
      at: start - MIN,
      type: 'identify',
      email: 'long@bigcorp.example',
      traits: { title: 'CTO' },
    },
  ];
  for (let i = 0; events.length < n; i++) {
    const at = start + i * MIN;
    const id = `pv-${String(i).padStart(6, '0')}`;
    const url = i % 2 === 0 ? 'https://acme.test/product/x' : 'https://acme.test/pricing';
    events.push({ id, at, type: 'pageview', url, topics: i % 2 === 0 ? ['product'] : ['pricing'] });
    events.push({
      id: `en-${id}`,
      at: at + 20_000,
      type: 'engagement',
      url,
      pageId: id,
      engagedMs: 20_000,
      scrollDepth: 80,
      seq: 1,
    });
    if (i % 25 === 0)
      events.push({
        id: `dl-${i}`,
        at: at + 30_000,
        type: 'download',
        url,
        href: `${url}/sheet.pdf`,
        fileName: 'sheet.pdf',
      });
  }
  return events.slice(0, n);
}

describe('a lead with 20,000 events', () => {
  it('answers its detail within the size cap, paginates, and scores exactly as a full replay', async () => {
    const id = leadObjectId(SITE, 'long@bigcorp.example');
    const stub = env.LEADS.get(env.LEADS.idFromString(id));
    const events = history(20_000, Date.now() - MIN);
    // Delivered in batches, as the ingest consumer and visitors' forwards do; one batch late (older
    // than the snapshots already taken), which must drop them and refold.
    const late = events.filter((_, i) => i % 400 === 7);
    const onTime = events.filter((_, i) => i % 400 !== 7);
    for (let i = 0; i < onTime.length; i += 2000) {
      await stub.absorb({ site: SITE, events: onTime.slice(i, i + 2000) });
      if (i === 10_000) await stub.absorb({ site: SITE, events: late });
    }

    const started = performance.now();
    const res = await api(`/api/leads/${id}`);
    const ms = performance.now() - started;
    const text = await res.text();
    expect(res.status).toBe(200);
    console.log(`lead detail at 20,000 events: ${(text.length / 1024).toFixed(1)} KB in ${ms.toFixed(1)} ms`);
    expect(text.length).toBeLessThanOrEqual(CAP);
    const body = JSON.parse(text) as {
      total: number;
      band: string;
      pages: { eventId: string; at: number }[];
      timeline: { id: string }[];
      ledger: { eventId: string }[];
      paging: Record<string, { offset: number; limit: number; total: number }>;
      history: unknown[];
    };
    expect(body.paging.pages).toEqual({
      offset: 0,
      limit: 50,
      total: events.filter((e) => e.type === 'pageview').length,
    });
    expect(body.pages).toHaveLength(50);
    expect(body.timeline).toHaveLength(50);
    // The default model caps and spaces out most rules: a few lines per day at most.
    expect(body.ledger).toHaveLength(Math.min(50, body.paging.ledger?.total ?? 0));
    expect(body.history.length).toBeLessThanOrEqual(241);

    // The next window: older pages, none repeated.
    const next = (await (
      await api(`/api/leads/${id}?pages_offset=50&ledger_offset=50&timeline_offset=50`)
    ).json()) as typeof body;
    expect(next.pages).toHaveLength(50);
    expect((next.pages.at(-1) as { at: number }).at).toBeLessThan((body.pages[0] as { at: number }).at);
    const seen = new Set(body.pages.map((p) => p.eventId));
    expect(next.pages.some((p) => seen.has(p.eventId))).toBe(false);
    // A window past the cap is refused, naming the parameter.
    const tooMany = await api(`/api/leads/${id}?ledger_limit=101`);
    expect(tooMany.status).toBe(400);
    expect(await tooMany.text()).toContain('ledger_limit');
    // So is an empty window (its "Older" link would point back at the same window).
    for (const bad of ['0', '-1', '1.5', '']) {
      const none = await api(`/api/leads/${id}?pages_limit=${bad}`);
      expect(none.status, bad).toBe(400);
      expect(await none.text(), bad).toContain('pages_limit');
    }
    const one = (await (await api(`/api/leads/${id}?pages_limit=1`)).json()) as typeof body;
    expect(one.pages).toHaveLength(1);
    expect(one.paging.pages).toMatchObject({ offset: 0, limit: 1 });
    // The object itself never makes an empty window, whoever asks it.
    expect((await stub.detail({ pages: { limit: 0 } }))?.paging.pages).toMatchObject({ limit: 1 });

    // The score is the replay of the whole history, at the same moment; so after a cold start.
    const model = compileModel(DEFAULT_MODEL);
    const check = async () => {
      const detail = await stub.detail();
      if (!detail) throw new Error('no detail');
      const replayed = scoreLead(events, model, detail.result.asOf);
      expect(detail.result.scores).toEqual(replayed.scores);
      expect(detail.result.total).toBe(replayed.total);
      expect(detail.result.band).toBe(replayed.band);
      expect(detail.result.stage).toBe(replayed.stage);
      expect(detail.result.eventCount).toBe(20_000);
      expect(detail.result.ledger).toEqual(replayed.ledger.slice(-50));
      expect(detail.paging.ledger.total).toBe(replayed.ledger.length);
      return detail.result.total;
    };
    const live = await check();
    expect(body.total).toBeCloseTo(live, 0);
    // A cold start: the fold comes back from the newest snapshot and the log's tail.
    const snapshots = await runInDurableObject(stub, async (instance: LeadObject, state) => {
      (instance as unknown as { live: unknown }).live = null;
      const size = state.storage.sql
        .exec<{ n: number }>(
          'SELECT MAX(s) AS n FROM (SELECT SUM(LENGTH(body)) AS s FROM snapshot_parts GROUP BY snapshot)',
        )
        .one().n;
      console.log(`largest snapshot at 20,000 events: ${(size / 1024).toFixed(0)} KB`);
      return state.storage.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM snapshots').one().n;
    });
    expect(snapshots).toBeGreaterThan(0);
    expect(snapshots).toBeLessThanOrEqual(3);
    await check();
  }, 120_000);

  it('refuses a malformed window with a 400 naming the parameter', async () => {
    const res = await api(`/api/leads/${'a'.repeat(64)}?pages_offset=-1`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('pages_offset');
    const unknown = await api(`/api/leads/${'a'.repeat(64)}?page=2&x=${uid()}`);
    expect(unknown.status).toBe(400);
  });
});
