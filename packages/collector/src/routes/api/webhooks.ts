import { Hono } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../../app-env';
import { requireScope } from '../../auth/middleware';
import { isDevelopment } from '../../config';
import { fail } from '../../lib/http';
import { uid } from '../../lib/uid';
import { parseJson, site } from '../../schema/api';
import { formatIssues } from '../../schema/issues';
import { getDelivery, listDeliveries } from '../../webhooks/deliveries';
import { checkDestination } from '../../webhooks/destination';
import {
  LEAD_NOTIFICATION_KINDS,
  type LeadNotification,
  NOTIFICATION_KINDS,
  SCORE_AXES,
} from '../../webhooks/notification';
import { notifySubscription } from '../../webhooks/notify';
import { isDeliveryId } from '../../webhooks/queues';
import { newWebhookSecret } from '../../webhooks/sign';
import {
  createSubscription,
  deleteSubscription,
  getSubscription,
  listSubscriptions,
  type Subscription,
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
function set<T extends v.GenericSchema<unknown, string>>(item: T, max: number) {
  return v.pipe(
    v.array(item, 'expected an array'),
    v.minLength(1, 'expected at least one entry (leave the field out to match all)'),
    v.maxLength(max, `at most ${max} entries`),
    v.transform((list) => [...new Set(list)]),
  );
}

const CreateBody = v.strictObject({
  name: v.pipe(
    v.string('expected a string'),
    v.trim(),
    v.minLength(1, 'must not be empty'),
    v.maxLength(100),
  ),
  url: v.pipe(v.string('expected a string'), v.trim()),
  kinds: v.optional(
    set(
      v.picklist(NOTIFICATION_KINDS, `expected one of ${NOTIFICATION_KINDS.join(', ')}`),
      NOTIFICATION_KINDS.length,
    ),
  ),
  bands: v.optional(set(level, 20)),
  stages: v.optional(set(level, 20)),
  axes: v.optional(set(v.picklist(SCORE_AXES, `expected one of ${SCORE_AXES.join(', ')}`), 4)),
  sites: v.optional(set(site, 50)),
  direction: v.optional(v.picklist(['up', 'down', 'both'], 'expected up, down or both')),
  format: v.optional(v.picklist(['json', 'slack'], 'expected json or slack')),
  includeAnonymous: v.optional(v.boolean('expected true or false')),
});

/** POST /api/webhooks: a new subscription. The answer holds its signing secret, shown only this once. */
webhookRoutes.post('/webhooks', admin, async (c) => {
  const body = await parseJson(c.req.raw, CreateBody);
  const destination = checkDestination(body.url, { allowPrivate: isDevelopment(c.env) });
  if (!destination.ok) fail(400, `url: ${destination.reason}`);
  const secret = newWebhookSecret();
  const subscription = await createSubscription(
    c.env.DB,
    {
      name: body.name,
      url: destination.url.href,
      // Account alerts are asked for by name: a subscription made for people does not start getting companies.
      kinds: body.kinds ?? [...LEAD_NOTIFICATION_KINDS],
      bands: body.bands ?? null,
      stages: body.stages ?? null,
      axes: body.axes ?? null,
      sites: body.sites ?? null,
      direction: body.direction ?? 'both',
      format: body.format ?? 'json',
      includeAnonymous: body.includeAnonymous ?? false,
    },
    secret,
    Date.now(),
  );
  return c.json({ ...subscription, secret }, 201);
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

/** POST /api/webhooks/:id/test: a sample warm → hot change, through the real queue, to this subscription only. */
webhookRoutes.post('/webhooks/:id/test', admin, async (c) => {
  const subscription = await subscriptionOr404(c.env.DB, c.req.param('id'));
  const origin = new URL(c.req.url).origin;
  const deliveryId = await notifySubscription(c.env, subscription, sampleNotification(subscription, origin));
  if (!deliveryId) fail(409, 'the webhook is paused');
  return c.json({ deliveryId }, 202);
});

/** Lead id of the test route's sample: not a real lead (real ids are 64 hexadecimal characters). */
export const SAMPLE_LEAD_ID = 'sample-lead';

function sampleNotification(s: Subscription, origin: string): LeadNotification {
  return {
    id: uid(),
    kind: 'band_changed',
    at: Date.now(),
    site: s.sites?.[0] ?? 'example',
    leadId: SAMPLE_LEAD_ID,
    lead: {
      email: 'ada@example.com',
      name: 'Ada Lovelace',
      company: 'Example Ltd',
      scores: { interest: 30, intent: 40, fit: 10 },
      total: 80,
      band: 'hot',
      stage: 'mql',
      disqualified: false,
      anonymous: false,
    },
    change: { axis: 'total', from: 'warm', to: 'hot', direction: 'up', cause: 'event' },
    why: [
      { rule: 'demo_request', points: 25, reason: 'Requested a demo' },
      { rule: 'pricing_page', points: 15, reason: 'Read the pricing page' },
      { rule: 'video_watched', points: 15, reason: 'Watched the instruction video' },
    ],
    url: `${origin}/dashboard/leads/${SAMPLE_LEAD_ID}`,
    test: true,
  };
}

function subscriptionId(raw: string): string {
  if (!/^[0-9a-f]{32}$/.test(raw)) fail(400, 'webhook id: expected 32 hexadecimal characters');
  return raw;
}

async function subscriptionOr404(db: D1Database, raw: string): Promise<Subscription> {
  const subscription = await getSubscription(db, subscriptionId(raw));
  if (!subscription) fail(404, 'no such webhook');
  return subscription;
}
