import type { Principal } from '../../auth/tokens';
import type { Subscription } from '../../webhooks/subscriptions';
import { Layout } from '../components/layout';

/** GET /dashboard/notifications/:id/delete: deleting needs a second, deliberate click (no script confirm). */
export function SubscriptionDeletePage({
  principal,
  subscription: s,
}: {
  principal: Principal;
  subscription: Subscription;
}) {
  return (
    <Layout title={`Delete ${s.name}`} principal={principal} current="notifications">
      <h1>{`Delete ${s.name}?`}</h1>
      <p>
        It stops at once, its delivery log goes with it, and queued messages are dropped. To stop it for a
        while, pause it instead.
      </p>
      <div class="actions">
        <form method="post" action={`/dashboard/notifications/${s.id}/delete`}>
          <button type="submit" class="danger">
            Delete the subscription
          </button>
        </form>
        <a class="button secondary" href={`/dashboard/notifications/${s.id}`}>
          Keep it
        </a>
      </div>
    </Layout>
  );
}
