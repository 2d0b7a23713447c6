import { insertDeliveries, type NewDelivery, removeDeliveries } from './deliveries';
import { renderPayload } from './format';
import { matches } from './match';
import { type LeadNotification, NOTIFICATION_KINDS } from './notification';
import type { DeliveryMessage } from './queues';
import { activeSubscriptions, type Subscription } from './subscriptions';

/** Messages per `sendBatch` call (the Queues limit is 100 messages and 256 KB; ours are tiny). */
const SEND_CHUNK = 100;

/**
 * Hands lead changes to the webhooks: one delivery per (matching subscription, notification),
 * stored in D1 and queued by id. Idempotent on the notification id, so calling again with the
 * same notifications (after an error, or twice by accident) sends nothing twice. Throws only when
 * D1 or the queue fail; the caller may simply call again.
 */
export async function notify(env: Env, notifications: LeadNotification[]): Promise<void> {
  const valid = notifications.filter(isUsable);
  if (valid.length === 0) return;
  const now = Date.now();
  const subscriptions = await activeSubscriptions(env.DB, now);
  const rows: NewDelivery[] = [];
  for (const n of valid) {
    for (const s of subscriptions) if (matches(s, n)) rows.push(deliveryFor(s, n));
  }
  await enqueueDeliveries(env, rows, now);
}

/** Queues one notification for one subscription, whatever its filters (the test route). */
export async function notifySubscription(
  env: Env,
  subscription: Subscription,
  n: LeadNotification,
): Promise<string | null> {
  const [id] = await enqueueDeliveries(env, [deliveryFor(subscription, n)], Date.now());
  return id ?? null;
}

async function enqueueDeliveries(env: Env, rows: NewDelivery[], now: number): Promise<string[]> {
  if (rows.length === 0) return [];
  const ids = await insertDeliveries(env.DB, rows, now);
  try {
    for (let i = 0; i < ids.length; i += SEND_CHUNK) {
      const messages = ids.slice(i, i + SEND_CHUNK).map((deliveryId) => ({
        body: { deliveryId } satisfies DeliveryMessage,
        contentType: 'json' as const,
      }));
      await env.WEBHOOKS.sendBatch(messages);
    }
  } catch (err) {
    // Undo the rows so that calling again inserts and sends them anew instead of skipping them as
    // already stored. (Rows of chunks that were sent go too; their messages then find nothing.)
    await removeDeliveries(env.DB, ids).catch((undo) => console.error('webhooks: undo failed', undo));
    throw err;
  }
  return ids;
}

function deliveryFor(s: Subscription, n: LeadNotification): NewDelivery {
  return {
    subscriptionId: s.id,
    notificationId: n.id,
    leadId: n.leadId,
    kind: n.kind,
    payload: renderPayload(n, s.format),
  };
}

/** The caller is our own code, but one malformed notification must not sink the others. */
function isUsable(n: LeadNotification): boolean {
  const ok =
    typeof n?.id === 'string' &&
    n.id.length > 0 &&
    n.id.length <= 128 &&
    typeof n.leadId === 'string' &&
    n.leadId.length > 0 &&
    NOTIFICATION_KINDS.includes(n.kind) &&
    typeof n.lead === 'object' &&
    n.lead !== null;
  if (!ok) console.error('webhooks: dropping a malformed notification', n?.id);
  return ok;
}
