import { DROPPED_DAYS } from '../../durable/detail';
import { plural } from '../format';

/**
 * What the lead's daily event budget (`LB_LEAD_DAILY_EVENTS`) left out, beside the activity it is
 * missing from: "1,240 events over the daily limit were counted, not stored (on 2026-11-19)". Only
 * when there is something to say: a lead under the budget shows nothing.
 */
export function DroppedNote({ dropped }: { dropped: readonly { day: string; count: number }[] }) {
  const total = dropped.reduce((sum, d) => sum + d.count, 0);
  if (total === 0) return null;
  // The object lists the newest days only: with as many as it gives, older ones may be missing.
  const atLeast = dropped.length >= DROPPED_DAYS ? 'At least ' : '';
  const when =
    dropped.length === 1
      ? `on ${dropped[0]?.day}`
      : `on ${atLeast ? 'at least ' : ''}${plural(dropped.length, 'day')}, the latest ${dropped[0]?.day}`;
  return (
    <p class="warning dropped-note">
      <strong>{`${atLeast}${plural(total, 'event')} over the daily limit ${total === 1 ? 'was' : 'were'} counted, not stored (${when}).`}</strong>{' '}
      <span class="small">
        A lead stores a limited number of browser events a day (page views, clicks, downloads); past it, they
        are left out of this activity and of the score. Identity, forms with an address, sales and server
        events are always stored.
      </span>
    </p>
  );
}
