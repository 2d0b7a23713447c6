import type { Transition } from '../../scoring';
import { RelTime } from './rel-time';
import { TableWrap } from './table-wrap';

const CAUSES: Record<Transition['cause'], string> = {
  event: 'an event',
  decay: 'decay',
  inactivity: 'inactivity',
  model: 'a model change',
  sales: 'sales',
};

/** The event's words, without repeating the cause ("sales: won", not "sales: Sales: won"). */
function eventWords(t: Transition, words: string): string {
  return t.cause === 'sales' ? words.replace(/^Sales: /, '') : words;
}

/**
 * Band and stage history, newest first, each change with its cause; a change an event caused names
 * the event ("an event: Viewed Pricing (pricing)") from `events` (event id → words).
 */
export function TransitionsTable({
  transitions,
  now,
  events = new Map(),
}: {
  transitions: readonly Transition[];
  now: number;
  events?: ReadonlyMap<string, string>;
}) {
  if (transitions.length === 0) return <p>No band or stage changes yet.</p>;
  const sorted = [...transitions].sort((a, b) => b.at - a.at);
  return (
    <TableWrap label="Band and stage changes">
      <table>
        <caption>Band and stage history, newest first</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">What</th>
            <th scope="col">From</th>
            <th scope="col">To</th>
            <th scope="col">Caused by</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((t) => (
            <tr>
              <td>
                <RelTime at={t.at} now={now} />
              </td>
              <td>{t.kind === 'stage' ? 'stage' : `band (${t.axis ?? 'total'})`}</td>
              <td>{t.from}</td>
              <td>{t.to}</td>
              <td>
                {CAUSES[t.cause] ?? t.cause}
                {t.eventId && events.get(t.eventId) ? `: ${eventWords(t, events.get(t.eventId) ?? '')}` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
