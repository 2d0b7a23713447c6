import { Hono } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../../app-env';
import { requireScope } from '../../auth/middleware';
import { fail } from '../../lib/http';
import { parseJson, site } from '../../schema/api';
import { formatIssues } from '../../schema/issues';
import { actorOf, recordAction } from '../../storage/action-log';
import { getDelivery, listDeliveries, reopenDelivery } from '../../webhooks/deliveries';
import { NOTIFICATION_KINDS, SCORE_AXES, SIGNAL_EVENT_TYPES } from '../../webhooks/notification';
import { notifySubscription, requeueDelivery } from '../../webhooks/notify';
import { isDeliveryId } from '../../webhooks/queues';
import { sampleNotification } from '../../webhooks/sample';
import { CHANGE_KINDS, checkSettings } from '../../webhooks/settings';
import { newWebhookSecret } from '../../webhooks/sign';
import {
  createSubscription,
  deleteSubscription,
  getSubscription,
  listSubscriptions,
  type NewSubscription,
  type Subscription,
  type SubscriptionChange,
  setSubscriptionActive,
  updateSubscription,
} from '../../webhooks/subscriptions';

export const webhookRoutes = new Hono<AppEnv>();

// Subscriptions carry signing secrets and send lead data out: admin only. The middleware is set
// per route because this app is mounted under `/api` next to others.
const admin = requireScope('admin');

/** A band or stage name, as the scoring model spells them. */
const level = v.pipe(
  v.string('expected a string'),
  v.regex(/^[a-z0-9_-]{1,32}$/, 'expected a name of 1-32 of a-z 0-9 _ -'),
);
/** A non-empty list without repeats. */
function set<T extends v.GenericSchema<unknown, string | null>>(item: T, max: number) {
  return v.pipe(
    v.array(item, 'expected an array'),
    v.minLength(1, 'expected at least one entry (leave the field out to match all)'),
    v.maxLength(max, `at most ${max} entries`),
    v.transform((list) => [...new Set(list)]),
  );
}

/** Settings every subscription has; absent on creation means the default. */
const settings = {
  name: v.pipe(
    v.string('expected a string'),
    v.trim(),
    v.minLength(1, 'must not be empty'),
    v.maxLength(100),
  ),
  url: v.pipe(v.string('expected a string'), v.trim()),
  kinds: set(
    v.picklist(NOTIFICATION_KINDS, `expected one of ${NOTIFICATION_KINDS.join(', ')}`),
    NOTIFICATION_KINDS.length,
  ),
  direction: v.picklist(['up', 'down', 'both'], 'expected up, down or both'),
  format: v.picklist(['json', 'slack'], 'expected json or slack'),
  includeAnonymous: v.boolean('expected true or false'),
};

/** Conditions: absent (or, in a PATCH, null) matches every lead. */
const conditions = {
  bands: set(level, 20),
  stages: set(level, 20),
  axes: set(v.picklist(SCORE_AXES, `expected one of ${SCORE_AXES.join(', ')}`), 4),
  sites: set(site, 50),
  topics: set(
    v.pipe(
      v.string('expected a string'),
      v.trim(),
      v.regex(/^\S.{0,63}$/, 'expected a topic (1-64 characters)'),
    ),
    50,
  ),
  countries: set(
    v.pipe(
      v.string('expected a string'),
      v.regex(/^[A-Za-z]{2}$/, 'expected a two-letter country code'),
      v.toUpperCase(),
    ),
    50,
  ),
  companies: set(
    v.pipe(v.string('expected a string'), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(100)),
    50,
  ),
  owners: set(
    v.nullable(
      v.pipe(
        v.string('expected a string or null'),
        v.trim(),
        v.minLength(1, 'must not be empty'),
        v.maxLength(200),
      ),
    ),
    50,
  ),
  minScoreChange: v.pipe(
    v.number('expected a number'),
    v.finite(),
    v.gtValue(0, 'expected a number > 0'),
    v.maxValue(10_000),
  ),
  cooldownHours: v.pipe(
    v.number('expected a number'),
    v.finite(),
    v.gtValue(0, 'expected a number > 0'),
    v.maxValue(8760, 'at most 8760 (a year)'),
  ),
  signal: v.pipe(
    v.strictObject({
      eventTypes: v.optional(
        set(v.picklist(SIGNAL_EVENT_TYPES, `expected one of ${SIGNAL_EVENT_TYPES.join(', ')}`), 9),
      ),
      topics: v.optional(
        set(
          v.pipe(
            v.string('expected a string'),
            v.trim(),
            v.regex(/^\S.{0,63}$/, 'expected a topic (1-64 characters)'),
          ),
          50,
        ),
      ),
      intents: v.optional(
        set(v.pipe(v.string('expected a string'), v.trim(), v.minLength(1), v.maxLength(64)), 50),
      ),
      eventNames: v.optional(
        set(v.pipe(v.string('expected a string'), v.trim(), v.minLength(1), v.maxLength(64)), 50),
      ),
      known: v.optional(v.boolean('expected true or false')),
      minCompanyPeople: v.optional(
        v.pipe(
          v.number('expected a number'),
          v.integer('expected a whole number'),
          v.minValue(1),
          v.maxValue(10_000),
        ),
      ),
    }),
    v.check((c) => Object.keys(c).length > 0, 'expected at least one condition'),
  ),
};

