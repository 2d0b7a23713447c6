import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import worker from '../src/index';
import { consumeDeliveries } from '../src/webhooks/consumer';
import { eraseLeadDeliveries, insertDeliveries } from '../src/webhooks/deliveries';
import { notify } from '../src/webhooks/notify';
import { WEBHOOK_DEAD_LETTER_QUEUE, WEBHOOK_QUEUE } from '../src/webhooks/queues';
import { uid } from './helpers';
import { createWebhook, deliveriesOf, path, received, receiverUrl, warmToHot } from './webhooks-helpers';

// The consumer's decisions, one batch at a time (createMessageBatch + getQueueResult). Rows are
// inserted without queueing, so the real consumer never races these tests.
async function stored(receiverPath: string, leadId = uid('lead')) {
  const hook = await createWebhook({
    name: 'consumer',
    url: `${receiverUrl}${receiverPath}`,
    sites: [uid('s')],
  });
  const [id] = await insertDeliveries(
    env.DB,
    [{ subscriptionId: hook.id, notificationId: uid('n'), leadId, kind: 'band_changed', payload: '{"a":1}' }],
    Date.now(),
  );
  if (!id) throw new Error('no delivery inserted');
  return { hook, id, leadId };
}

async function consume(queue: string, body: unknown, attempts = 1, workerEnv: Env = env) {
  const batch = createMessageBatch(queue, [{ id: 'msg-1', timestamp: Date.now(), attempts, body }]);
  const ctx = createExecutionContext();
  await worker.queue(batch, workerEnv);
  return getQueueResult(batch, ctx);
}

