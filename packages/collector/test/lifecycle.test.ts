import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { LeadEvent } from '../src/scoring/events';
import { verifyWebhookSignature } from '../src/webhooks/sign';
import { api, uid } from './helpers';
import { createWebhook, received, receiverUrl, waitFor } from './webhooks-helpers';

const DAY = 86_400_000;

/** The worked case of the design: newsletter click + landing (+10), product check, video, costs page → 55. */
function workedCase(email: string, start: number): LeadEvent[] {
  const url = 'http://127.0.0.1:8080/landing/newsletter.html?utm_medium=email';
  return [
    { id: uid('ev'), at: start, type: 'identify', email, traits: { name: 'Ada' } },
    { id: uid('ev'), at: start + 1, type: 'email_click', campaign: 'nov', href: url },
    { id: uid('ev'), at: start + 2, type: 'pageview', url, topics: [] },
    {
      id: uid('ev'),
      at: start + 3,
      type: 'custom',
      name: 'product_check_completed',
      url: 'http://127.0.0.1:8080/products/check.html',
    },
    {
      id: uid('ev'),
      at: start + 4,
      type: 'custom',
      name: 'video_watched',
      url: 'http://127.0.0.1:8080/products/flow.html',
    },
    {
      id: uid('ev'),
      at: start + 5,
      type: 'pageview',
      url: 'http://127.0.0.1:8080/pricing.html',
      topics: ['pricing'],
    },
  ];
}

async function leadStub(email: string) {
  return env.LEADS.get(env.LEADS.idFromName(`l:acme:${email}`));
}

async function row(id: string) {
  return env.DB.prepare('SELECT band, stage, total FROM leads WHERE id = ?1')
    .bind(id)
    .first<{ band: string; stage: string; total: number }>();
}

describe('time-driven changes through the Durable Object alarm', () => {
  it('turns a hot lead warm after 30 days without a visit, with no event arriving, and notifies it', async () => {
    const hook = await createWebhook({
      name: 'marketing',
      url: `${receiverUrl}/ok-decay`,
      kinds: ['band_changed'],
      bands: ['warm'],
      direction: 'down',
    });
    // A free-mail address: the worked case has no fit points (a business address would add +5).
    const email = `${uid('ada')}@gmail.com`.toLowerCase();
    const stub = await leadStub(email);
    // The last visit was 30 days ago minus 1.5 s: the inactivity rule is due in 1.5 s.
    const start = Date.now() - 30 * DAY + 1500;
    const { leadId } = await stub.absorb({ site: 'acme', events: workedCase(email, start - 5) });
    expect(await row(leadId)).toMatchObject({ band: 'hot', total: 55 });

    const alarm = await stub.detail();
    expect(alarm?.nextChangeAt).toBeGreaterThan(Date.now());

    const after = await waitFor(
      async () => {
        const r = await row(leadId);
        return r?.band === 'warm' ? r : undefined;
      },
      { what: 'the alarm to turn the lead warm' },
    );
    expect(after.total).toBe(35);

    const detail = (await (await api(`/api/leads/${leadId}`)).json()) as {
      transitions: { kind: string; from: string; to: string; cause: string }[];
    };
    expect(detail.transitions).toContainEqual(
      expect.objectContaining({ kind: 'band', from: 'hot', to: 'warm', cause: 'inactivity' }),
    );

    const [message] = await waitFor(
      async () => {
        const got = await received('/ok-decay');
        return got.length > 0 ? got : undefined;
      },
      { what: 'the webhook' },
    );
    const payload = JSON.parse(message?.body ?? '{}') as {
      data: { change: { from: string; to: string; cause: string; direction: string } };
    };
    expect(payload.data.change).toMatchObject({
      from: 'hot',
      to: 'warm',
      cause: 'inactivity',
      direction: 'down',
    });
    const h = message?.headers ?? {};
    expect(
      await verifyWebhookSignature(
        hook.secret,
        String(h['x-leadbeacon-timestamp']),
        message?.body ?? '',
        String(h['x-leadbeacon-signature']),
        Math.floor(Date.now() / 1000),
      ),
    ).toBe(true);
  });
});

