import { knownPeopleOfCompany } from '../storage/companies';
import { insertDeliveries, markDeadAgain, type NewDelivery, removeDeliveries } from './deliveries';
import { renderPayload } from './format';
import { eventWords, type Match, match, needsCompanyPeople, scoreReasons, TOP_REASONS } from './match';
import { type LeadNotification, NOTIFICATION_KINDS } from './notification';
import type { DeliveryMessage } from './queues';
import { activeSubscriptions, type Subscription } from './subscriptions';

/** Messages per `sendBatch` call (the Queues limit is 100 messages and 256 KB; ours are tiny). */
const SEND_CHUNK = 100;

/**
 * Hands lead changes and signals to the webhooks: one delivery per (matching subscription,
 * notification), stored in D1 and queued by id, its payload stating the subscription's top three
 * reasons. Idempotent on the notification id, so calling again with the same notifications (after
 * an error, or twice by accident) sends nothing twice; a subscription's cooldown holds back a
 * second delivery about the same lead. Throws only when D1 or the queue fail; the caller may
 * simply call again.
 */
export async function notify(env: Env, notifications: LeadNotification[]): Promise<void> {
  const valid = notifications.filter(isUsable);
  if (valid.length === 0) return;
  const now = Date.now();
  const subscriptions = await activeSubscriptions(env.DB, now);
  const rows: NewDelivery[] = [];
  for (const n of valid) {
    const subject = await withCompanyPeople(env.DB, subscriptions, n);
    for (const s of subscriptions) {
      const m = match(s, subject);
      if (m) rows.push(deliveryFor(s, subject, m));
    }
  }
  await enqueueDeliveries(env, rows, now);
}

/**
 * A signal whose subscriptions ask how many people of the lead's company are known gets that
 * number, counted in the index once per notification (only then: it is a D1 query).
 */
async function withCompanyPeople(
  db: D1Database,
  subscriptions: readonly Subscription[],
  n: LeadNotification,
): Promise<LeadNotification> {
  if (!n.lead.company || !subscriptions.some((s) => needsCompanyPeople(s, n))) return n;
  const people = await knownPeopleOfCompany(db, n.lead.company);
  return { ...n, lead: { ...n.lead, companyPeople: people } };
}

/** Queues one notification for one subscription, whatever its filters and cooldown (the test route). */
export async function notifySubscription(
  env: Env,
  subscription: Subscription,
  n: LeadNotification,
): Promise<string | null> {
  const row = {
    ...deliveryFor(subscription, n, match(subscription, n) ?? sampleMatch(n)),
    ignoreCooldown: true,
  };
  const [id] = await enqueueDeliveries(env, [row], Date.now());
  return id ?? null;
}

/** A sample's reasons when the subscription's own conditions would not pick it: its first event, its score. */
function sampleMatch(n: LeadNotification): Match | undefined {
  const event = n.kind === 'signal' ? n.events?.[0] : undefined;
  if (!event) return undefined;
  const matched = [eventWords(event)];
  return { event, matched, reasons: [...matched, ...scoreReasons(n)].slice(0, TOP_REASONS) };
}

/** Queues a delivery that was made pending again (a redelivery); undone if the queue refuses it. */
export async function requeueDelivery(env: Env, deliveryId: string): Promise<void> {
  try {
    await env.WEBHOOKS.send({ deliveryId } satisfies DeliveryMessage, { contentType: 'json' });
  } catch (err) {
    await markDeadAgain(env.DB, deliveryId, Date.now()).catch((undo) =>
      console.error('webhooks: undo failed', undo),
    );
    throw err;
  }
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

function deliveryFor(s: Subscription, n: LeadNotification, m: Match | undefined): NewDelivery {
  return {
    subscriptionId: s.id,
    notificationId: n.id,
    leadId: n.leadId,
    kind: n.kind,
    payload: renderPayload(n, s.format, m),
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
