import { uid } from '../lib/uid';
import type { WebhookFormat } from './format';
import type { NotificationKind } from './notification';

/**
 * The delivery log in D1. A row is the payload of one notification for one subscription and the
 * record of its attempts; the queue only ever carries the row's id.
 */
export type DeliveryStatus = 'pending' | 'delivered' | 'retrying' | 'dead';

export type NewDelivery = {
  subscriptionId: string;
  notificationId: string;
  leadId: string;
  kind: NotificationKind;
  payload: string;
  /** A test send: the subscription's cooldown does not hold it back. Default false. */
  ignoreCooldown?: boolean;
};

/** Longest `last_error` kept; enough to see what a receiver said. */
export const MAX_ERROR_LENGTH = 500;

/** Statements per D1 batch when inserting many deliveries at once. */
const INSERT_CHUNK = 50;

/**
 * Inserts deliveries and returns the ids of those that are new. A delivery already stored for the
 * same (subscription, notification) is skipped, as is one whose subscription was deleted or
 * paused meanwhile (the row is only written while its subscription exists and is active), and one
 * about a lead the subscription heard about within its cooldown. The cooldown is checked in the
 * insert itself, so deliveries inserted in one batch (a band and a stage change at once) or by two
 * objects at once still give one per cooldown: D1 runs one statement at a time.
 */
export async function insertDeliveries(db: D1Database, rows: NewDelivery[], now: number): Promise<string[]> {
  const inserted: string[] = [];
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const statements = rows.slice(i, i + INSERT_CHUNK).map((r) =>
      db
        .prepare(
          `INSERT INTO webhook_deliveries
             (id, subscription_id, notification_id, lead_id, kind, payload, status, attempts, created_at, updated_at)
           SELECT ?1, s.id, ?2, ?3, ?4, ?5, 'pending', 0, ?6, ?6 FROM webhook_subscriptions s
            WHERE s.id = ?7 AND s.active = 1
              AND (?8 = 1 OR s.cooldown_hours IS NULL OR NOT EXISTS (
                SELECT 1 FROM webhook_deliveries p
                 WHERE p.subscription_id = s.id AND p.lead_id = ?3 AND p.created_at > ?6 - s.cooldown_hours * 3600000))
           ON CONFLICT (subscription_id, notification_id) DO NOTHING
           RETURNING id`,
        )
        .bind(
          uid(),
          r.notificationId,
          r.leadId,
          r.kind,
          r.payload,
          now,
          r.subscriptionId,
          r.ignoreCooldown ? 1 : 0,
        ),
    );
    for (const result of await db.batch<{ id: string }>(statements)) {
      for (const row of result.results) inserted.push(row.id);
    }
  }
  return inserted;
}

/** Removes deliveries by id (undoing an insert whose queue messages could not be sent). */
export async function removeDeliveries(db: D1Database, ids: string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += INSERT_CHUNK) {
    const chunk = ids.slice(i, i + INSERT_CHUNK);
    await db
      .prepare(`DELETE FROM webhook_deliveries WHERE id IN (${chunk.map(() => '?').join(', ')})`)
      .bind(...chunk)
      .run();
  }
}

/** Erases every delivery about a lead, sent or queued; a queued message then finds nothing and is dropped. */
export async function eraseLeadDeliveries(db: D1Database, leadId: string): Promise<number> {
  const result = await db.prepare('DELETE FROM webhook_deliveries WHERE lead_id = ?').bind(leadId).run();
  return result.meta.changes ?? 0;
}

/** A delivery with what the consumer needs to send it. */
export type DeliveryJob = {
  id: string;
  kind: NotificationKind;
  payload: string;
  status: DeliveryStatus;
  attempts: number;
  url: string;
  secret: string;
  format: WebhookFormat;
  active: boolean;
};

export async function loadDeliveryJob(db: D1Database, id: string): Promise<DeliveryJob | null> {
  const row = await db
    .prepare(
      `SELECT d.id, d.kind, d.payload, d.status, d.attempts, s.url, s.secret, s.format, s.active
         FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id
        WHERE d.id = ?`,
    )
    .bind(id)
    .first<Omit<DeliveryJob, 'active'> & { active: number }>();
  return row ? { ...row, active: row.active === 1 } : null;
}

export type AttemptRecord = {
  status: Exclude<DeliveryStatus, 'pending'>;
  /** HTTP status of the response, or null when there was none (timeout, network error, refused). */
  httpStatus: number | null;
  error: string | null;
};

/**
 * Records one attempt. Only `delivered` may overwrite `delivered`: a duplicate queue message
 * that failed after another copy succeeded does not turn the log back to `retrying`.
 */
export async function recordAttempt(
  db: D1Database,
  id: string,
  a: AttemptRecord,
  now: number,
): Promise<void> {
  await db
    .prepare(
      `UPDATE webhook_deliveries
          SET status = ?1, attempts = attempts + 1, last_status = ?2, last_error = ?3, updated_at = ?4,
              delivered_at = CASE WHEN ?1 = 'delivered' THEN ?4 ELSE delivered_at END
        WHERE id = ?5 AND (status != 'delivered' OR ?1 = 'delivered')`,
    )
    .bind(a.status, a.httpStatus, a.error === null ? null : truncate(a.error), now, id)
    .run();
}

export type RedeliveryOutcome = 'queued' | 'unknown' | 'not-failed' | 'paused';