const CreateBody = v.strictObject({
  name: settings.name,
  url: settings.url,
  kinds: v.optional(settings.kinds),
  direction: v.optional(settings.direction),
  format: v.optional(settings.format),
  includeAnonymous: v.optional(settings.includeAnonymous),
  ...Object.fromEntries(Object.entries(conditions).map(([k, s]) => [k, v.optional(s)])),
}) as unknown as v.GenericSchema<unknown, Partial<NewSubscription> & { name: string; url: string }>;

const PatchBody = v.pipe(
  v.strictObject({
    ...Object.fromEntries(Object.entries(settings).map(([k, s]) => [k, v.optional(s)])),
    ...Object.fromEntries(Object.entries(conditions).map(([k, s]) => [k, v.optional(v.nullable(s))])),
  }),
  v.check((body) => Object.keys(body).length > 0, 'expected at least one setting to change'),
) as unknown as v.GenericSchema<unknown, SubscriptionChange>;

/** The settings as stored, or a 400 naming the field that is wrong. */
function checked<T extends Pick<NewSubscription, 'url' | 'kinds' | 'signal'>>(s: T, env: Env): T {
  const result = checkSettings(s, env);
  if (!result.ok) fail(400, `${result.problem.field}: ${result.problem.message}`);
  return { ...s, url: result.url };
}

/** POST /api/webhooks: a new subscription. The answer holds its signing secret, shown only this once. */
webhookRoutes.post('/webhooks', admin, async (c) => {
  const body = await parseJson(c.req.raw, CreateBody);
  const subscription: NewSubscription = {
    name: body.name,
    url: body.url,
    kinds: body.kinds ?? (body.signal ? ['signal'] : [...CHANGE_KINDS]),
    bands: body.bands ?? null,
    stages: body.stages ?? null,
    axes: body.axes ?? null,
    sites: body.sites ?? null,
    direction: body.direction ?? 'both',
    format: body.format ?? 'json',
    includeAnonymous: body.includeAnonymous ?? false,
    topics: body.topics ?? null,
    countries: body.countries ?? null,
    companies: body.companies ?? null,
    owners: body.owners ?? null,
    minScoreChange: body.minScoreChange ?? null,
    cooldownHours: body.cooldownHours ?? null,
    signal: body.signal ?? null,
  };
  const secret = newWebhookSecret();
  const created = await createSubscription(c.env.DB, checked(subscription, c.env), secret, Date.now());
  await recordAction(c.env.DB, {
    actor: actorOf(c.get('principal')),
    action: 'webhook.create',
    target: created.id,
    detail: created.name,
  });
  return c.json({ ...created, secret }, 201);
});

/**
 * PATCH /api/webhooks/:id: changes the settings given (null clears a condition: any lead again);
 * the signing secret stays. Applies to lead changes within seconds, like a new subscription.
 */
webhookRoutes.patch('/webhooks/:id', admin, async (c) => {
  const current = await subscriptionOr404(c.env.DB, c.req.param('id'));
  const change = await parseJson(c.req.raw, PatchBody);
  // Checked as it will be: the current settings with the change applied (null clears a condition).
  const after = checked(
    { ...current, ...change, signal: 'signal' in change ? (change.signal ?? null) : current.signal },
    c.env,
  );
  if (change.url !== undefined) change.url = after.url;
  const updated = await updateSubscription(c.env.DB, current.id, change, Date.now());
  if (!updated) fail(404, 'no such webhook');
  await recordAction(c.env.DB, {
    actor: actorOf(c.get('principal')),
    action: 'webhook.update',
    target: updated.id,
    detail: Object.keys(change).sort().join(', '),
  });
  return c.json(updated);
});

/** POST /api/webhooks/:id/pause, /resume: a paused subscription hears nothing until resumed. */
webhookRoutes.post('/webhooks/:id/:state{pause|resume}', admin, async (c) => {
  const id = subscriptionId(c.req.param('id'));
  const state = c.req.param('state');
  const updated = await setSubscriptionActive(c.env.DB, id, state === 'resume', Date.now());
  if (!updated) fail(404, 'no such webhook');
  await recordAction(c.env.DB, {
    actor: actorOf(c.get('principal')),
    action: state === 'resume' ? 'webhook.resume' : 'webhook.pause',
    target: id,
  });
  return c.json(updated);
});

