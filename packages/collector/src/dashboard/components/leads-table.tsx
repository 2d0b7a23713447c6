import type { LeadRow } from '../../storage/leads-index';
import { shortId } from '../format';
import { type BandView, heldBelow } from '../model-view';
import { BandBadge, StageBadge } from './badges';
import { RelTime } from './rel-time';
import { ScoreCell } from './score-cell';
import { TableWrap } from './table-wrap';

type LeadsTableProps = {
  rows: readonly LeadRow[];
  bands: BandView;
  /** The render time, for "3 h ago". */
  now: number;
};

/** How a lead is called on screen: its name, else its e-mail, else an anonymous visitor. */
export function leadLabel(row: Pick<LeadRow, 'id' | 'name' | 'email'>): string {
  return row.name || row.email || `Anonymous visitor ${shortId(row.id)}`;
}

/** The lead list: one row per lead, in the order given (hottest first by default). */
export function LeadsTable({ rows, bands, now }: LeadsTableProps) {
  return (
    <TableWrap label="Leads">
      <table>
        <caption>Leads</caption>
        <thead>
          <tr>
            <th scope="col">Lead</th>
            <th scope="col">Company</th>
            <th scope="col">Band</th>
            <th scope="col">Stage</th>
            <th scope="col" class="num">
              Total
            </th>
            <th scope="col" class="num">
              Interest
            </th>
            <th scope="col" class="num">
              Intent
            </th>
            <th scope="col" class="num">
              Fit
            </th>
            <th scope="col">Last seen</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr>
              <th scope="row">
                <a class="lead-name" href={`/dashboard/leads/${r.id}`}>
                  {leadLabel(r)}
                </a>
                {r.name && r.email ? <div class="small muted">{r.email}</div> : null}
              </th>
              <td>{r.company ?? <span class="muted">—</span>}</td>
              <td>
                <BandBadge
                  band={r.band}
                  levels={bands.levels}
                  heldBelow={heldBelow(bands, r.band, r.total)}
                />
                {r.disqualified ? <div class="small">disqualified</div> : null}
              </td>
              <td>
                <StageBadge stage={r.stage} />
              </td>
              <ScoreCell value={r.total} max={bands.top} />
              <ScoreCell value={r.interest} max={bands.top} />
              <ScoreCell value={r.intent} max={bands.top} />
              <ScoreCell value={r.fit} max={bands.top} />
              <td>
                <RelTime at={r.last_seen} now={now} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
