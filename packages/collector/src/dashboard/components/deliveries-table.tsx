import type { DeliveryLogEntry } from '../../webhooks/deliveries';
import { SAMPLE_LEAD_ID } from '../../webhooks/sample';
import { shortId } from '../format';
import { Hidden } from './form-fields';
import { RelTime } from './rel-time';
import { TableWrap } from './table-wrap';

const STATUS_WORDS: Record<DeliveryLogEntry['status'], string> = {
  pending: 'queued',
  delivered: 'delivered',
  retrying: 'failed, retrying',
  dead: 'failed',
};

const KIND_WORDS: Record<DeliveryLogEntry['kind'], string> = {
  band_changed: 'band change',
  stage_changed: 'stage change',
  identified: 'identified',
  disqualified: 'disqualified',
  signal: 'signal',
  account_band_changed: 'account band change',
  account_stage_changed: 'account stage change',
};

/**
 * A subscription's delivery log, newest first: what was sent about whom, its status, attempts and
 * the receiver's last answer. A failed delivery can be sent again (Redeliver) once the receiver works.
 */
export function DeliveriesTable({
  subscriptionId,
  deliveries,
  active,
  now,
}: {
  subscriptionId: string;
  deliveries: readonly DeliveryLogEntry[];
  active: boolean;
  now: number;
}) {
  if (deliveries.length === 0) return <p>Nothing was sent yet.</p>;
  const base = `/dashboard/notifications/${subscriptionId}`;
  return (
    <TableWrap label="Deliveries, newest first">
      <table class="deliveries">
        <caption>Deliveries, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Queued</th>
            <th scope="col">About</th>
            <th scope="col">Lead</th>
            <th scope="col">Status</th>
            <th scope="col" class="num">
              Attempts
            </th>
            <th scope="col">Last answer</th>
            <th scope="col">Action</th>
          </tr>
        </thead>
        <tbody>
          {deliveries.map((d) => (
            <tr>
              <td>
                <a href={`${base}/deliveries/${d.id}`}>
                  <RelTime at={d.createdAt} now={now} />
                </a>
              </td>
              <td>{KIND_WORDS[d.kind]}</td>
              <td>
                {d.leadId === SAMPLE_LEAD_ID ? (
                  'test (sample lead)'
                ) : (
                  <a href={`/dashboard/leads/${d.leadId}`}>
                    <code>{shortId(d.leadId)}</code>
                  </a>
                )}
              </td>
              <td>
                <span class={`badge delivery-${d.status}`}>{STATUS_WORDS[d.status]}</span>
              </td>
              <td class="num">{String(d.attempts)}</td>
              <td class="small">
                {d.lastStatus !== null ? `HTTP ${d.lastStatus}` : ''}
                {d.lastError ? <div class="muted">{d.lastError}</div> : null}
              </td>
              <td>
                {d.status === 'dead' && active ? (
                  <form method="post" action={`${base}/deliveries/${d.id}/redeliver`} class="inline">
                    <Hidden name="from" value="log" />
                    <button type="submit" class="small secondary">
                      Redeliver
                      <span class="sr-only">{` the ${KIND_WORDS[d.kind]} queued ${new Date(d.createdAt).toISOString()}`}</span>
                    </button>
                  </form>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