/** GET /api/webhooks: every subscription, secrets left out. */
webhookRoutes.get('/webhooks', admin, async (c) => {
  return c.json({ webhooks: await listSubscriptions(c.env.DB) });
});

webhookRoutes.get('/webhooks/:id', admin, async (c) => {
  return c.json(await subscriptionOr404(c.env.DB, c.req.param('id')));
});

/** DELETE /api/webhooks/:id: the subscription and its delivery log; queued deliveries are dropped. */
webhookRoutes.delete('/webhooks/:id', admin, async (c) => {
  const id = subscriptionId(c.req.param('id'));
  if (!(await deleteSubscription(c.env.DB, id))) fail(404, 'no such webhook');
  await recordAction(c.env.DB, { actor: actorOf(c.get('principal')), action: 'webhook.delete', target: id });
  return c.body(null, 204);
});

const LogQuery = v.strictObject({
  limit: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d{1,3}$/, 'expected an integer 1-200'),
      v.transform(Number),
      v.minValue(1, 'expected an integer 1-200'),
      v.maxValue(200, 'expected an integer 1-200'),
    ),
  ),
  status: v.optional(
    v.picklist(['pending', 'delivered', 'retrying', 'dead'], 'expected pending, delivered, retrying or dead'),
  ),
});

/** GET /api/webhooks/:id/deliveries: the delivery log, newest first; `?limit=` (≤ 200), `?status=`. */
webhookRoutes.get('/webhooks/:id/deliveries', admin, async (c) => {
  const subscription = await subscriptionOr404(c.env.DB, c.req.param('id'));
  const parsed = v.safeParse(LogQuery, c.req.query());
  if (!parsed.success) fail(400, formatIssues(parsed.issues));
  const deliveries = await listDeliveries(c.env.DB, subscription.id, {
    limit: parsed.output.limit ?? 50,
    ...(parsed.output.status ? { status: parsed.output.status } : {}),
  });
  return c.json({ deliveries });
});

/** GET /api/webhooks/:id/deliveries/:deliveryId: one delivery with the exact body it sends. */
webhookRoutes.get('/webhooks/:id/deliveries/:deliveryId', admin, async (c) => {
  const id = subscriptionId(c.req.param('id'));
  const deliveryId = c.req.param('deliveryId');
  if (!isDeliveryId(deliveryId)) fail(400, 'delivery id: expected 32 hexadecimal characters');
  const delivery = await getDelivery(c.env.DB, id, deliveryId);
  if (!delivery) fail(404, 'no such delivery');
  return c.json(delivery);
});

/**
 * POST /api/webhooks/:id/deliveries/:deliveryId/redeliver: a failed (dead) delivery is queued again,
 * the same payload and notification id, its attempts counting on.
 */
webhookRoutes.post('/webhooks/:id/deliveries/:deliveryId/redeliver', admin, async (c) => {
  const id = subscriptionId(c.req.param('id'));
  const deliveryId = c.req.param('deliveryId');
  if (!isDeliveryId(deliveryId)) fail(400, 'delivery id: expected 32 hexadecimal characters');
  const outcome = await reopenDelivery(c.env.DB, id, deliveryId, Date.now());
  if (outcome === 'unknown') fail(404, 'no such delivery');
  if (outcome === 'paused') fail(409, 'the webhook is paused: resume it first');
  if (outcome === 'not-failed') fail(409, 'only a failed (dead) delivery can be redelivered');
  await requeueDelivery(c.env, deliveryId);
  await recordAction(c.env.DB, {
    actor: actorOf(c.get('principal')),
    action: 'webhook.redeliver',
    target: id,
    detail: deliveryId,
  });
  return c.json({ deliveryId, status: 'pending' }, 202);
});

/** POST /api/webhooks/:id/test: a sample change (or signal), through the real queue, to this subscription only. */
webhookRoutes.post('/webhooks/:id/test', admin, async (c) => {
  const subscription = await subscriptionOr404(c.env.DB, c.req.param('id'));
  const origin = new URL(c.req.url).origin;
  const deliveryId = await notifySubscription(c.env, subscription, sampleNotification(subscription, origin));
  if (!deliveryId) fail(409, 'the webhook is paused');
  await recordAction(c.env.DB, {
    actor: actorOf(c.get('principal')),
    action: 'webhook.test',
    target: subscription.id,
    detail: subscription.name,
  });
  return c.json({ deliveryId }, 202);
});

function subscriptionId(raw: string): string {
  if (!/^[0-9a-f]{32}$/.test(raw)) fail(400, 'webhook id: expected 32 hexadecimal characters');
  return raw;
}

async function subscriptionOr404(db: D1Database, raw: string): Promise<Subscription> {
  const subscription = await getSubscription(db, subscriptionId(raw));
  if (!subscription) fail(404, 'no such webhook');
  return subscription;
}
