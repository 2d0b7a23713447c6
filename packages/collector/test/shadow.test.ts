import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL } from '../src/scoring';
import type { LeadEvent } from '../src/scoring/events';
import type { JsonPayload } from '../src/webhooks/format';
import { api, uid } from './helpers';
import { createWebhook, path, received, receiverUrl, waitFor } from './webhooks-helpers';

const PAGE = 'http://127.0.0.1:8080';
// A site of its own: the webhook subscription below hears only about these leads.
const SITE = `shadow-${uid('s')}`;

/** A known lead that read the pricing page at `at`: 15 + 5 (business e-mail) = 20 under the default model, cold. */
function pricingReader(email: string, at: number): LeadEvent[] {
  return [
    { id: uid('ev'), at, type: 'identify', email },
    { id: uid('ev'), at: at + 1, type: 'pageview', url: `${PAGE}/pricing.html`, topics: [] },
  ];
}

/** A new lead whose visit happened at `at` (default: 100 ms ago), never in the future. */
async function newLead(at = Date.now() - 100): Promise<string> {
  while (Date.now() <= at + 1) await new Promise((r) => setTimeout(r, 5));
  const email = `${uid('lead')}@example.com`.toLowerCase();
  const stub = env.LEADS.get(env.LEADS.idFromName(`l:${SITE}:${email}`));
  const { leadId } = await stub.absorb({ site: SITE, events: pricingReader(email, at) });
  return leadId;
}

