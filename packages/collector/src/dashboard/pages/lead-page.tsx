import type { Principal } from '../../auth/tokens';
import type { LeadDetail } from '../../durable/lead-object';
import { AXES } from '../../scoring/model';
import { ActivityList } from '../components/activity-list';
import { BandBadge, StageBadge } from '../components/badges';
import { Layout } from '../components/layout';
import { leadLabel } from '../components/leads-table';
import { LedgerTable } from '../components/ledger-table';
import { Pager } from '../components/pager';
import { Profile } from '../components/profile';
import { RelTime } from '../components/rel-time';
import { SalesActions } from '../components/sales-actions';
import { ScoreChart } from '../components/score-chart';
import { TransitionsTable } from '../components/transitions-table';
import { VisitsTable } from '../components/visits-table';
import { points, shortId } from '../format';
import type { BandView } from '../model-view';
import { hasScope } from '../session';

/** Confirmations after a sales action, chosen by a fixed key (the URL never carries the text). */
export const NOTICES = {
  accept: 'Lead accepted by sales.',
  reject: 'Lead rejected by sales.',
  won: 'Outcome recorded: won.',
  lost: 'Outcome recorded: lost.',
} as const;

type LeadPageProps = {
  principal: Principal;
  detail: LeadDetail;
  bands: BandView;
  notice?: keyof typeof NOTICES | undefined;
  /** The origins of the lead's site: page URLs on them are links, any other shows as text. */
  origins: readonly string[];
  now: number;
};

const AXIS_LABELS = { interest: 'Interest', intent: 'Intent', fit: 'Fit' } as const;

/** GET /dashboard/leads/:id: who, how hot, why (ledger), over time (chart), what they did (timeline). */
export function LeadPage({ principal, detail, bands, notice, origins, now }: LeadPageProps) {
  const r = detail.result;
  const name = r.profile.traits.name;
  const label = leadLabel({
    id: detail.id,
    name: typeof name === 'string' ? name : null,
    email: r.profile.email ?? null,
  });
  return (
    <Layout title={label} principal={principal} current="leads">
      <p>
        <a href="/dashboard">← All leads</a>
      </p>
      <h1>{label}</h1>
      <p class="row lead-badges">
        <span>
          Band <BandBadge band={r.band} levels={bands.levels} heldBelow={r.held?.[bands.target]} />
        </span>
        <span>
          Stage <StageBadge stage={r.stage} />
        </span>
        {r.disqualified ? <span class="badge band-top">disqualified</span> : null}
        {r.outcome ? <span class="badge stage">{`deal ${r.outcome}`}</span> : null}
      </p>
      {notice ? (
        <p class="notice" role="status">
          {NOTICES[notice]}
        </p>
      ) : null}

      <div class="grid">
        <section class="panel" aria-labelledby="scores">
          <h2 id="scores">Scores</h2>
          <p>
            <span class="big">{points(r.total)}</span> total
          </p>
          <div class="scorecard">
            {AXES.map((axis) => (
              <>
                <span id={`axis-${axis}`}>{AXIS_LABELS[axis]}</span>
                <span class="score">
                  <meter
                    min={0}
                    max={bands.top}
                    value={Math.max(0, Math.min(r.scores[axis], bands.top))}
                    aria-labelledby={`axis-${axis}`}
                  />
                  <span class="value">{points(r.scores[axis])}</span>
                </span>
              </>
            ))}
          </div>
          {r.anonymousPoints !== 0 ? (
            <p class="small">
              {points(r.anonymousPoints)} of these points were earned before the lead identified.
            </p>
          ) : null}
          {detail.nextChangeAt ? (
            <p class="small muted">
              Time alone changes the band or stage next <RelTime at={detail.nextChangeAt} now={now} />.
            </p>
          ) : null}
        </section>
        <section class="panel" aria-labelledby="profile">
          <h2 id="profile">Profile</h2>
          <Profile detail={detail} now={now} />
        </section>
      </div>

      <section aria-labelledby="actions">
        <h2 id="actions">Sales actions</h2>
        {hasScope(principal, 'write') ? (
          <SalesActions leadId={detail.id} />
        ) : (
          <p class="muted">Accepting, rejecting and recording outcomes need a token with the write scope.</p>
        )}
      </section>

      <section aria-labelledby="chart">
        <h2 id="chart">Score over time</h2>
        <ScoreChart history={detail.history} thresholds={bands.thresholds} />
      </section>

      <section aria-labelledby="ledger">
        <h2 id="ledger">Why this score</h2>
        <LedgerTable ledger={r.ledger} total={r.total} now={now} lines={detail.paging.ledger.total} />
        <Pager list="ledger" paging={detail.paging} what="lines" />
      </section>

      <section aria-labelledby="timeline">
        <h2 id="timeline">Visits and activity</h2>
        <h3>Pages read</h3>
        <VisitsTable pages={detail.pages} now={now} origins={origins} />
        <Pager list="pages" paging={detail.paging} what="pages" />
        <h3>Other activity</h3>
        <ActivityList items={detail.timeline} now={now} origins={origins} />
        <Pager list="timeline" paging={detail.paging} what="activities" />
      </section>

      <section aria-labelledby="history">
        <h2 id="history">Band and stage history</h2>
        <TransitionsTable transitions={r.transitions} now={now} />
        <Pager list="transitions" paging={detail.paging} what="changes" />
      </section>

      <section aria-labelledby="merges">
        <h2 id="merges">Merged browsers</h2>
        {detail.merges.length > 0 ? (
          <ul>
            {detail.merges.map((m) => (
              <li>
                Browser <code>{shortId(m.visitor)}</code> merged <RelTime at={m.at} now={now} />
              </li>
            ))}
          </ul>
        ) : (
          <p>No anonymous browser history merged into this lead.</p>
        )}
      </section>
    </Layout>
  );
}