describe('model versions: validate, preview, publish, roll back', () => {
  it('refuses an invalid model whole, naming the path, and stores nothing', async () => {
    const before = (await (await api('/api/model')).json()) as { versions: unknown[] };
    const res = await api('/api/model', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        version: 'x',
        rules: [{ id: 'a', on: 'pageview', axis: 'interest', points: 'ten' }],
        bands: [],
        stages: { mql: [] },
      }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: string[] };
    expect(body.errors.join('\n')).toMatch(/rules\[0\]\.points/);
    const after = (await (await api('/api/model')).json()) as { versions: unknown[] };
    expect(after.versions).toHaveLength(before.versions.length);
  });

  it('previews a candidate per band without changing leads, publishes it, and rolls back', async () => {
    // Three warm leads: pricing page (+15 intent) and product check (+15 intent) = 30.
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const email = `${uid('w')}@example.com`.toLowerCase();
      const t = Date.now() - 60_000;
      const { leadId } = await (await leadStub(email)).absorb({
        site: 'acme',
        events: [
          {
            id: uid('ev'),
            at: t,
            type: 'pageview',
            url: 'http://127.0.0.1:8080/pricing.html',
            topics: ['pricing'],
          },
          { id: uid('ev'), at: t + 1, type: 'custom', name: 'product_check_completed' },
        ],
      });
      ids.push(leadId);
    }
    for (const id of ids) expect((await row(id))?.band).toBe('warm');

    const current = (await (await api('/api/model')).json()) as {
      active: { model: { rules: { id: string; points: number }[] } };
    };
    const candidate = structuredClone(current.active.model);
    const pricing = candidate.rules.find((r) => r.id === 'pricing-page');
    if (!pricing) throw new Error('default model lost its pricing rule');
    pricing.points = 40;
    const created = await api('/api/model?note=pricing%20matters', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(candidate),
    });
    expect(created.status).toBe(201);
    const { version } = (await created.json()) as { version: number };
    // The same model again (under another label) is no new version.
    const again = await api('/api/model', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...candidate, version: 'another label' }),
    });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ version, label: `v${version}`, created: false });

    const job = async (path: string) => {
      const res = await api(path, { method: 'POST' });
      expect(res.status).toBe(202);
      const { job } = (await res.json()) as { job: string };
      return waitFor(
        async () => {
          const j = (await (await api(`/api/jobs/${job}`)).json()) as {
            status: string;
            bandMoves: { from: string; to: string; leads: number }[];
            bands: { before: Record<string, number>; after: Record<string, number> };
          };
          return j.status === 'done' ? j : undefined;
        },
        { what: path },
      );
    };

    const preview = await job(`/api/model/versions/${version}/preview`);
    expect(preview.bandMoves).toContainEqual({ from: 'warm', to: 'hot', leads: expect.any(Number) });
    const warmToHot = preview.bandMoves.find((m) => m.from === 'warm' && m.to === 'hot')?.leads ?? 0;
    expect(warmToHot).toBeGreaterThanOrEqual(3);
    for (const id of ids) expect((await row(id))?.band).toBe('warm');

    await job(`/api/model/versions/${version}/publish`);
    for (const id of ids) expect(await row(id)).toMatchObject({ band: 'hot', total: 55 });
    const detail = (await (await api(`/api/leads/${ids[0]}`)).json()) as {
      modelVersion: string;
      transitions: { cause: string }[];
    };
    expect(detail.modelVersion).toBe(`v${version}`);

    const back = await job('/api/model/rollback');
    expect(back.bandMoves).toContainEqual({ from: 'hot', to: 'warm', leads: expect.any(Number) });
    for (const id of ids) expect((await row(id))?.band).toBe('warm');
  });

  it('guards the model routes', async () => {
    expect((await api('/api/model', { token: null })).status).toBe(401);
    expect((await api('/api/model/versions/abc')).status).toBe(400);
    expect((await api('/api/model/versions/999/publish', { method: 'POST' })).status).toBe(404);
    expect((await api('/api/jobs/zzz')).status).toBe(400);
    expect((await api(`/api/jobs/${'0'.repeat(32)}`)).status).toBe(404);
    expect((await api('/api/model', { method: 'POST', body: '{' })).status).toBe(400);
  });
});