function json(body: unknown): RequestInit {
  return { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

type Job = {
  status: string;
  kind: string;
  total: number;
  how?: { adopted: number; rescored: number; current: number };
};

async function finished(job: string): Promise<Job> {
  return waitFor(
    async () => {
      const j = (await (await api(`/api/jobs/${job}`)).json()) as Job;
      return j.status === 'done' && j;
    },
    { what: `job ${job}` },
  );
}

/** What the lead's object keeps: its own result and the shadow's, as stored. */
async function stored(leadId: string) {
  const stub = env.LEADS.get(env.LEADS.idFromString(leadId));
  return runInDurableObject(stub, (_instance, state) => {
    const meta = (key: string) =>
      state.storage.sql.exec<{ value: string }>('SELECT value FROM meta WHERE key = ?', key).toArray()[0]
        ?.value ?? '';
    return { result: meta('result'), shadow: meta('shadow'), rev: Number(meta('rev')) };
  });
}

async function shadowRow(leadId: string) {
  return env.DB.prepare('SELECT * FROM lead_shadow_scores WHERE lead_id = ?1').bind(leadId).first<{
    shadow_id: number;
    active_band: string;
    active_stage: string;
    shadow_band: string;
    shadow_stage: string;
    shadow_total: number;
    active_total: number;
  }>();
}

/** What the receiver got on a path: the JSON envelopes of this file's site. */
const notifications = async (p: string) =>
  (await received(p)).map((r) => JSON.parse(r.body) as JsonPayload).filter((n) => n.data.site === SITE);

// Jobs run through the real queue: give each test time for a few of them.
describe('a shadow model', { timeout: 30_000 }, () => {
  it('scores every lead beside the active model, notifies only for the active one, and is promoted without re-scoring what it computed', async () => {
    const hook = path('ok');
    const sales = await createWebhook({
      name: 'sales',
      url: `${receiverUrl}${hook}`,
      kinds: ['band_changed', 'stage_changed'],
      sites: [SITE],
    });
    // The candidate: the pricing page is worth 60, so a pricing reader is hot (and an MQL) under it.
    const candidate = {
      ...DEFAULT_MODEL,
      rules: DEFAULT_MODEL.rules.map((r) => (r.id === 'pricing-page' ? { ...r, points: 60 } : r)),
    };
    const created = await api('/api/model?note=pricing%2060', json(candidate));
    expect(created.status).toBe(201);
    const { version, label } = (await created.json()) as { version: number; label: string };

    // A lead from before the shadow, then the shadow: a job scores every lead with it.
    const before = await newLead();
    const published = await api(`/api/model/versions/${version}/shadow`, { method: 'POST' });
    expect(published.status).toBe(202);
    const { shadow, job } = (await published.json()) as {
      shadow: { id: number; version: number; startedAt: number };
      job: string;
    };
    expect(shadow.version).toBe(version);
    expect((await finished(job)).kind).toBe('shadow');

    // One at a time.
    const second = await api(`/api/model/versions/${version}/shadow`, { method: 'POST' });
    expect(second.status).toBe(409);
    expect(await second.json()).toEqual({
      error: `version ${version} is already the shadow model: promote or withdraw it first`,
    });

    // A lead that arrives while the shadow runs is scored by both, live.
    const after = await newLead(Math.max(shadow.startedAt + 1, Date.now() - 100));
    for (const id of [before, after]) {
      expect(await shadowRow(id)).toMatchObject({
        shadow_id: shadow.id,
        active_band: 'cold',
        active_stage: 'known',
        active_total: 20,
        shadow_band: 'hot',
        shadow_stage: 'mql',
        shadow_total: 65,
      });
      // The lead itself is the active model's: cold and known in the index, the ledger the default's.
      const row = await env.DB.prepare('SELECT band, stage, total FROM leads WHERE id = ?1').bind(id).first();
      expect(row).toEqual({ band: 'cold', stage: 'known', total: 20 });
    }
    // A decided lead: the shadow keeps its own outcome record beside the active one.
    const won = await api(`/api/leads/${after}/outcome`, json({ result: 'won', value: 9000 }));
    expect(won.status).toBe(200);
    const shadowOutcome = await env.DB.prepare(
      'SELECT model_version, total, reached_mql, updated_at FROM lead_shadow_outcomes WHERE lead_id = ?1',
    )
      .bind(after)
      .first<{ model_version: number; total: number; reached_mql: number; updated_at: number }>();
    expect(shadowOutcome).toMatchObject({ model_version: version, total: 65, reached_mql: 1 });

    const status = (await (await api(`/api/model/shadow?site=${SITE}`)).json()) as {
      shadow: { version: number; label: string };
      comparison: {
        outcomes: { total: number };
        claims: boolean;
        live: { leads: number };
        active: { sentSinceStart: number; sentToSales: { sent: number } };
        shadow: { sentSinceStart: number; sentToSales: { sent: number } };
        verdict: string;
      };
    };
    expect(status.shadow).toMatchObject({ version, label });
    expect(status.comparison).toMatchObject({
      outcomes: { total: 1 },
      claims: false,
      live: { leads: 2 },
      // Only the lead that arrived since the start was made an MQL since then, by the shadow alone.
      active: { sentSinceStart: 0, sentToSales: { sent: 0 } },
      shadow: { sentSinceStart: 1, sentToSales: { sent: 1 } },
    });
    expect(status.comparison.verdict).toMatch(/below the data floor/);

    // Only the active model notified: "known" stage changes, never hot or MQL (the deliveries are
    // stored before they are queued, so none can be on its way).
    const deliveries = await env.DB.prepare(
      'SELECT payload FROM webhook_deliveries WHERE subscription_id = ?1',
    )
      .bind(sales.id)
      .all<{ payload: string }>();
    const changes = (rows: JsonPayload[]) =>
      rows
        .map((n) => `${n.data.leadId === before ? 'before' : 'after'} ${n.type} ${n.data.change?.to}`)
        .sort();
    expect(changes(deliveries.results.map((d) => JSON.parse(d.payload) as JsonPayload))).toEqual([
      'after lead.stage_changed known',
      'after lead.stage_changed sql',
      'before lead.stage_changed known',
    ]);
    const heard = await waitFor(async () => {
      const n = await notifications(hook);
      return n.length >= 3 && n;
    });
    expect(changes(heard)).toEqual(
      changes(deliveries.results.map((d) => JSON.parse(d.payload) as JsonPayload)),
    );

    // What the shadow computed, as the objects keep it, just before the promotion.
    const kept = { before: await stored(before), after: await stored(after) };
    for (const k of Object.values(kept)) {
      expect(JSON.parse(k.shadow)).toMatchObject({ version, rev: k.rev });
    }
    const promotedAt = Date.now();
    const promoted = await api('/api/model/shadow/promote', { method: 'POST' });
    expect(promoted.status).toBe(202);
    const promotion = (await promoted.json()) as { version: number; job: string };
    expect(promotion.version).toBe(version);
    // Every lead's shadow result was current: each one adopted it, none was re-scored.
    expect((await finished(promotion.job)).how).toEqual({ adopted: 2, rescored: 0, current: 0 });
    for (const [id, k] of [
      [before, kept.before],
      [after, kept.after],
    ] as const) {
      const now = await stored(id);
      const shadowResult = JSON.parse(k.shadow).result;
      // The result the shadow computed before the promotion, the same asOf; stored as the object
      // stores every result, without its ledger (the detail builds the ledger from the fold).
      expect(JSON.parse(now.result)).toEqual({ ...shadowResult, ledger: [] });
      expect(shadowResult.asOf).toBeLessThan(promotedAt);
      expect(shadowResult.modelVersion).toBe(label);
      const row = await env.DB.prepare('SELECT band, total FROM leads WHERE id = ?1').bind(id).first();
      expect(row).toEqual({ band: 'hot', total: 65 });
    }
    // The decided lead's outcome row is the shadow's record, copied, not recomputed.
    expect(
      await env.DB.prepare('SELECT model_version, total, updated_at FROM lead_outcomes WHERE lead_id = ?1')
        .bind(after)
        .first(),
    ).toEqual({ model_version: version, total: 65, updated_at: shadowOutcome?.updated_at });
    // No re-scoring job ran, and the promoted version is the active one.
    const kinds = await env.DB.prepare('SELECT kind FROM jobs ORDER BY created_at').all<{ kind: string }>();
    expect(kinds.results.map((r) => r.kind)).toEqual(['shadow', 'promote']);
    const model = (await (await api('/api/model')).json()) as { active: { version: number } };
    expect(model.active.version).toBe(version);

    // Now the promoted model is the active one, and sales hears about the leads it makes hot.
    const hot = await waitFor(async () => {
      const n = (await notifications(hook)).filter((x) => x.type === 'lead.band_changed');
      return n.length >= 2 && n;
    });
    for (const n of hot) expect(n.data.change).toMatchObject({ from: 'cold', to: 'hot', cause: 'model' });
    expect((await api('/api/model/shadow')).status).toBe(200);
    expect(((await (await api('/api/model/shadow')).json()) as { shadow: unknown }).shadow).toBeNull();
  });

  it('re-scores, and says so, a lead whose shadow result is not current', async () => {
    // A version of its own (the same rules under another name): the default itself is version 0.
    const created = await api('/api/model?note=stale', json({ ...DEFAULT_MODEL, name: 'stale shadow' }));
    const { version } = (await created.json()) as { version: number };
    const lead = await newLead();
    const { job } = (await (
      await api(`/api/model/versions/${version}/shadow`, { method: 'POST' })
    ).json()) as {
      job: string;
    };
    await finished(job);
    // The object moved on since the shadow scored it (as when an event came in while an isolate
    // still had no word of the shadow): its stored shadow result is one revision behind.
    const stub = env.LEADS.get(env.LEADS.idFromString(lead));
    await runInDurableObject(stub, (_instance, state) => {
      const rev = state.storage.sql
        .exec<{ value: string }>("SELECT value FROM meta WHERE key = 'rev'")
        .one().value;
      state.storage.sql.exec("UPDATE meta SET value = ? WHERE key = 'rev'", String(Number(rev) + 1));
    });
    const promotion = (await (await api('/api/model/shadow/promote', { method: 'POST' })).json()) as {
      job: string;
    };
    const done = await finished(promotion.job);
    expect(done.how?.rescored).toBe(1);
    const how = await env.DB.prepare('SELECT how FROM job_results WHERE job_id = ?1 AND lead_id = ?2')
      .bind(promotion.job, lead)
      .first();
    expect(how).toEqual({ how: 'rescored' });
    // Scored anew with the promoted version; the stale shadow result is gone.
    const now = await stored(lead);
    expect(now.shadow).toBe('');
    expect(JSON.parse(now.result).modelVersion).toBe(`v${version}`);
  });

  it('is withdrawn without changing any lead, and refuses what makes no sense', async () => {
    const withdraw = json({ ...DEFAULT_MODEL, name: 'withdrawn shadow' });
    const { version } = (await (await api('/api/model?note=withdraw', withdraw)).json()) as {
      version: number;
    };
    const lead = await newLead();
    const before = await env.DB.prepare('SELECT band, stage, total, rev FROM leads WHERE id = ?1')
      .bind(lead)
      .first();
    const { job } = (await (
      await api(`/api/model/versions/${version}/shadow`, { method: 'POST' })
    ).json()) as {
      job: string;
    };
    await finished(job);
    expect(await shadowRow(lead)).not.toBeNull();
    const withdrawn = await api('/api/model/shadow', { method: 'DELETE' });
    expect(withdrawn.status).toBe(200);
    expect(await shadowRow(lead)).toBeNull();
    expect(
      await env.DB.prepare('SELECT band, stage, total, rev FROM leads WHERE id = ?1').bind(lead).first(),
    ).toEqual(before);

    expect((await api('/api/model/shadow', { method: 'DELETE' })).status).toBe(409);
    expect((await api('/api/model/shadow/promote', { method: 'POST' })).status).toBe(409);
    const bad = await api('/api/model/versions/x1/shadow', { method: 'POST' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'version: expected a non-negative integer' });
    expect((await api('/api/model/versions/999999/shadow', { method: 'POST' })).status).toBe(404);
    const active = ((await (await api('/api/model')).json()) as { active: { version: number } }).active
      .version;
    const same = await api(`/api/model/versions/${active}/shadow`, { method: 'POST' });
    expect(same.status).toBe(409);
    expect((await api('/api/model/shadow', { token: null })).status).toBe(401);
    expect((await api('/api/model/shadow?site=%20x')).status).toBe(400);
  });
});
