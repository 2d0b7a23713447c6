import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { api, beacon, pageview, send, uid } from './helpers';

async function storedRows(objectId: string): Promise<number> {
  const stub = env.LEADS.get(env.LEADS.idFromString(objectId));
  return runInDurableObject(stub, (_instance, state) => {
    let n = 0;
    for (const table of ['events', 'meta', 'members']) {
      n += state.storage.sql.exec<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`).one().n;
    }
    return n;
  });
}

describe('erase and export', () => {
  it('erases a known lead and the browsers merged into it, leaving nothing behind', async () => {
    const email = `${uid('e')}@example.com`.toLowerCase();
    const laptop = uid('v');
    const phone = uid('v');
    await send(beacon(laptop, [pageview('https://acme.test/a', ['alpha'], { ts: Date.now() - 3000 })]));
    await send(beacon(phone, [pageview('https://acme.test/b', ['beta'], { ts: Date.now() - 2000 })]));
    const identify = (ts: number) => ({ i: uid('ev'), n: 'id', ts, u: 'https://acme.test/demo', em: email });
    await send(beacon(laptop, [identify(Date.now() - 1000)]));
    await send(beacon(phone, [identify(Date.now())]));

    const lead = await env.DB.prepare('SELECT id FROM leads WHERE email = ?1')
      .bind(email)
      .first<{ id: string }>();
    const leadId = lead?.id ?? '';
    const visitors = (
      await env.DB.prepare('SELECT id FROM leads WHERE merged_into = ?1').bind(leadId).all<{ id: string }>()
    ).results.map((r) => r.id);
    expect(visitors).toHaveLength(2);

    const exported = await api(`/api/leads/${leadId}/export`);
    expect(exported.status).toBe(200);
    const data = (await exported.json()) as { events: { type: string }[]; merges: unknown[] };
    expect(data.events.map((e) => e.type).sort()).toEqual(['identify', 'identify', 'pageview', 'pageview']);
    expect(JSON.stringify(data)).not.toContain('cf-connecting-ip');
    expect(data.merges).toHaveLength(2);

    const outcome = await api(`/api/leads/${leadId}/outcome`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ result: 'lost', reason: 'chose a competitor' }),
    });
    expect(outcome.status).toBe(200);
    expect(
      await env.DB.prepare('SELECT lead_id FROM lead_outcomes WHERE lead_id = ?1').bind(leadId).first(),
    ).not.toBeNull();

    expect(await storedRows(leadId)).toBeGreaterThan(0);
    const res = await api(`/api/leads/${leadId}`, { method: 'DELETE' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ erased: true, events: 5, visitors: 2, deliveries: 0, outcomes: 1 });

    for (const id of [leadId, ...visitors]) expect(await storedRows(id)).toBe(0);
    const left = await env.DB.prepare(
      'SELECT COUNT(*) AS n FROM leads WHERE id = ?1 OR merged_into = ?1 OR email = ?2',
    )
      .bind(leadId, email)
      .first<{ n: number }>();
    expect(left?.n).toBe(0);
    expect(
      await env.DB.prepare('SELECT lead_id FROM lead_outcomes WHERE lead_id = ?1').bind(leadId).first(),
    ).toBeNull();
    expect((await api(`/api/leads/${leadId}`)).status).toBe(404);
  });

  it('erases an anonymous visitor', async () => {
    const visitor = uid('v');
    await send(beacon(visitor, [pageview('https://acme.test/solo', ['solo-topic'])]));
    const row = await env.DB.prepare("SELECT id FROM leads WHERE topics LIKE '%solo-topic%'").first<{
      id: string;
    }>();
    const res = await api(`/api/leads/${row?.id}`, { method: 'DELETE' });
    expect(res.status).toBe(200);
    expect(await storedRows(row?.id ?? '')).toBe(0);
    expect(await env.DB.prepare('SELECT id FROM leads WHERE id = ?1').bind(row?.id).first()).toBeNull();
  });

  it('needs the admin scope and a known id', async () => {
    expect((await api(`/api/leads/${'b'.repeat(64)}`, { method: 'DELETE', token: null })).status).toBe(401);
    expect((await api(`/api/leads/${'b'.repeat(64)}`, { method: 'DELETE' })).status).toBe(404);
    expect((await api('/api/leads/xyz/export')).status).toBe(400);
  });
});