describe('webhook consumer', () => {
  it('delivers a stored payload and acks', async () => {
    const p = path('ok');
    const { id, hook } = await stored(p);
    const result = await consume(WEBHOOK_QUEUE, { deliveryId: id });
    expect(result.explicitAcks).toEqual(['msg-1']);
    expect(result.retryMessages).toEqual([]);
    expect((await received(p)).map((r) => r.body)).toEqual(['{"a":1}']);
    expect(await deliveriesOf(hook.id)).toEqual([
      expect.objectContaining({ status: 'delivered', attempts: 1, last_status: 200 }),
    ]);
    // A duplicate of the message (Queues deliver at least once) is acked without sending again.
    expect((await consume(WEBHOOK_QUEUE, { deliveryId: id })).explicitAcks).toEqual(['msg-1']);
    expect(await received(p)).toHaveLength(1);
  });

  it('retries a failed attempt with exponential, jittered backoff', async () => {
    const p = path('fail');
    const { id, hook } = await stored(p);
    const result = await consume(WEBHOOK_QUEUE, { deliveryId: id });
    expect(result.explicitAcks).toEqual([]);
    expect(result.retryMessages).toEqual([expect.objectContaining({ msgId: 'msg-1' })]);
    expect(await received(p)).toHaveLength(1);
    expect(await deliveriesOf(hook.id)).toEqual([
      expect.objectContaining({
        status: 'retrying',
        attempts: 1,
        last_status: 500,
        last_error: 'HTTP 500: nope',
      }),
    ]);

    // getQueueResult does not report retry delays, so this batch records what the consumer asks for.
    const delays: (number | undefined)[] = [];
    const message = {
      id: 'msg-2',
      timestamp: new Date(),
      attempts: 3,
      body: { deliveryId: id },
      ack: () => {},
      retry: (options?: QueueRetryOptions) => delays.push(options?.delaySeconds),
    };
    const batch = { queue: WEBHOOK_QUEUE, messages: [message], ackAll: () => {}, retryAll: () => {} };
    await consumeDeliveries(batch as unknown as MessageBatch, {
      ...env,
      LB_WEBHOOK_RETRY_BASE_SECONDS: '10',
    });
    // Third attempt: a ceiling of 10 · 2² = 40 s, half of it fixed.
    expect(delays).toHaveLength(1);
    expect(delays[0]).toBeGreaterThanOrEqual(20);
    expect(delays[0]).toBeLessThanOrEqual(40);
    expect((await deliveriesOf(hook.id))[0]?.attempts).toBe(2);
  });

  it('marks a delivery dead when its message reaches the dead-letter queue', async () => {
    const { id, hook } = await stored(path('fail'));
    const result = await consume(WEBHOOK_DEAD_LETTER_QUEUE, { deliveryId: id });
    expect(result.explicitAcks).toEqual(['msg-1']);
    expect(await deliveriesOf(hook.id)).toEqual([
      expect.objectContaining({ status: 'dead', last_error: 'retries exhausted' }),
    ]);
  });

  it('sends nothing for an erased lead and acks', async () => {
    const p = path('ok');
    const { id, hook, leadId } = await stored(p);
    const other = await stored(path('ok'));
    expect(await eraseLeadDeliveries(env.DB, leadId)).toBe(1);
    expect(await deliveriesOf(hook.id)).toEqual([]);
    // Other leads keep their deliveries.
    expect(await deliveriesOf(other.hook.id)).toHaveLength(1);

    const result = await consume(WEBHOOK_QUEUE, { deliveryId: id });
    expect(result.explicitAcks).toEqual(['msg-1']);
    expect(result.retryMessages).toEqual([]);
    expect(await received(p)).toEqual([]);
  });

  it('refuses a private destination in production at send time', async () => {
    const p = path('ok');
    const { id, hook } = await stored(p);
    const production = { ...env, LB_ENV: 'production' };
    const result = await consume(WEBHOOK_QUEUE, { deliveryId: id }, 1, production);
    expect(result.explicitAcks).toEqual(['msg-1']);
    expect(await received(p)).toEqual([]);
    const [row] = await deliveriesOf(hook.id);
    expect(row?.status).toBe('dead');
    expect(row?.last_error).toMatch(/^destination refused \(webhooks require https\)/);
  });

  it('refuses, at send time, a stored destination that names a private host in another form', async () => {
    // Stored under a development collector (which accepts anything), then sent by a production one.
    for (const url of ['https://localhost./ok', 'https://[::127.0.0.1]/ok', 'https://[2002:7f00:1::]/ok']) {
      const hook = await createWebhook({ name: 'odd host', url, sites: [uid('s')] });
      const [id] = await insertDeliveries(
        env.DB,
        [
          {
            subscriptionId: hook.id,
            notificationId: uid('n'),
            leadId: uid('lead'),
            kind: 'band_changed',
            payload: '{}',
          },
        ],
        Date.now(),
      );
      const result = await consume(WEBHOOK_QUEUE, { deliveryId: id }, 1, { ...env, LB_ENV: 'production' });
      expect(result.explicitAcks, url).toEqual(['msg-1']);
      const [row] = await deliveriesOf(hook.id);
      expect(row?.status, url).toBe('dead');
      expect(row?.last_error, url).toMatch(
        /^destination refused \(refusing a private, loopback or local host/,
      );
    }
  });

  it('drops messages it cannot have sent', async () => {
    for (const body of [null, 'text', { deliveryId: 'x' }, { deliveryId: 42 }]) {
      expect((await consume(WEBHOOK_QUEUE, body)).explicitAcks).toEqual(['msg-1']);
    }
  });

  it('fails loudly on a queue it does not know', async () => {
    await expect(consume('some-other-queue', { deliveryId: 'a'.repeat(32) })).rejects.toThrow(/no consumer/);
  });
});

describe('notify', () => {
  it('does nothing without notifications and skips malformed ones', async () => {
    await expect(notify(env, [])).resolves.toBeUndefined();
    const site = uid('s');
    const hook = await createWebhook({ name: 'n', url: `${receiverUrl}${path('ok')}`, sites: [site] });
    const broken = { ...warmToHot(site), kind: 'exploded' } as unknown as Parameters<
      typeof notify
    >[1][number];
    const good = warmToHot(site);
    await notify(env, [broken, good]);
    expect((await deliveriesOf(hook.id)).map((d) => d.notification_id)).toEqual([good.id]);
  });

  it('survives a subscription deleted behind its cache', async () => {
    const site = uid('s');
    const hook = await createWebhook({ name: 'gone', url: `${receiverUrl}${path('ok')}`, sites: [site] });
    await notify(env, [warmToHot(site)]); // caches the subscription list
    // Deleted by another isolate: this one's cache still names the subscription.
    await env.DB.batch([
      env.DB.prepare('DELETE FROM webhook_deliveries WHERE subscription_id = ?').bind(hook.id),
      env.DB.prepare('DELETE FROM webhook_subscriptions WHERE id = ?').bind(hook.id),
    ]);
    await expect(notify(env, [warmToHot(site)])).resolves.toBeUndefined();
    expect(await deliveriesOf(hook.id)).toEqual([]);
  });
});
