import type { Decay, LedgerLine } from '../../scoring';
import { points, signedPoints } from '../format';
import { RelTime } from './rel-time';
import { TableWrap } from './table-wrap';

function decayText(decay: Decay | undefined): string {
  if (!decay) return 'none';
  const parts: string[] = [];
  if (decay.halfLifeDays !== undefined) parts.push(`half-life ${decay.halfLifeDays} d`);
  if (decay.expiresAfterDays !== undefined) parts.push(`expires after ${decay.expiresAfterDays} d`);
  return parts.join(', ');
}

/** How the ledger is ordered: newest first, or by what each line is worth now (largest first). */
export type LedgerSort = 'time' | 'impact';

/**
 * "Why this score": the ledger lines given (all, or a window of them), newest first or largest
 * impact first (by the absolute value now, so a −50 disqualifier ranks above a +15). All lines'
 * values now sum exactly to the total (the engine guarantees it), which the footer shows.
 */
export function LedgerTable({
  ledger,
  total,
  now,
  sort = 'time',
  lines: all = ledger.length,
}: {
  ledger: readonly LedgerLine[];
  total: number;
  now: number;
  sort?: LedgerSort;
  /** How many lines the ledger has in all (more than `ledger` holds when it is a window). Default: its length. */
  lines?: number;
}) {
  if (ledger.length === 0) return <p>No points yet: no rule has fired for this lead.</p>;
  const lines = [...ledger].sort((a, b) =>
    sort === 'impact' ? Math.abs(b.value) - Math.abs(a.value) || b.at - a.at : b.at - a.at,
  );
  return (
    <TableWrap label="Ledger">
      <table>
        <caption>{`Ledger: every rule that fired, ${sort === 'impact' ? 'largest impact first' : 'newest first'}`}</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Rule</th>
            <th scope="col">Reason</th>
            <th scope="col">Axis</th>
            <th scope="col" class="num">
              Raw
            </th>
            <th scope="col" class="num">
              Capped
            </th>
            <th scope="col" class="num">
              Value now
            </th>
            <th scope="col">Decay</th>
            <th scope="col">Era</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => (
            <tr>
              <td>
                <RelTime at={l.at} now={now} />
              </td>
              <td>
                <code>{l.ruleId}</code>
                {l.disqualify ? <div class="small">disqualifies</div> : null}
                {l.reset ? <div class="small">resets behaviour</div> : null}
              </td>
              <td>{l.reason}</td>
              <td>{l.axis}</td>
              <td class="num">{signedPoints(l.raw)}</td>
              <td class="num">{signedPoints(l.capped)}</td>
              <td class="num">{signedPoints(l.value)}</td>
              <td>{decayText(l.decay)}</td>
              <td>{l.anonymous ? <span class="era">anonymous</span> : 'known'}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td colspan={6}>
              {all > ledger.length
                ? `Total (sum of all ${all.toLocaleString('en-US')} lines' values now)`
                : 'Total (sum of the values now)'}
            </td>
            <td class="num">{points(total)}</td>
            <td colspan={2} />
          </tr>
        </tfoot>
      </table>
    </TableWrap>
  );
}
