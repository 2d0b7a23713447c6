import { type Context, Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from '../../app-env';
import { type Action, actorOf, recordAction } from '../../storage/action-log';
import { getActiveModel } from '../../storage/models';
import { siteConfigs } from '../../storage/sites';
import {
  type DeliveryStatus,
  getDelivery,
  latestDeliveries,
  listDeliveries,
  reopenDelivery,
} from '../../webhooks/deliveries';
import { notifySubscription, requeueDelivery } from '../../webhooks/notify';
import { isDeliveryId } from '../../webhooks/queues';
import { sampleNotification } from '../../webhooks/sample';
import { checkSettings } from '../../webhooks/settings';
import { newWebhookSecret } from '../../webhooks/sign';
import {
  createSubscription,
  deleteSubscription,
  getSubscription,
  listSubscriptions,
  type Subscription,
  setSubscriptionActive,
  updateSubscription,
} from '../../webhooks/subscriptions';
import { formView } from '../components/form-fields';
import { type FieldErrors, type FieldValues, formState, readFields, validateFields } from '../form';
import { DeliveryPage } from '../pages/delivery-page';
import { LIST_NOTICES, NotificationsPage } from '../pages/notifications-page';
import { SubscriptionDeletePage } from '../pages/subscription-delete-page';
import { SubscriptionEditPage } from '../pages/subscription-edit-page';
import { SUBSCRIPTION_NOTICES, SubscriptionPage } from '../pages/subscription-page';
import { render } from '../render';
import { requirePermission } from '../session';
import {
  choicesFor,
  problemField,
  type SubscriptionChoices,
  subscriptionFields,
  subscriptionFormSchema,
  subscriptionFromForm,
} from '../subscription-form';

/**
 * The notifications screens at /dashboard/notifications: webhook and Slack subscriptions created,
 * edited, paused, resumed, tested and deleted, and their delivery logs with redelivery, through the
 * same storage and checks as `/api/webhooks`. Admins only, like the API: a subscription holds its
 * receiver's address and sends lead data out.
 */
export const notificationPages = new Hono<AppEnv>();

notificationPages.use('/notifications', requirePermission('notifications.edit'));
notificationPages.use('/notifications/*', requirePermission('notifications.edit'));

type Ctx = Context<AppEnv>;

const STATUSES: readonly DeliveryStatus[] = ['pending', 'delivered', 'retrying', 'dead'];

async function baseChoices(c: Ctx): Promise<SubscriptionChoices & { top: string }> {
  const model = (await getActiveModel(c.env.DB)).model;
  const bands = [...new Set(model.bands.flatMap((set) => set.levels.map((l) => l.name)))];
  return {
    bands,
    sites: [...(await siteConfigs(c.env)).keys()],
    top: model.bands[0]?.levels.at(-1)?.name ?? 'hot',
  };
}

function editPage(
  c: Ctx,
  choices: SubscriptionChoices,
  values: FieldValues,
  errors: FieldErrors = {},
  subscription?: Subscription,
  status: ContentfulStatusCode = 200,
) {
  return render(
    c,
    <SubscriptionEditPage
      principal={c.get('principal')}
      subscription={subscription}
      form={formView('sub', formState(values, errors))}
      choices={choices}
    />,
    status,
  );
}

async function subscriptionOr404(c: Ctx): Promise<Subscription> {
  const id = c.req.param('id') ?? '';
  const s = /^[0-9a-f]{32}$/.test(id) ? await getSubscription(c.env.DB, id) : null;
  if (!s) throw new HTTPException(404, { message: 'There is no subscription with this id.' });
  return s;
}

/** Reads the form, runs the API's own checks; the subscription's settings or the page with its messages. */
async function readSubscription(c: Ctx, choices: SubscriptionChoices, current?: Subscription) {
  const values = await readFields(c);
  const parsed = validateFields(subscriptionFormSchema(choices), values);
  if (!parsed.ok) return { page: editPage(c, choices, values, parsed.errors, current, 400) };
  const settings = subscriptionFromForm(parsed.value);
  const checked = checkSettings(settings, c.env);
  if (!checked.ok) {
    const { field, message } = checked.problem;
    const words =
      field === 'signal' ? 'Set at least one signal condition below, or untick “A single signal”.' : message;
    return { page: editPage(c, choices, values, { [problemField(field)]: words }, current, 400) };
  }
  return { settings: { ...settings, url: checked.url } };
}

/** GET /dashboard/notifications */
notificationPages.get('/notifications', async (c) => {
  const [subscriptions, latest] = await Promise.all([
    listSubscriptions(c.env.DB),
    latestDeliveries(c.env.DB),
  ]);
  const done = c.req.query('done');
  const notice = done && Object.hasOwn(LIST_NOTICES, done) ? (done as keyof typeof LIST_NOTICES) : undefined;
  return render(
    c,
    <NotificationsPage
      principal={c.get('principal')}
      subscriptions={subscriptions}
      latest={latest}
      notice={notice}
      now={Date.now()}
    />,
  );
});

/** GET /dashboard/notifications/new */
notificationPages.get('/notifications/new', async (c) => {
  const { top, ...choices } = await baseChoices(c);
  return editPage(c, choices, subscriptionFields(undefined, top));
});

/** POST /dashboard/notifications: creates it and shows its signing secret, this once. */
notificationPages.post('/notifications', async (c) => {
  const { top: _top, ...choices } = await baseChoices(c);
  const read = await readSubscription(c, choices);
  if (read.page) return read.page;
  const secret = newWebhookSecret();
  const created = await createSubscription(c.env.DB, read.settings, secret, Date.now());
  await logAction(c, 'webhook.create', created.id, created.name);
  // The secret is shown in this answer only (never stored in a URL): no redirect.
  return render(
    c,
    <SubscriptionPage
      principal={c.get('principal')}
      subscription={created}
      deliveries={[]}
      status=""
      secret={secret}
      now={Date.now()}
    />,
    201,
  );
});

/** GET /dashboard/notifications/:id, `?status=` filters the delivery log. */
notificationPages.get('/notifications/:id', async (c) => {
  const s = await subscriptionOr404(c);
  const raw = c.req.query('status') ?? '';
  const status = (STATUSES as readonly string[]).includes(raw) ? (raw as DeliveryStatus) : '';
  const deliveries = await listDeliveries(c.env.DB, s.id, { limit: 50, ...(status ? { status } : {}) });
  const done = c.req.query('done');
  const notice =
    done && Object.hasOwn(SUBSCRIPTION_NOTICES, done)
      ? (done as keyof typeof SUBSCRIPTION_NOTICES)
      : undefined;
  return render(
    c,
    <SubscriptionPage
      principal={c.get('principal')}
      subscription={s}
      deliveries={deliveries}
      status={status}
      notice={notice}
      now={Date.now()}
    />,
  );
});

/** GET /dashboard/notifications/:id/edit */
notificationPages.get('/notifications/:id/edit', async (c) => {
  const s = await subscriptionOr404(c);
  const { top, ...base } = await baseChoices(c);
  return editPage(c, choicesFor(base, s), subscriptionFields(s, top), {}, s);
});

/** POST /dashboard/notifications/:id: saves every setting of the form (the secret stays). */
notificationPages.post('/notifications/:id', async (c) => {
  const s = await subscriptionOr404(c);
  const { top: _top, ...base } = await baseChoices(c);
  const read = await readSubscription(c, choicesFor(base, s), s);
  if (read.page) return read.page;
  await updateSubscription(c.env.DB, s.id, read.settings, Date.now());
  await logAction(c, 'webhook.update', s.id, s.name);
  return c.redirect(`/dashboard/notifications/${s.id}?done=saved`, 303);
});

/** POST /dashboard/notifications/:id/test: a sample through the real queue, whatever its conditions. */
notificationPages.post('/notifications/:id/test', async (c) => {
  const s = await subscriptionOr404(c);
  const id = await notifySubscription(c.env, s, sampleNotification(s, new URL(c.req.url).origin));
  if (!id) throw new HTTPException(409, { message: 'The subscription is paused: resume it to send a test.' });
  await logAction(c, 'webhook.test', s.id, s.name);
  return c.redirect(`/dashboard/notifications/${s.id}?done=test#log`, 303);
});

/** POST /dashboard/notifications/:id/pause, /resume */
notificationPages.post('/notifications/:id/:state{pause|resume}', async (c) => {
  const s = await subscriptionOr404(c);
  const resume = c.req.param('state') === 'resume';
  await setSubscriptionActive(c.env.DB, s.id, resume, Date.now());
  await logAction(c, resume ? 'webhook.resume' : 'webhook.pause', s.id, s.name);
  return c.redirect(`/dashboard/notifications/${s.id}?done=${resume ? 'resumed' : 'paused'}`, 303);
});

/** GET /dashboard/notifications/:id/delete: the confirmation. POST deletes. */
notificationPages.get('/notifications/:id/delete', async (c) =>
  render(
    c,
    <SubscriptionDeletePage principal={c.get('principal')} subscription={await subscriptionOr404(c)} />,
  ),
);

notificationPages.post('/notifications/:id/delete', async (c) => {
  const s = await subscriptionOr404(c);
  await deleteSubscription(c.env.DB, s.id);
  await logAction(c, 'webhook.delete', s.id, s.name);
  return c.redirect('/dashboard/notifications?done=deleted', 303);
});

/** The action log's entry for what the signed-in person did to a subscription. */
async function logAction(c: Ctx, action: Action, target: string, detail: string): Promise<void> {
  await recordAction(c.env.DB, { actor: actorOf(c.get('principal')), action, target, detail });
}

async function deliveryOr404(c: Ctx, s: Subscription) {
  const id = c.req.param('deliveryId') ?? '';
  const d = isDeliveryId(id) ? await getDelivery(c.env.DB, s.id, id) : null;
  if (!d) throw new HTTPException(404, { message: 'This subscription has no such delivery.' });
  return d;
}

/** GET /dashboard/notifications/:id/deliveries/:deliveryId: the exact body sent. */
notificationPages.get('/notifications/:id/deliveries/:deliveryId', async (c) => {
  const s = await subscriptionOr404(c);
  const d = await deliveryOr404(c, s);
  return render(
    c,
    <DeliveryPage principal={c.get('principal')} subscription={s} delivery={d} now={Date.now()} />,
  );
});

/** POST /dashboard/notifications/:id/deliveries/:deliveryId/redeliver: a failed delivery, queued again. */
notificationPages.post('/notifications/:id/deliveries/:deliveryId/redeliver', async (c) => {
  const s = await subscriptionOr404(c);
  const d = await deliveryOr404(c, s);
  const outcome = await reopenDelivery(c.env.DB, s.id, d.id, Date.now());
  if (outcome === 'paused')
    throw new HTTPException(409, { message: 'The subscription is paused: resume it first.' });
  if (outcome !== 'queued')
    throw new HTTPException(409, { message: 'Only a failed delivery can be sent again.' });
  await requeueDelivery(c.env, d.id);
  await logAction(c, 'webhook.redeliver', s.id, d.id);
  return c.redirect(`/dashboard/notifications/${s.id}?done=redelivered#log`, 303);
});
