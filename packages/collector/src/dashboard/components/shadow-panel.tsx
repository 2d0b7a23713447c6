import type { BucketRow } from '../../report/buckets';
import type { ModelSide } from '../../report/shadow-comparison';
import type { ShadowStatus } from '../../shadow/service';
import { intervalText, num, shareText } from '../report-format';
import { RelTime } from './rel-time';
import { TableWrap } from './table-wrap';

type ShadowPanelProps = {
  status: ShadowStatus;
  /** Whether the viewer may promote or withdraw (admin scope). */
  admin: boolean;
  now: number;
};

/**
 * The shadow model on the model page: which version runs beside the active one since when, the
 * two compared on the outcomes recorded since then, and the actions (promote, withdraw).
 */
export function ShadowPanel({ status, admin, now }: ShadowPanelProps) {
  const s = status.shadow;
  const c = status.comparison;
  if (!s || !c) {
    return (
      <p>
        No shadow model runs. Publish a stored version as <em>shadow</em> from its page: it then scores every
        lead live beside the active model, tells nobody and changes no lead, and this section compares the two
        on the outcomes recorded from then on.
      </p>
    );
  }
  return (
    <>
      <p id="shadow-summary">
        <a href={`/dashboard/model/versions/${s.version}`}>{`Version ${s.version}`}</a> (
        <code>{s.label}</code>) scores every lead beside the active version {status.activeVersion} since{' '}
        <RelTime at={s.startedAt} now={now} />
        {s.startedBy ? ` (started by ${s.startedBy})` : ''}. It notifies nobody and changes no lead.
      </p>
      {admin ? (
        <div class="actions">
          <form method="post" action="/dashboard/model/shadow/promote">
            <button type="submit">{`Promote version ${s.version} to active`}</button>
          </form>
          <form method="post" action="/dashboard/model/shadow/withdraw">
            <button type="submit" class="secondary">
              Withdraw the shadow
            </button>
          </form>
        </div>
      ) : null}
      <p class={c.claims ? 'notice' : 'error'} role="status" id="shadow-verdict">
        {c.verdict.charAt(0).toUpperCase() + c.verdict.slice(1)}.
      </p>
      <TableWrap label="Active and shadow model compared">
        <table class="compare">
          <caption>{`Active and shadow on the ${c.outcomes.total} outcomes recorded since the shadow started (${c.outcomes.won} won)`}</caption>
          <thead>
            <tr>
              <th scope="col" />
              <th scope="col">{`Active (version ${c.active.version})`}</th>
              <th scope="col">{`Shadow (version ${c.shadow.version})`}</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">AUC (95 % interval)</th>
              <td>{c.active.ranking ? intervalText(c.active.ranking.auc) : '–'}</td>
              <td>{c.shadow.ranking ? intervalText(c.shadow.ranking.auc) : '–'}</td>
            </tr>
            <tr>
              <th scope="row">Of the leads it made MQL before their outcome, won</th>
              <td>{shareText(c.active.sentToSales.precision)}</td>
              <td>{shareText(c.shadow.sentToSales.precision)}</td>
            </tr>
            <tr>
              <th scope="row">Lift: how much more often those won than all leads</th>
              <td>{lift(c.active)}</td>
              <td>{lift(c.shadow)}</td>
            </tr>
            <tr>
              <th scope="row">Of the won leads, made MQL by it</th>
              <td>{shareText(c.active.sentToSales.recall)}</td>
              <td>{shareText(c.shadow.sentToSales.recall)}</td>
            </tr>
            <tr>
              <th scope="row">{`Leads it made MQL (sent to sales) since the shadow started, of ${c.live.leads} scored`}</th>
              <td>{String(c.active.sentSinceStart)}</td>
              <td>{String(c.shadow.sentSinceStart)}</td>
            </tr>
          </tbody>
        </table>
      </TableWrap>
      {c.aucDifference ? (
        <p class="small muted">
          {`Shadow minus active AUC on the same outcomes: ${intervalText(c.aucDifference.difference, 3)} (DeLong), p = ${num(c.aucDifference.p, 3)}.`}
        </p>
      ) : null}
      <div class="grid">
        <BandTable title={`Active (version ${c.active.version}) by band`} rows={c.active.bands} />
        <BandTable title={`Shadow (version ${c.shadow.version}) by band`} rows={c.shadow.bands} />
      </div>
    </>
  );
}

function lift(side: ModelSide): string {
  const l = side.sentToSales.lift;
  return l ? `${num(l.estimate)} × (${num(l.low)} to ${num(l.high)})` : '–';
}

function BandTable({ title, rows }: { title: string; rows: readonly BucketRow[] }) {
  return (
    <TableWrap label={title}>
      <table>
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">Band</th>
            <th scope="col">Won (95 % interval)</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((b) => (
            <tr>
              <th scope="row">{b.label}</th>
              <td>{b.outcomes === 0 ? 'no outcomes' : shareText(b.winRate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
