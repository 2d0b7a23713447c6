import { createExecutionContext, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { app } from '../src/app';
import { countObjectStorage, measuredEnv, storeStats } from '../src/dev/store-stats';
import { ingestProgress } from '../src/ingest/progress';
import { addAnonymousPageviews } from '../src/storage/leads-index';
import { beacon, pageview, send, uid } from './helpers';

const counted = { ...env, LB_ENV: 'test', LB_DEV_STATS: 'on' } as Env;

function call(path: string, init: RequestInit = {}, overrides: Partial<Env> = {}) {
  return app.fetch(
    new Request(`http://collector.test${path}`, init),
    { ...env, ...overrides },
    createExecutionContext(),
  );
}

describe('development routes', () => {
  it('POST /dev/noop parses the body and answers 204, or 400 for a body that is not JSON', async () => {
    expect((await call('/dev/noop', { method: 'POST', body: '{"s":"acme"}' })).status).toBe(204);
    const bad = await call('/dev/noop', { method: 'POST', body: '{' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'body is not valid JSON' });
  });

  it('answers 404 in production', async () => {
    for (const [method, path] of [
      ['POST', '/dev/noop'],
      ['GET', '/dev/stats'],
      ['POST', '/dev/stats/reset'],
    ] as const) {
      const res = await call(
        path,
        { method, ...(method === 'POST' ? { body: '{}' } : {}) },
        { LB_ENV: 'production' },
      );
      expect(res.status, path).toBe(404);
    }
  });

  it('GET /dev/stats tells how far the ingest queue has got', async () => {
    await send(beacon(uid('v'), [pageview('https://acme.test/stats')]));
    const res = await call('/dev/stats');
    expect(res.status).toBe(200);
    const { ingest } = (await res.json()) as { ingest: Record<string, number> };
    const now = ingestProgress.snapshot();
    expect(ingest).toMatchObject({ sent: now.sent, settled: now.settled, backlog: 0 });
    expect(ingest.sent).toBeGreaterThan(0);
  });
});

describe('LB_DEV_STATS=on', () => {
  it('leaves the bindings as they are when off, and in production', () => {
    expect(measuredEnv(env)).toBe(env);
    expect(measuredEnv(counted)).not.toBe(counted);
    const production = { ...counted, LB_ENV: 'production' } as Env;
    expect(measuredEnv(production)).toBe(production);
  });

  it('counts D1 statements and the rows D1 reports, Durable Object calls and queue messages', async () => {
    storeStats.reset();
    const measured = measuredEnv(counted);
    const written = await addAnonymousPageviews(measured.DB, [
      { site: 'acme', day: '2026-11-30', path: `/counted-${uid('p')}`, count: 2 },
    ]);
    const row = await measured.DB.prepare('SELECT views FROM anonymous_pageviews WHERE views = ?1')
      .bind(2)
      .first();
    expect(row).toEqual({ views: 2 });
    const stub = measured.LEADS.get(measured.LEADS.idFromName(`v:acme:${uid('v')}`));
    expect(await stub.export()).toMatchObject({ events: [] });
    await measured.WEBHOOKS.send({ deliveryId: 'none' });

    const stats = storeStats.snapshot();
    expect(stats.d1).toMatchObject({ statements: 2, writes: 1, rowsWritten: written.rowsWritten });
    expect(written.rowsWritten).toBeGreaterThan(0);
    expect(stats.d1.rowsRead).toBeGreaterThan(0);
    expect(stats.objects.calls).toBe(1);
    expect(stats.queues).toEqual({ WEBHOOKS: 1 });
  });

  it('counts the rows Durable Object storage writes and the alarms it sets', async () => {
    const stub = env.LEADS.get(env.LEADS.idFromName(`v:acme:${uid('v')}`));
    await runInDurableObject(stub, async (_instance, state) => {
      countObjectStorage(state, counted);
      storeStats.reset();
      state.storage.sql.exec('CREATE TABLE IF NOT EXISTS counted (id INTEGER PRIMARY KEY, v TEXT)');
      state.storage.sql.exec('INSERT INTO counted (v) VALUES (?), (?), (?)', 'a', 'b', 'c');
      expect(state.storage.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM counted').one().n).toBe(3);
      await state.storage.setAlarm(Date.now() + 60_000);
      await state.storage.deleteAlarm();
    });
    const { objects } = storeStats.snapshot();
    expect(objects.rowsWritten).toBeGreaterThanOrEqual(3);
    expect(objects.rowsRead).toBeGreaterThan(0);
    expect(objects.alarmsSet).toBe(1);
  });
});
