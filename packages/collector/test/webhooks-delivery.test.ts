import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { notify } from '../src/webhooks/notification';
import { verifyWebhookSignature } from '../src/webhooks/sign';
import { uid } from './helpers';
import {
  createWebhook,
  deliveriesOf,
  path,
  received,
  receiverUrl,
  waitFor,
  warmToHot,
} from './webhooks-helpers';

// Real deliveries: notify → D1 row → Cloudflare Queue (miniflare) → consumer → HTTP POST to a
// Node server on 127.0.0.1.
describe('webhook delivery through the queue', () => {
  it('delivers a warm → hot change once, signed, to the hot subscription only', async () => {
    const site = uid('site');
    const salesPath = path('ok');
    const marketingPath = path('ok');
    const sales = await createWebhook({
      name: 'sales',
      url: `${receiverUrl}${salesPath}`,
      kinds: ['band_changed'],
      bands: ['hot'],
      direction: 'up',
      sites: [site],
    });
    const marketing = await createWebhook({
      name: 'marketing',
      url: `${receiverUrl}${marketingPath}`,
      bands: ['warm'],
      sites: [site],
    });

    const change = warmToHot(site);
    await notify(env, [change]);
    // Handing the same change over again (a retried call) must not send it twice.
    await notify(env, [change]);

    const [row] = await waitFor(
      async () => {
        const rows = await deliveriesOf(sales.id);
        return rows[0]?.status === 'delivered' && rows;
      },
      { what: 'the hot delivery' },
    );
    // A later delivery on the same queue is the barrier: anything queued before it has been handled.
    const cooled = warmToHot(site, {
      lead: { ...change.lead, band: 'warm', total: 35 },
      change: { axis: 'total', from: 'hot', to: 'warm', direction: 'down', cause: 'decay' },
    });
    await notify(env, [cooled]);
    await waitFor(async () => (await received(marketingPath)).length === 1, { what: 'the warm delivery' });

    const requests = await received(salesPath);
    expect(requests).toHaveLength(1);
    const [request] = requests;
    if (!request || !row) throw new Error('unreachable');
    const headers = request.headers;
    expect(request.method).toBe('POST');
    expect(headers['content-type']).toMatch(/^application\/json/);
    expect(headers['x-leadbeacon-delivery']).toBe(row.id);
    expect(headers['x-leadbeacon-event']).toBe('band_changed');

    const now = Math.floor(Date.now() / 1000);
    const timestamp = headers['x-leadbeacon-timestamp'];
    const signature = headers['x-leadbeacon-signature'];
    expect(signature).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(await verifyWebhookSignature(sales.secret, timestamp, request.body, signature, now)).toBe(true);
    // The signature covers the body, the timestamp and the secret; each changed fails.
    expect(await verifyWebhookSignature(marketing.secret, timestamp, request.body, signature, now)).toBe(
      false,
    );
    expect(await verifyWebhookSignature(sales.secret, timestamp, `${request.body} `, signature, now)).toBe(
      false,
    );
    expect(
      await verifyWebhookSignature(sales.secret, String(Number(timestamp) - 1), request.body, signature, now),
    ).toBe(false);

    const payload = JSON.parse(request.body);
    expect(payload).toMatchObject({
      type: 'lead.band_changed',
      version: 1,
      id: change.id,
      createdAt: new Date(change.at).toISOString(),
      data: {
        site,
        leadId: change.leadId,
        lead: { name: 'Ada Lovelace', company: 'Acme', band: 'hot', total: 55 },
        change: { from: 'warm', to: 'hot', direction: 'up' },
      },
    });
    expect(row).toMatchObject({
      status: 'delivered',
      attempts: 1,
      last_status: 200,
      notification_id: change.id,
    });

    // Marketing wants warm leads: it got the cooling-down change and never the hot one.
    const marketingRequests = await received(marketingPath);
    expect(JSON.parse(marketingRequests[0]?.body ?? '{}').id).toBe(cooled.id);
    expect((await deliveriesOf(marketing.id)).map((d) => d.notification_id)).toEqual([cooled.id]);
  });

  it('retries a failing receiver and finally dead-letters the delivery', async () => {
    const site = uid('site');
    const failPath = path('fail');
    const hook = await createWebhook({ name: 'broken', url: `${receiverUrl}${failPath}`, sites: [site] });
    await notify(env, [warmToHot(site)]);

    const row = await waitFor(
      async () => {
        const [d] = await deliveriesOf(hook.id);
        return d?.status === 'dead' && d;
      },
      { timeoutMs: 60_000, what: 'the dead-lettered delivery' },
    );
    const attempts = await received(failPath);
    // wrangler.jsonc: max_retries 10, so the first attempt and ten retries.
    expect(attempts).toHaveLength(11);
    expect(new Set(attempts.map((a) => a.headers['x-leadbeacon-delivery']))).toEqual(new Set([row.id]));
    // Each attempt is signed anew with its own timestamp.
    for (const a of attempts) {
      const ts = a.headers['x-leadbeacon-timestamp'];
      expect(
        await verifyWebhookSignature(
          hook.secret,
          ts,
          a.body,
          a.headers['x-leadbeacon-signature'],
          Number(ts),
        ),
      ).toBe(true);
    }
    expect(row.attempts).toBe(11);
    expect(row.last_status).toBe(500);
    expect(row.last_error).toBe('retries exhausted: HTTP 500: nope');
    expect(row.delivered_at).toBeNull();
  }, 90_000);

  it('delivers the Slack format, with lead data escaped for mrkdwn', async () => {
    const site = uid('site');
    const receiverPath = path('ok');
    const hook = await createWebhook({
      name: 'slack',
      url: `${receiverUrl}${receiverPath}`,
      bands: ['hot'],
      format: 'slack',
      sites: [site],
    });
    const change = warmToHot(site, {
      lead: { ...warmToHot(site).lead, name: 'Ada <!channel>', company: 'Acme & <https://evil.test|Co>' },
    });
    await notify(env, [change]);
    const [request] = await waitFor(async () => {
      const got = await received(receiverPath);
      return got.length > 0 && got;
    });
    if (!request) throw new Error('unreachable');
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
    const message = JSON.parse(request.body) as {
      text: string;
      blocks: { type: string; text?: { text: string } }[];
    };
    expect(message.blocks[0]).toEqual({
      type: 'header',
      text: {
        type: 'plain_text',
        text: '🔥 Hot lead: Ada <!channel> (Acme & <https://evil.test|Co>)',
        emoji: true,
      },
    });
    // The mrkdwn fallback text carries no live mention or link.
    expect(message.text).toBe(
      '🔥 Hot lead: Ada &lt;!channel&gt; (Acme &amp; &lt;https://evil.test|Co&gt;) (score 55)',
    );
    expect(message.blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'context', 'actions']);
    // Plain text is shown as-is by Slack; every mrkdwn text has the lead's `<`, `>` and `&` escaped.
    const mrkdwn = JSON.stringify(message.blocks.slice(1)).match(/"type":"mrkdwn","text":"[^"]*"/g) ?? [];
    expect(mrkdwn.length).toBeGreaterThan(0);
    for (const t of mrkdwn) expect(t).not.toMatch(/[<>]|&(?!amp;|lt;|gt;)/);
  });
});
