import type { MoveCount } from '../data/jobs';
import { TableWrap } from './table-wrap';

type MoveMatrixProps = {
  /** What moves: "Band" or "Stage". */
  what: string;
  counts: readonly MoveCount[];
  /** Names in display order, lowest first (names found only in the counts are appended). */
  order: readonly string[];
};

function ordered(order: readonly string[], found: Iterable<string>): string[] {
  const out = [...order];
  for (const name of found) if (!out.includes(name)) out.push(name);
  return out;
}

/**
 * Leads per (before → after) pair: rows are where leads are now, columns where the other model
 * puts them. The diagonal is "unchanged"; cells above it are promotions, below demotions (marked
 * in words too, not only by colour).
 */
export function MoveMatrix({ what, counts, order }: MoveMatrixProps) {
  const rows = ordered(order, new Set(counts.map((c) => c.from)));
  const cols = ordered(order, new Set(counts.map((c) => c.to)));
  const cell = new Map(counts.map((c) => [`${c.from}\u0000${c.to}`, c.leads]));
  const rank = (name: string) => order.indexOf(name);
  const label = `${what} moves`;
  return (
    <TableWrap label={label}>
      <table class="matrix">
        <caption>{`${what}: now (rows) → with this model (columns), in leads`}</caption>
        <thead>
          <tr>
            <th scope="col">Now ↓ · with this model →</th>
            {cols.map((c) => (
              <th scope="col" class="num">
                {c}
              </th>
            ))}
            <th scope="col" class="num">
              Leads now
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const sum = cols.reduce((s, c) => s + (cell.get(`${r}\u0000${c}`) ?? 0), 0);
            return (
              <tr>
                <th scope="row">{r}</th>
                {cols.map((c) => {
                  const n = cell.get(`${r}\u0000${c}`) ?? 0;
                  const dir =
                    r === c
                      ? 'same'
                      : rank(r) >= 0 && rank(c) >= 0
                        ? rank(c) > rank(r)
                          ? 'up'
                          : 'down'
                        : '';
                  const word =
                    dir === 'same' ? 'unchanged' : dir === 'up' ? 'up' : dir === 'down' ? 'down' : '';
                  return (
                    <td class={`num ${n > 0 ? dir : ''}`}>
                      {n}
                      {n > 0 && word ? <span class="small muted">{` ${word}`}</span> : null}
                    </td>
                  );
                })}
                <td class="num">{sum}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableWrap>
  );
}