/**
 * Makes a failed (`dead`) delivery pending again so it can be queued anew: the same payload, the
 * same notification id (a receiver that did get it deduplicates), its attempts counting on.
 * Only a dead delivery of an active subscription; the caller queues its id.
 */
export async function reopenDelivery(
  db: D1Database,
  subscriptionId: string,
  id: string,
  now: number,
): Promise<RedeliveryOutcome> {
  const reopened = await db
    .prepare(
      `UPDATE webhook_deliveries SET status = 'pending', updated_at = ?3
        WHERE id = ?1 AND subscription_id = ?2 AND status = 'dead'
          AND EXISTS (SELECT 1 FROM webhook_subscriptions s WHERE s.id = ?2 AND s.active = 1)
        RETURNING id`,
    )
    .bind(id, subscriptionId, now)
    .first<{ id: string }>();
  if (reopened) return 'queued';
  const row = await db
    .prepare(
      `SELECT d.status, s.active FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id
        WHERE d.id = ?1 AND d.subscription_id = ?2`,
    )
    .bind(id, subscriptionId)
    .first<{ status: DeliveryStatus; active: number }>();
  if (!row) return 'unknown';
  return row.status === 'dead' ? 'paused' : 'not-failed';
}

/** Puts a reopened delivery back the way it was when it cannot be queued. */
export async function markDeadAgain(db: D1Database, id: string, now: number): Promise<void> {
  await db
    .prepare(
      `UPDATE webhook_deliveries SET status = 'dead', updated_at = ?2 WHERE id = ?1 AND status = 'pending'`,
    )
    .bind(id, now)
    .run();
}

/** Marks a delivery `dead` without an attempt (its message ran out of retries, or it cannot be sent). */
export async function markDead(db: D1Database, id: string, reason: string, now: number): Promise<void> {
  await db
    .prepare(
      `UPDATE webhook_deliveries
          SET status = 'dead', updated_at = ?2,
              last_error = substr(?1 || COALESCE(': ' || last_error, ''), 1, ${MAX_ERROR_LENGTH})
        WHERE id = ?3 AND status != 'delivered'`,
    )
    .bind(reason, now, id)
    .run();
}

/** A line of a subscription's delivery log. */
export type DeliveryLogEntry = {
  id: string;
  notificationId: string;
  leadId: string;
  kind: NotificationKind;
  status: DeliveryStatus;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: number;
  updatedAt: number;
  deliveredAt: number | null;
};

type LogRow = {
  id: string;
  notification_id: string;
  lead_id: string;
  kind: NotificationKind;
  status: DeliveryStatus;
  attempts: number;
  last_status: number | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
  delivered_at: number | null;
  payload?: string;
};

const LOG_COLUMNS =
  'id, notification_id, lead_id, kind, status, attempts, last_status, last_error, created_at, updated_at, delivered_at';

export type DeliveryLogQuery = {
  /** Most entries returned. */
  limit: number;
  /** Only entries with this status; default all. */
  status?: DeliveryStatus;
};

/** A subscription's deliveries, newest first. */
export async function listDeliveries(
  db: D1Database,
  subscriptionId: string,
  q: DeliveryLogQuery,
): Promise<DeliveryLogEntry[]> {
  const { results } = await db
    .prepare(
      `SELECT ${LOG_COLUMNS} FROM webhook_deliveries
        WHERE subscription_id = ?1 AND (?2 IS NULL OR status = ?2)
        ORDER BY created_at DESC, id DESC LIMIT ?3`,
    )
    .bind(subscriptionId, q.status ?? null, q.limit)
    .all<LogRow>();
  return results.map(toLogEntry);
}

/** One delivery of a subscription with the exact body it sends. */
export async function getDelivery(
  db: D1Database,
  subscriptionId: string,
  id: string,
): Promise<(DeliveryLogEntry & { payload: string }) | null> {
  const row = await db
    .prepare(`SELECT ${LOG_COLUMNS}, payload FROM webhook_deliveries WHERE id = ? AND subscription_id = ?`)
    .bind(id, subscriptionId)
    .first<LogRow & { payload: string }>();
  return row ? { ...toLogEntry(row), payload: row.payload } : null;
}

function toLogEntry(r: LogRow): DeliveryLogEntry {
  return {
    id: r.id,
    notificationId: r.notification_id,
    leadId: r.lead_id,
    kind: r.kind,
    status: r.status,
    attempts: r.attempts,
    lastStatus: r.last_status,
    lastError: r.last_error,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    deliveredAt: r.delivered_at,
  };
}

function truncate(text: string): string {
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}

/** Each subscription's latest delivery (status and time), for the list of subscriptions. */
export async function latestDeliveries(
  db: D1Database,
): Promise<Map<string, { status: DeliveryStatus; createdAt: number }>> {
  const { results } = await db
    .prepare(
      `SELECT d.subscription_id AS id, d.status, d.created_at AS createdAt FROM webhook_deliveries d
         JOIN (SELECT subscription_id, MAX(created_at) AS at FROM webhook_deliveries GROUP BY subscription_id) l
           ON l.subscription_id = d.subscription_id AND l.at = d.created_at`,
    )
    .all<{ id: string; status: DeliveryStatus; createdAt: number }>();
  return new Map(results.map((r) => [r.id, { status: r.status, createdAt: r.createdAt }]));
}
