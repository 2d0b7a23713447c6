import { uid } from '../lib/uid';
import type { WebhookFormat } from './format';
import type { SignalConditions, SubscriptionFilter } from './match';
import type { NotificationKind, ScoreAxis } from './notification';

/** A subscription as the API shows it: everything but the signing secret. */
export type Subscription = Required<SubscriptionFilter> & {
  id: string;
  name: string;
  url: string;
  format: WebhookFormat;
  /** No second delivery about the same lead within this many hours (null: no cooldown). */
  cooldownHours: number | null;
  /** False while paused: nothing is queued for it, and what was queued is not sent. */
  active: boolean;
  createdAt: number;
  /** When its settings last changed (null: never since it was created). */
  updatedAt: number | null;
};

export type NewSubscription = Omit<Subscription, 'id' | 'active' | 'createdAt' | 'updatedAt'>;

/** The settings a PATCH may change: any of a new subscription's. */
export type SubscriptionChange = Partial<NewSubscription>;

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
  topics: string | null;
  countries: string | null;
  companies: string | null;
  owners: string | null;
  min_score_change: number | null;
  cooldown_hours: number | null;
  signal: string | null;
  updated_at: number | null;
};

const COLUMNS =
  'id, name, url, kinds, bands, stages, axes, sites, direction, format, active, created_at, include_anonymous, ' +
  'topics, countries, companies, owners, min_score_change, cooldown_hours, signal, updated_at';

/** A subscription's settings as the columns that store them (all but id, secret, active and times). */
function settingColumns(s: SubscriptionChange): Record<string, string | number | null> {
  const out: Record<string, string | number | null> = {};
  const set = <K extends keyof SubscriptionChange>(
    key: K,
    column: string,
    f: (v: NonNullable<SubscriptionChange[K]> | null) => string | number | null,
  ) => {
    if (key in s) out[column] = f((s[key] ?? null) as NonNullable<SubscriptionChange[K]> | null);
  };
  set('name', 'name', (v) => v as string);
  set('url', 'url', (v) => v as string);
  set('kinds', 'kinds', (v) => JSON.stringify(v));
  set('bands', 'bands', list);
  set('stages', 'stages', list);
  set('axes', 'axes', list);
  set('sites', 'sites', list);
  set('direction', 'direction', (v) => v as string);
  set('format', 'format', (v) => v as string);
  set('includeAnonymous', 'include_anonymous', (v) => (v ? 1 : 0));
  set('topics', 'topics', list);
  set('countries', 'countries', list);
  set('companies', 'companies', list);
  set('owners', 'owners', (v) => (v === null ? null : JSON.stringify(v)));
  set('minScoreChange', 'min_score_change', (v) => (v as number | null) ?? null);
  set('cooldownHours', 'cooldown_hours', (v) => (v as number | null) ?? null);
  set('signal', 'signal', (v) => (v === null ? null : JSON.stringify(v)));
  return out;
}

/** Stores a new subscription with its signing secret. */
export async function createSubscription(
  db: D1Database,
  input: NewSubscription,
  secret: string,
  now: number,
): Promise<Subscription> {
  const id = uid();
  const columns = { id, ...settingColumns(input), active: 1, created_at: now, secret };
  const names = Object.keys(columns);
  await db
    .prepare(
      `INSERT INTO webhook_subscriptions (${names.join(', ')}) VALUES (${names.map((_, i) => `?${i + 1}`).join(', ')})`,
    )
    .bind(...Object.values(columns))
    .run();
  invalidateSubscriptionCache();
  return { ...input, id, active: true, createdAt: now, updatedAt: null };
}

/** Changes a subscription's settings (only those given); the updated subscription, or null when unknown. */
export async function updateSubscription(
  db: D1Database,
  id: string,
  change: SubscriptionChange,
  now: number,
): Promise<Subscription | null> {
  const columns = { ...settingColumns(change), updated_at: now };
  const names = Object.keys(columns);
  const row = await db
    .prepare(
      `UPDATE webhook_subscriptions SET ${names.map((n, i) => `${n} = ?${i + 2}`).join(', ')} WHERE id = ?1 RETURNING ${COLUMNS}`,
    )
    .bind(id, ...Object.values(columns))
    .first<SubscriptionRow>();
  invalidateSubscriptionCache();
  return row ? fromRow(row) : null;
}

/**
 * Pauses or resumes a subscription. A paused one gets nothing queued, and deliveries already queued
 * for it are marked dead ("subscription paused") instead of sent; they can be redelivered later.
 */
export async function setSubscriptionActive(
  db: D1Database,
  id: string,
  active: boolean,
  now: number,
): Promise<Subscription | null> {
  const row = await db
    .prepare(
      `UPDATE webhook_subscriptions SET active = ?2, updated_at = ?3 WHERE id = ?1 RETURNING ${COLUMNS}`,
    )
    .bind(id, active ? 1 : 0, now)
    .first<SubscriptionRow>();
  invalidateSubscriptionCache();
  return row ? fromRow(row) : null;
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

/** The isolate's copy: a value, never a promise shared between requests (see storage/sites.ts). */
let cache: { at: number; subscriptions: Subscription[] } | undefined;

/**
 * The active subscriptions, read at most once per `SUBSCRIPTION_CACHE_MS` per isolate (requests
 * that find the copy stale read for themselves). A failed read is not remembered: it throws, and
 * the next call asks D1 again.
 */
export async function activeSubscriptions(db: D1Database, now: number): Promise<Subscription[]> {
  if (cache && now - cache.at >= 0 && now - cache.at < SUBSCRIPTION_CACHE_MS) return cache.subscriptions;
  const { results } = await db
    .prepare(`SELECT ${COLUMNS} FROM webhook_subscriptions WHERE active = 1`)
    .all<SubscriptionRow>();
  const subscriptions = results.map(fromRow);
  cache = { at: now, subscriptions };
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
    topics: parseList(row.topics),
    countries: parseList(row.countries),
    companies: parseList(row.companies),
    owners: row.owners === null ? null : (JSON.parse(row.owners) as (string | null)[]),
    minScoreChange: row.min_score_change,
    cooldownHours: row.cooldown_hours,
    signal: row.signal === null ? null : (JSON.parse(row.signal) as SignalConditions),
    active: row.active === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function list(values: readonly string[] | null): string | null {
  return values ? JSON.stringify(values) : null;
}

function parseList(raw: string | null): string[] | null {
  return raw === null ? null : (JSON.parse(raw) as string[]);
}
