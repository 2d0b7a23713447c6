import { uid } from '../lib/uid';
import type { WebhookFormat } from './format';
import type { SubscriptionFilter } from './match';
import type { NotificationKind, ScoreAxis } from './notification';

/** A subscription as the API shows it: everything but the signing secret. */
export type Subscription = SubscriptionFilter & {
  id: string;
  name: string;
  url: string;
  format: WebhookFormat;
  active: boolean;
  createdAt: number;
};

export type NewSubscription = Omit<Subscription, 'id' | 'active' | 'createdAt'>;

type SubscriptionRow = {
  id: string;
  name: string;
  url: string;
  kinds: string;
  bands: string | null;
  stages: string | null;
  axes: string | null;
  sites: string | null;
  direction: Subscription['direction'];
  format: WebhookFormat;
  active: number;
  created_at: number;
  include_anonymous: number;
};

const COLUMNS =
  'id, name, url, kinds, bands, stages, axes, sites, direction, format, active, created_at, include_anonymous';

/** Stores a new subscription with its signing secret. */
export async function createSubscription(
  db: D1Database,
  input: NewSubscription,
  secret: string,
  now: number,
): Promise<Subscription> {
  const id = uid();
  await db
    .prepare(
      `INSERT INTO webhook_subscriptions (${COLUMNS}, secret) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)`,
    )
    .bind(
      id,
      input.name,
      input.url,
      JSON.stringify(input.kinds),
      list(input.bands),
      list(input.stages),
      list(input.axes),
      list(input.sites),
      input.direction,
      input.format,
      now,
      input.includeAnonymous ? 1 : 0,
      secret,
    )
    .run();
  invalidateSubscriptionCache();
  return { ...input, id, active: true, createdAt: now };
}

export async function listSubscriptions(db: D1Database): Promise<Subscription[]> {
  const { results } = await db
    .prepare(`SELECT ${COLUMNS} FROM webhook_subscriptions ORDER BY created_at, id`)
    .all<SubscriptionRow>();
  return results.map(fromRow);
}

export async function getSubscription(db: D1Database, id: string): Promise<Subscription | null> {
  const row = await db
    .prepare(`SELECT ${COLUMNS} FROM webhook_subscriptions WHERE id = ?`)
    .bind(id)
    .first<SubscriptionRow>();
  return row ? fromRow(row) : null;
}

/** Deletes a subscription and its delivery log; queued messages for it then find nothing and are dropped. */
export async function deleteSubscription(db: D1Database, id: string): Promise<boolean> {
  const [, deleted] = await db.batch([
    db.prepare('DELETE FROM webhook_deliveries WHERE subscription_id = ?').bind(id),
    db.prepare('DELETE FROM webhook_subscriptions WHERE id = ?').bind(id),
  ]);
  invalidateSubscriptionCache();
  return (deleted?.meta.changes ?? 0) > 0;
}

/**
 * How long an isolate trusts its copy of the active subscriptions. Changes made through this
 * isolate apply at once; changes made elsewhere within this many milliseconds. A copy that names
 * a subscription deleted meanwhile is harmless: deliveries are only inserted for rows that exist.
 */
export const SUBSCRIPTION_CACHE_MS = 5_000;

let cache: { at: number; subscriptions: Promise<Subscription[]> } | undefined;

/** The active subscriptions, read at most once per `SUBSCRIPTION_CACHE_MS` per isolate. */
export function activeSubscriptions(db: D1Database, now: number): Promise<Subscription[]> {
  if (cache && now - cache.at >= 0 && now - cache.at < SUBSCRIPTION_CACHE_MS) return cache.subscriptions;
  const subscriptions = db
    .prepare(`SELECT ${COLUMNS} FROM webhook_subscriptions WHERE active = 1`)
    .all<SubscriptionRow>()
    .then(({ results }) => results.map(fromRow));
  const entry = { at: now, subscriptions };
  cache = entry;
  // A failed read must not be remembered: the next call asks D1 again.
  subscriptions.catch(() => {
    if (cache === entry) cache = undefined;
  });
  return subscriptions;
}

export function invalidateSubscriptionCache(): void {
  cache = undefined;
}

function fromRow(row: SubscriptionRow): Subscription {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    kinds: JSON.parse(row.kinds) as NotificationKind[],
    bands: parseList(row.bands),
    stages: parseList(row.stages),
    axes: parseList(row.axes) as ScoreAxis[] | null,
    sites: parseList(row.sites),
    direction: row.direction,
    format: row.format,
    includeAnonymous: row.include_anonymous === 1,
    active: row.active === 1,
    createdAt: row.created_at,
  };
}

function list(values: readonly string[] | null): string | null {
  return values ? JSON.stringify(values) : null;
}

function parseList(raw: string | null): string[] | null {
  return raw === null ? null : (JSON.parse(raw) as string[]);
}
