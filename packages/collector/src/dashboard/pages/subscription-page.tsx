import type { Principal } from '../../auth/tokens';
import type { DeliveryLogEntry, DeliveryStatus } from '../../webhooks/deliveries';
import type { Subscription } from '../../webhooks/subscriptions';
import { DeliveriesTable } from '../components/deliveries-table';
import { Layout } from '../components/layout';
import { RelTime } from '../components/rel-time';
import { destinationWords, routingWords } from '../notification-words';

/** Confirmations after an action, chosen by a fixed key (the URL never carries the text). */
export const SUBSCRIPTION_NOTICES = {
  saved: 'Subscription saved. It applies to lead changes within seconds.',
  test: 'Test message queued: see it in the delivery log below.',
  paused: 'Paused: nothing is sent until you resume it.',
  resumed: 'Resumed: lead changes are sent again.',
  redelivered: 'Delivery queued again.',
} as const;

const FILTERS: { value: '' | DeliveryStatus; label: string }[] = [
  { value: '', label: 'All' },
  { value: 'delivered', label: 'Delivered' },
  { value: 'dead', label: 'Failed' },
  { value: 'retrying', label: 'Retrying' },
  { value: 'pending', label: 'Queued' },
];

type SubscriptionPageProps = {
  principal: Principal;
  subscription: Subscription;
  deliveries: readonly DeliveryLogEntry[];
  status: '' | DeliveryStatus;
  notice?: keyof typeof SUBSCRIPTION_NOTICES | undefined;
  /** Shown once, right after creation: the signing secret. */
  secret?: string | undefined;
  now: number;
};

/** GET /dashboard/notifications/:id: the subscription in words, its actions, and its delivery log. */
export function SubscriptionPage(p: SubscriptionPageProps) {
  const s = p.subscription;
  const base = `/dashboard/notifications/${s.id}`;
  return (
    <Layout title={s.name} principal={p.principal} current="notifications">
      <p>
        <a href="/dashboard/notifications">← Notifications</a>
      </p>
      <h1>{s.name}</h1>
      <p class="row">
        <span class={`badge ${s.active ? 'status-active' : 'status-paused'}`}>
          {s.active ? 'active' : 'paused'}
        </span>
        <span>{destinationWords(s)}</span>
      </p>
      {p.notice ? (
        <p class="notice" role="status">
          {SUBSCRIPTION_NOTICES[p.notice]}
        </p>
      ) : null}
      {p.secret ? (
        <div class="notice" role="status">
          <p>
            <strong>Created.</strong> Its signing secret, shown only this once (receivers of JSON verify each
            message with it; Slack needs none):
          </p>
          <p>
            <code class="secret">{p.secret}</code>
          </p>
        </div>
      ) : null}

      <section aria-labelledby="routing" class="panel">
        <h2 id="routing">Which leads</h2>
        <ul>
          {routingWords(s).map((line) => (
            <li>{line}</li>
          ))}
        </ul>
        <p class="small muted">
          Created <RelTime at={s.createdAt} now={p.now} />
          {s.updatedAt ? (
            <>
              , changed <RelTime at={s.updatedAt} now={p.now} />
            </>
          ) : null}
          .
        </p>
        <div class="actions">
          <a class="button" href={`${base}/edit`}>
            Edit
          </a>
          {s.active ? (
            <form method="post" action={`${base}/test`}>
              <button type="submit" class="secondary">
                Send a test
              </button>
            </form>
          ) : null}
          <form method="post" action={`${base}/${s.active ? 'pause' : 'resume'}`}>
            <button type="submit" class="secondary">
              {s.active ? 'Pause' : 'Resume'}
            </button>
          </form>
          <a class="button secondary" href={`${base}/delete`}>
            Delete…
          </a>
        </div>
      </section>

      <section aria-labelledby="log">
        <h2 id="log">Delivery log</h2>
        <form method="get" action={base} class="row">
          <div class="field">
            <label for="log-status">Show</label>
            <select id="log-status" name="status">
              {FILTERS.map((f) => (
                <option value={f.value} selected={f.value === p.status}>
                  {f.label}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" class="secondary">
            Filter
          </button>
        </form>
        <DeliveriesTable subscriptionId={s.id} deliveries={p.deliveries} active={s.active} now={p.now} />
      </section>
    </Layout>
  );
}
