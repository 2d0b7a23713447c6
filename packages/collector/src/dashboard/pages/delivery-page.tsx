import type { Principal } from '../../auth/tokens';
import type { DeliveryLogEntry } from '../../webhooks/deliveries';
import type { Subscription } from '../../webhooks/subscriptions';
import { Layout } from '../components/layout';
import { RelTime } from '../components/rel-time';

/** GET /dashboard/notifications/:id/deliveries/:deliveryId: one delivery and the exact body it sends. */
export function DeliveryPage({
  principal,
  subscription: s,
  delivery: d,
  now,
}: {
  principal: Principal;
  subscription: Subscription;
  delivery: DeliveryLogEntry & { payload: string };
  now: number;
}) {
  let body = d.payload;
  try {
    body = JSON.stringify(JSON.parse(d.payload), null, 2);
  } catch {
    // A stored body is always JSON; shown as stored otherwise.
  }
  return (
    <Layout title="Delivery" principal={principal} current="notifications">
      <p>
        <a href={`/dashboard/notifications/${s.id}`}>{`← ${s.name}`}</a>
      </p>
      <h1>Delivery</h1>
      <dl class="props">
        <dt>Id</dt>
        <dd>
          <code>{d.id}</code>
        </dd>
        <dt>Status</dt>
        <dd>{d.status}</dd>
        <dt>Attempts</dt>
        <dd>{String(d.attempts)}</dd>
        <dt>Last answer</dt>
        <dd>
          {[d.lastStatus !== null ? `HTTP ${d.lastStatus}` : '', d.lastError ?? '']
            .filter(Boolean)
            .join(' · ') || '—'}
        </dd>
        <dt>Queued</dt>
        <dd>
          <RelTime at={d.createdAt} now={now} />
        </dd>
        <dt>Delivered</dt>
        <dd>{d.deliveredAt ? <RelTime at={d.deliveredAt} now={now} /> : '—'}</dd>
      </dl>
      <h2>Body sent</h2>
      <pre class="mono payload" tabindex={0}>
        {body}
      </pre>
    </Layout>
  );
}
