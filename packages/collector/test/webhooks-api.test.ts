import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { app } from '../src/app';
import { verifyWebhookSignature } from '../src/webhooks/sign';
import { api, sha256Hex, uid } from './helpers';
import { createWebhook, deliveriesOf, path, received, receiverUrl, waitFor } from './webhooks-helpers';

function post(route: string, body: unknown, token?: string | null) {
  return api(route, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...(token !== undefined ? { token } : {}),
  });
}

async function errorOf(res: Response): Promise<string> {
  return ((await res.json()) as { error: string }).error;
}

async function count(): Promise<number> {
  const res = await api('/api/webhooks');
  return ((await res.json()) as { webhooks: unknown[] }).webhooks.length;
}

describe('/api/webhooks', () => {
  it('requires a token on every route', async () => {
    const id = '0'.repeat(32);
    const calls = [
      api('/api/webhooks', { token: null }),
      post('/api/webhooks', { name: 'x', url: `${receiverUrl}/ok/x` }, null),
      api(`/api/webhooks/${id}`, { token: null }),
      api(`/api/webhooks/${id}`, { method: 'DELETE', token: null }),
      api(`/api/webhooks/${id}/deliveries`, { token: null }),
      post(`/api/webhooks/${id}/test`, {}, null),
    ];
    for (const res of await Promise.all(calls)) {
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/Bearer/);
    }
    expect((await api('/api/webhooks', { token: 'wrong' })).status).toBe(401);
  });

  it('creates a subscription, shows its secret once and never again', async () => {
    const url = `${receiverUrl}${path('ok')}`;
    const res = await post('/api/webhooks', {
      name: 'Sales — hot leads',
      url,
      kinds: ['band_changed', 'band_changed', 'disqualified'],
      bands: ['hot'],
      axes: ['total', 'intent'],
      direction: 'up',
      format: 'slack',
    });
    expect(res.status).toBe(201);
    const created = (await res.json()) as Record<string, unknown>;
    expect(created).toMatchObject({
      name: 'Sales — hot leads',
      url,
      kinds: ['band_changed', 'disqualified'],
      bands: ['hot'],
      stages: null,
      axes: ['total', 'intent'],
      sites: null,
      direction: 'up',
      format: 'slack',
      active: true,
    });
    expect(created.id).toMatch(/^[0-9a-f]{32}$/);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);

    const list = (await (await api('/api/webhooks')).json()) as { webhooks: Record<string, unknown>[] };
    const listed = list.webhooks.find((w) => w.id === created.id);
    expect(listed).toMatchObject({ name: 'Sales — hot leads', url });
    expect(listed).not.toHaveProperty('secret');
    const one = (await (await api(`/api/webhooks/${created.id}`)).json()) as Record<string, unknown>;
    expect(one).not.toHaveProperty('secret');
    expect(JSON.stringify(list)).not.toContain(String(created.secret));
  });

  it('fills in the defaults: every kind, both directions, JSON, known leads only', async () => {
    const hook = await createWebhook({ name: 'all', url: `${receiverUrl}${path('ok')}` });
    expect(hook).toMatchObject({
      kinds: ['band_changed', 'stage_changed', 'identified', 'disqualified'],
      bands: null,
      direction: 'both',
      format: 'json',
      includeAnonymous: false,
    });
  });

  it('stores and shows the anonymous-visitors filter', async () => {
    const hook = await createWebhook({
      name: 'all',
      url: `${receiverUrl}${path('ok')}`,
      includeAnonymous: true,
    });
    expect(hook.includeAnonymous).toBe(true);
    const one = (await (await api(`/api/webhooks/${hook.id}`)).json()) as Record<string, unknown>;
    expect(one.includeAnonymous).toBe(true);
  });

  it('refuses bad input with the path of the mistake and stores nothing', async () => {
    const before = await count();
    const ok = `${receiverUrl}/ok/x`;
    const cases: [unknown, RegExp][] = [
      ['{not json', /not valid JSON/],
      [{ url: ok }, /^name: /],
      [{ name: 'x' }, /^url: /],
      [{ name: 'x', url: 'ftp://example.com/hook' }, /^url: only http\(s\)/],
      [{ name: 'x', url: 'https://user:pw@example.com/hook' }, /^url: URLs with credentials/],
      [{ name: 'x', url: '/relative' }, /^url: not an absolute URL/],
      [{ name: 'x', url: ok, kinds: ['band_changed', 'scored'] }, /^kinds\[1\]: expected one of/],
      [{ name: 'x', url: ok, kinds: [] }, /^kinds: expected at least one/],
      [{ name: 'x', url: ok, bands: ['Hot!'] }, /^bands\[0\]: /],
      [{ name: 'x', url: ok, axes: ['mood'] }, /^axes\[0\]: /],
      [{ name: 'x', url: ok, direction: 'sideways' }, /^direction: expected up, down or both/],
      [{ name: 'x', url: ok, format: 'xml' }, /^format: expected json or slack/],
      [{ name: 'x', url: ok, includeAnonymous: 'yes' }, /^includeAnonymous: expected true or false/],
      [{ name: 'x', url: ok, secret: 'mine' }, /secret/],
    ];
    for (const [body, message] of cases) {
      const res = await post('/api/webhooks', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(await errorOf(res)).toMatch(message);
    }
    expect(await count()).toBe(before);
  });

  it('refuses private hosts in any spelling when the collector runs in production', async () => {
    const production = {
      ...env,
      LB_ENV: 'production',
      LB_API_TOKENS: `admin:admin:${await sha256Hex('prod-admin-token')}`,
    };
    for (const url of [
      'https://localhost./hook',
      'https://metadata.google.internal./computeMetadata/v1/',
      'https://x.internal./hook',
      'https://foo.local./hook',
      'https://[::127.0.0.1]/hook',
      'https://[2002:7f00:1::]/hook',
      'https://[2001:0:4136:e378:8000:63bf:80ff:fffe]/hook',
      'https://[64:ff9b::7f00:1]/hook',
    ]) {
      const res = await app.fetch(
        new Request('http://collector.test/api/webhooks', {
          method: 'POST',
          headers: { authorization: 'Bearer prod-admin-token', 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'ssrf', url }),
        }),
        production,
      );
      expect(res.status, url).toBe(400);
      expect(((await res.json()) as { error: string }).error, url).toMatch(
        /^url: refusing a private, loopback or local host/,
      );
    }
    const count = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM webhook_subscriptions WHERE name = 'ssrf'",
    ).first<{ n: number }>();
    expect(count?.n).toBe(0);
  });

  it('answers 400 for malformed ids and 404 for unknown ones', async () => {
    expect((await api('/api/webhooks/nope')).status).toBe(400);
    expect((await api('/api/webhooks/nope', { method: 'DELETE' })).status).toBe(400);
    const unknown = 'f'.repeat(32);
    expect((await api(`/api/webhooks/${unknown}`)).status).toBe(404);
    expect((await api(`/api/webhooks/${unknown}`, { method: 'DELETE' })).status).toBe(404);
    expect((await api(`/api/webhooks/${unknown}/deliveries`)).status).toBe(404);
    expect((await post(`/api/webhooks/${unknown}/test`, {})).status).toBe(404);
  });

  it('sends a test delivery through the queue and shows it in the delivery log', async () => {
    const receiverPath = path('ok');
    const hook = await createWebhook({
      name: 'test me',
      url: `${receiverUrl}${receiverPath}`,
      sites: [uid('s')],
    });
    const res = await post(`/api/webhooks/${hook.id}/test`, {});
    expect(res.status).toBe(202);
    const { deliveryId } = (await res.json()) as { deliveryId: string };

    const [request] = await waitFor(async () => {
      const got = await received(receiverPath);
      return got.length > 0 && got;
    });
    if (!request) throw new Error('unreachable');
    expect(request.headers['x-leadbeacon-delivery']).toBe(deliveryId);
    const ts = request.headers['x-leadbeacon-timestamp'];
    expect(
      await verifyWebhookSignature(
        hook.secret,
        ts,
        request.body,
        request.headers['x-leadbeacon-signature'],
        Number(ts),
      ),
    ).toBe(true);
    expect(JSON.parse(request.body)).toMatchObject({
      type: 'lead.band_changed',
      test: true,
      data: { change: { from: 'warm', to: 'hot' } },
    });

    const log = await waitFor(async () => {
      const body = (await (await api(`/api/webhooks/${hook.id}/deliveries`)).json()) as {
        deliveries: { id: string; status: string; attempts: number; lastStatus: number }[];
      };
      return body.deliveries[0]?.status === 'delivered' && body.deliveries;
    });
    expect(log).toEqual([
      expect.objectContaining({ id: deliveryId, status: 'delivered', attempts: 1, lastStatus: 200 }),
    ]);
    const one = (await (await api(`/api/webhooks/${hook.id}/deliveries/${deliveryId}`)).json()) as {
      payload: string;
    };
    expect(one.payload).toBe(request.body);
    expect((await api(`/api/webhooks/${hook.id}/deliveries?status=dead`)).status).toBe(200);
    expect((await api(`/api/webhooks/${hook.id}/deliveries?limit=0`)).status).toBe(400);
    expect((await api(`/api/webhooks/${hook.id}/deliveries?status=lost`)).status).toBe(400);
  });

  it('deletes a subscription with its delivery log', async () => {
    const hook = await createWebhook({ name: 'short-lived', url: `${receiverUrl}${path('ok')}` });
    const test = await post(`/api/webhooks/${hook.id}/test`, {});
    expect(test.status).toBe(202);
    expect((await deliveriesOf(hook.id)).length).toBe(1);
    expect((await api(`/api/webhooks/${hook.id}`, { method: 'DELETE' })).status).toBe(204);
    expect(await deliveriesOf(hook.id)).toEqual([]);
    expect((await api(`/api/webhooks/${hook.id}`)).status).toBe(404);
    expect((await api(`/api/webhooks/${hook.id}`, { method: 'DELETE' })).status).toBe(404);
  });
});
