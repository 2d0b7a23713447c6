import { isDevelopment } from '../config';
import { retryBaseSeconds, retryDelaySeconds } from './backoff';
import { loadDeliveryJob, markDead, recordAttempt } from './deliveries';
import { checkDestination } from './destination';
import { deliveryIdOf } from './queues';
import { sendDelivery } from './send';

/**
 * Consumer of the webhook queue. Each message names a delivery row:
 * - no row: the lead was erased (or the subscription deleted) — ack, send nothing;
 * - already delivered or dead (a duplicate message; Queues deliver at least once) — ack;
 * - 2xx from the receiver — `delivered`, ack;
 * - anything else (any other status, timeout, network error) — `retrying`, and the message is
 *   retried after an exponential, jittered delay. When the queue's `max_retries` are used up the
 *   message moves to the dead-letter queue, whose consumer marks the row `dead`.
 * Every non-2xx is retried, 4xx included: a receiver that answers 404 or 401 during a deploy or a
 * misconfiguration usually recovers, and the dead-letter queue bounds the cost of one that does not.
 */
export async function consumeDeliveries(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const base = retryBaseSeconds(env);
  // One slow receiver must not hold up the others in the batch: attempts run side by side.
  await Promise.all(batch.messages.map((m) => handle(m, env, base)));
}

async function handle(message: Message<unknown>, env: Env, baseSeconds: number): Promise<void> {
  const retry = () =>
    message.retry({ delaySeconds: retryDelaySeconds(message.attempts, baseSeconds, Math.random()) });
  const id = deliveryIdOf(message.body);
  if (!id) {
    console.error('webhooks: dropping a message without a delivery id');
    message.ack();
    return;
  }
  let job: Awaited<ReturnType<typeof loadDeliveryJob>>;
  try {
    job = await loadDeliveryJob(env.DB, id);
  } catch (err) {
    console.error('webhooks: cannot load delivery', id, err);
    retry();
    return;
  }
  if (!job || job.status === 'delivered' || job.status === 'dead') {
    message.ack();
    return;
  }
  // Checked again at send time: the rules are stricter in production than where it was created.
  const destination = checkDestination(job.url, { allowPrivate: isDevelopment(env) });
  if (!job.active || !destination.ok) {
    const reason = job.active
      ? `destination refused (${destination.ok ? '' : destination.reason})`
      : 'subscription paused';
    await settle(message, () => markDead(env.DB, id, reason, Date.now()));
    return;
  }

  const result = await sendDelivery(job, destination.url);
  const now = Date.now();
  if (result.ok) {
    // Ack before recording: if D1 fails now, the log lags, but the receiver is not sent a duplicate.
    message.ack();
    await recordAttempt(
      env.DB,
      id,
      { status: 'delivered', httpStatus: result.httpStatus, error: null },
      now,
    ).catch((err) => console.error('webhooks: cannot record a delivery', id, err));
    return;
  }
  await recordAttempt(
    env.DB,
    id,
    { status: 'retrying', httpStatus: result.httpStatus, error: result.error },
    now,
  ).catch((err) => console.error('webhooks: cannot record an attempt', id, err));
  retry();
}

/** Consumer of the dead-letter queue: deliveries whose retries ran out become `dead`. */
export async function consumeDeadLetters(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  await Promise.all(
    batch.messages.map(async (message) => {
      const id = deliveryIdOf(message.body);
      if (!id) {
        message.ack();
        return;
      }
      await settle(message, () => markDead(env.DB, id, 'retries exhausted', Date.now()));
    }),
  );
}

/** Acks after `write` succeeded; retries the message (to write again later) if it failed. */
async function settle(message: Message<unknown>, write: () => Promise<void>): Promise<void> {
  try {
    await write();
    message.ack();
  } catch (err) {
    console.error('webhooks: cannot update a delivery', err);
    message.retry();
  }
}
