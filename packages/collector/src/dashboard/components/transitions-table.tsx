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

/** Band and stage history, newest first. */
export function TransitionsTable({ transitions, now }: { transitions: readonly Transition[]; now: number }) {
  if (transitions.length === 0) return <p>No band or stage changes yet.</p>;
  const sorted = [...transitions].sort((a, b) => b.at - a.at);
  return (
    <TableWrap label="Band and stage history">
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
              <td>{CAUSES[t.cause] ?? t.cause}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
