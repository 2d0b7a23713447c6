import { createExecutionContext, createMessageBatch, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it, vi } from 'vitest';
import { app } from '../src/app';
import { consumeIngestDeadLetters } from '../src/ingest/dead-letters';
import { INGEST_DEAD_LETTER_QUEUE } from '../src/ingest/queue';
import { DEFAULT_MODEL } from '../src/scoring';
import { LEAD_KEYED_TABLES } from '../src/storage/erase';
import { api, beacon, pageview, send, uid } from './helpers';
import { createWebhook, path, receiverUrl, waitFor } from './webhooks-helpers';

/** Rows in every lead-keyed table that name one of `ids`, per table. */
async function leadRows(ids: string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const { table, columns } of LEAD_KEYED_TABLES) {
    const where = columns.map((c) => `${c} IN (${ids.map((_, i) => `?${i + 1}`).join(', ')})`).join(' OR ');
    const row = await env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE ${where}`)
      .bind(...ids)
      .first<{ n: number }>();
    out[table] = row?.n ?? 0;
  }
  return out;
}

/** Runs a preview of the default model over every lead and waits for it to finish. */
async function waitForJob(job: string, what: string): Promise<void> {
  await waitFor(
    async () => ((await (await api(`/api/jobs/${job}`)).json()) as { status: string }).status === 'done',
    { what },
  );
}

async function previewJob(): Promise<string> {
  const res = await api('/api/model/versions/0/preview', { method: 'POST' });
  expect(res.status).toBe(202);
  const { job } = (await res.json()) as { job: string };
  await waitForJob(job, 'the preview job');
  return job;
}

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

    // A shadow model scores the lead beside the active one and keeps its outcome evidence too.
    const candidate = await api('/api/model?note=erase', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...DEFAULT_MODEL, name: 'erase shadow' }),
    });
    expect(candidate.status).toBe(201);
    const { version } = (await candidate.json()) as { version: number };
    const shadow = await api(`/api/model/versions/${version}/shadow`, { method: 'POST' });
    expect(shadow.status).toBe(202);
    await waitForJob(((await shadow.json()) as { job: string }).job, 'the shadow job');

    const outcome = await api(`/api/leads/${leadId}/outcome`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ result: 'lost', reason: 'chose a competitor' }),
    });
    expect(outcome.status).toBe(200);
    expect(
      await env.DB.prepare('SELECT lead_id FROM lead_outcomes WHERE lead_id = ?1').bind(leadId).first(),
    ).not.toBeNull();

    // A preview job's results and a webhook delivery name the lead too.
    const job = await previewJob();
    expect(
      await env.DB.prepare('SELECT before_band FROM job_results WHERE job_id = ?1 AND lead_id = ?2')
        .bind(job, leadId)
        .first(),
    ).not.toBeNull();
    await createWebhook({
      name: 'erase',
      url: `${receiverUrl}${path('ok')}`,
      kinds: ['stage_changed'],
      sites: ['acme'],
    });
    const accepted = await api(`/api/leads/${leadId}/accept`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(accepted.status).toBe(200);
    // Beacons kept as dead letters name the lead too: one of the laptop's (by its object), and one of
    // a third browser that identified with the lead's address but never got through (by the lead).
    const tablet = uid('v');
    const deadLetter = (visitor: string, events: unknown[]) => ({
      id: uid('msg'),
      timestamp: new Date(),
      attempts: 13,
      body: { v: 1, kind: 'visitor', site: 'acme', visitor, events },
    });
    const kept = await consumeIngestDeadLetters(
      createMessageBatch(INGEST_DEAD_LETTER_QUEUE, [
        deadLetter(laptop, [
          { id: uid('ev'), at: Date.now(), type: 'pageview', url: 'https://acme.test/c', topics: [] },
        ]),
        deadLetter(tablet, [
          { id: uid('ev'), at: Date.now(), type: 'identify', email, url: 'https://acme.test/d' },
        ]),
      ]),
      env,
    );
    expect(kept).toBe(2);

    // What sales entered: a note and an owner.
    const note = await api(`/api/leads/${leadId}/notes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ body: `Called ${email}: wants a demo in March` }),
    });
    expect(note.status).toBe(201);
    const before = await leadRows([leadId, ...visitors]);
    for (const { table } of LEAD_KEYED_TABLES) expect(before[table], table).toBeGreaterThan(0);

    expect(await storedRows(leadId)).toBeGreaterThan(0);
    const res = await api(`/api/leads/${leadId}`, { method: 'DELETE' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      erased: true,
      events: 6,
      visitors: 2,
      deliveries: 1,
      outcomes: 1,
    });

    // Nothing in D1 names the lead or its browsers any more, whatever the table.
    expect(await leadRows([leadId, ...visitors])).toEqual(
      Object.fromEntries(LEAD_KEYED_TABLES.map(({ table }) => [table, 0])),
    );
    // The finished job still counts every lead it visited; the erased one as gone, without band or total.
    const summary = (await (await api(`/api/jobs/${job}`)).json()) as {
      total: number;
      done: number;
      status: string;
    };
    expect(summary.done).toBe(summary.total);
    expect(
      await env.DB.prepare(
        "SELECT COUNT(*) AS n FROM job_results WHERE job_id = ?1 AND before_band = '-' AND before_total = 0",
      )
        .bind(job)
        .first<{ n: number }>(),
    ).toEqual({ n: 1 });

    for (const id of [leadId, ...visitors]) expect(await storedRows(id)).toBe(0);
    // The action log still says a token accepted a lead and one erased a lead, not which lead or why.
    const log = await env.DB.prepare(
      "SELECT action, lead_id, detail FROM action_log WHERE action IN ('lead.accept', 'lead.note', 'lead.outcome', 'lead.erase') ORDER BY id DESC LIMIT 4",
    ).all();
    expect(log.results).toEqual([
      { action: 'lead.erase', lead_id: null, detail: '6 events, 2 browsers' },
      { action: 'lead.note', lead_id: null, detail: null },
      { action: 'lead.accept', lead_id: null, detail: null },
      { action: 'lead.outcome', lead_id: null, detail: null },
    ]);
    expect(JSON.stringify(await env.DB.prepare('SELECT * FROM action_log').all())).not.toContain(email);
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

  it('knows every D1 column that can hold a lead id', async () => {
    // Structural: a table added later with a lead or visitor id column must join LEAD_KEYED_TABLES
    // (src/storage/erase.ts), or erasure would leave its rows behind.
    const { results: tables } = await env.DB.prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name != 'd1_migrations'",
    ).all<{ name: string }>();
    const found: string[] = [];
    for (const { name } of tables) {
      const { results: columns } = await env.DB.prepare('SELECT name FROM pragma_table_info(?1)')
        .bind(name)
        .all<{ name: string }>();
      for (const column of columns) {
        const isLeadId =
          // An account's member is a lead or a visitor.
          /(^|_)(lead|visitor|member)(_id)?$/.test(column.name) ||
          /(^|_)lead_ids?$/.test(column.name) ||
          column.name === 'merged_into' ||
          (name === 'leads' && column.name === 'id');
        if (isLeadId) found.push(`${name}.${column.name}`);
      }
    }
    const listed = LEAD_KEYED_TABLES.flatMap(({ table, columns }) => columns.map((c) => `${table}.${c}`));
    expect(found.sort()).toEqual(listed.sort());
  });

  it('needs the admin scope and a known id', async () => {
    expect((await api(`/api/leads/${'b'.repeat(64)}`, { method: 'DELETE', token: null })).status).toBe(401);
    expect((await api(`/api/leads/${'b'.repeat(64)}`, { method: 'DELETE' })).status).toBe(404);
    expect((await api('/api/leads/xyz/export')).status).toBe(400);
  });
});

describe('logs', () => {
  it('never write a request URL, so lead ids and e-mail link tokens stay out of them', async () => {
    const lines: string[] = [];
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) =>
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        lines.push(args.map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : String(a))).join(' '));
      }),
    );
    try {
      const leadId = 'c'.repeat(64);
      const token = 'eyJzIjoiYWNtZSJ9.c2lnbmF0dXJl';
      // Failing requests are the ones that log: a store that is missing, an unknown token.
      const broken = { ...env, DB: undefined } as unknown as Env;
      for (const path of [
        `/api/leads/${leadId}`,
        `/dashboard/leads/${leadId}`,
        `/o/${token}.gif`,
        `/c/${token}?u=x`,
      ]) {
        const res = await app.fetch(
          new Request(`http://collector.test${path}`, {
            headers: { authorization: 'Bearer lb_dev_admin_token', cookie: 'lb_session=lb_dev_admin_token' },
          }),
          broken,
          createExecutionContext(),
        );
        await res.body?.cancel();
      }
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) {
        expect(line).not.toContain(leadId);
        expect(line).not.toContain(token);
        expect(line).not.toContain('collector.test');
      }
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });
});
