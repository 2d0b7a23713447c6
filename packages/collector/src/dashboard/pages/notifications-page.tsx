import type { Principal } from '../../auth/tokens';
import type { DeliveryStatus } from '../../webhooks/deliveries';
import type { Subscription } from '../../webhooks/subscriptions';
import { Layout } from '../components/layout';
import { RelTime } from '../components/rel-time';
import { TableWrap } from '../components/table-wrap';
import { plural } from '../format';
import { destinationWords, routingWords } from '../notification-words';

export const LIST_NOTICES = { deleted: 'Subscription deleted, with its delivery log.' } as const;

type NotificationsPageProps = {
  principal: Principal;
  subscriptions: readonly Subscription[];
  latest: ReadonlyMap<string, { status: DeliveryStatus; createdAt: number }>;
  notice?: keyof typeof LIST_NOTICES | undefined;
  now: number;
};

/** GET /dashboard/notifications: who is told about which leads, and how their last message went. */
export function NotificationsPage({ principal, subscriptions, latest, notice, now }: NotificationsPageProps) {
  return (
    <Layout title="Notifications" principal={principal} current="notifications">
      <h1>Notifications</h1>
      <p>
        Each subscription sends a team the leads that concern it — to Slack or to your own system — when they
        change band or stage, are identified or disqualified, or send a single signal worth a call.
      </p>
      {notice ? (
        <p class="notice" role="status">
          {LIST_NOTICES[notice]}
        </p>
      ) : null}
      <p>
        <a class="button" href="/dashboard/notifications/new">
          New subscription
        </a>
      </p>
      {subscriptions.length === 0 ? (
        <p>No subscriptions yet: nobody is told about leads.</p>
      ) : (
        <TableWrap label="Subscriptions">
          <table class="subscriptions">
            <caption>{plural(subscriptions.length, 'subscription')}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Sends to</th>
                <th scope="col">Which leads</th>
                <th scope="col">Status</th>
                <th scope="col">Last message</th>
              </tr>
            </thead>
            <tbody>
              {subscriptions.map((s) => {
                const last = latest.get(s.id);
                return (
                  <tr>
                    <th scope="row">
                      <a href={`/dashboard/notifications/${s.id}`}>{s.name}</a>
                    </th>
                    <td>{destinationWords(s)}</td>
                    <td>
                      <ul class="plain">
                        {routingWords(s).map((line) => (
                          <li>{line}</li>
                        ))}
                      </ul>
                    </td>
                    <td>
                      <span class={`badge ${s.active ? 'status-active' : 'status-paused'}`}>
                        {s.active ? 'active' : 'paused'}
                      </span>
                    </td>
                    <td>
                      {last ? (
                        <>
                          <RelTime at={last.createdAt} now={now} />
                          <div class="small muted">{last.status === 'dead' ? 'failed' : last.status}</div>
                        </>
                      ) : (
                        <span class="muted">none yet</span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableWrap>
      )}
    </Layout>
  );
}
