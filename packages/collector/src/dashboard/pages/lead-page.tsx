import { can, type Principal } from '../../auth/principal';
import { DEFAULT_WINDOW } from '../../durable/detail';
import type { LeadDetail } from '../../durable/lead-object';
import { leadState, salesOptions } from '../../leads/sales-actions';
import { AXES } from '../../scoring/model';
import type { LeadNote } from '../../storage/lead-notes';
import { ActivityList } from '../components/activity-list';
import { BandBadge, StageBadge } from '../components/badges';
import { DroppedNote } from '../components/dropped-note';
import { Layout } from '../components/layout';
import { LeadSourceList } from '../components/lead-source-list';
import { leadLabel } from '../components/leads-table';
import { type LedgerSort, LedgerTable } from '../components/ledger-table';
import { ZoneNote } from '../components/local-time';
import { NotesPanel } from '../components/notes-panel';
import { type OwnerChoice, OwnerPanel } from '../components/owner-panel';
import { Pager } from '../components/pager';
import { Profile } from '../components/profile';
import { RelTime } from '../components/rel-time';
import { SalesActions, type SalesFormState } from '../components/sales-actions';
import { ScoreChart } from '../components/score-chart';
import { SessionsTable } from '../components/sessions-table';
import { TopReasons } from '../components/top-reasons';
import { TransitionsTable } from '../components/transitions-table';
import { VisitsTable } from '../components/visits-table';
import { money, points, shortId } from '../format';
import type { BandView } from '../model-view';

/** Confirmations after a sales action, chosen by a fixed key (the URL never carries the text). */
export const NOTICES = {
  accept: 'Lead accepted by sales.',
  reject: 'Lead rejected by sales.',
  won: 'Outcome recorded: won.',
  lost: 'Outcome recorded: lost.',
  owner: 'Owner saved.',
  note: 'Note saved.',
  'note-deleted': 'Note deleted.',
} as const;

type LeadPageProps = {
  principal: Principal;
  detail: LeadDetail;
  bands: BandView;
  notice?: keyof typeof NOTICES | undefined;
  /** A sales form that was refused, shown again with its messages. Default: none. */
  sales?: SalesFormState | undefined;
  /** The origins of the lead's site: page URLs on them are links, any other shows as text. */
  origins: readonly string[];
  now: number;
  /** Notes on the lead, newest first. Default none. */
  notes?: readonly LeadNote[] | undefined;
  /** Who may own the lead (active sales users and admins of its site). Default none. */
  owners?: readonly OwnerChoice[] | undefined;
  /** How the ledger is ordered. Default newest first. */
  ledgerSort?: LedgerSort | undefined;
  /** A refused note: why, and its text to write again. */
  noteError?: string | undefined;
  noteDraft?: string | undefined;
};

const AXIS_LABELS = { interest: 'Interest', intent: 'Intent', fit: 'Fit' } as const;

/**
 * GET /dashboard/leads/:id: who, how hot and why first (on a phone the scores and the top reasons
 * fill the first screen), then what sales does (owner, actions, notes), where the lead came from,
 * the ledger, the visits, the history.
 */
export function LeadPage(props: LeadPageProps) {
  const { principal, detail, bands, notice, sales, origins, now } = props;
  const r = detail.result;
  const name = r.profile.traits.name;
  const label = leadLabel({
    id: detail.id,
    name: typeof name === 'string' ? name : null,
    email: r.profile.email ?? null,
  });
  const sell = can(principal, 'leads.sell');
  const base = `/dashboard/leads/${detail.id}`;
  const sort = props.ledgerSort ?? 'time';
  // Every list's links keep the ledger's order and each list's window size given in the URL
  // (already within MAX_WINDOW: a larger one is refused), so paging one list never reorders or
  // resizes another.
  const keep: Record<string, string> = sort === 'impact' ? { ledger: 'impact' } : {};
  for (const [list, window] of Object.entries(detail.paging)) {
    if (window.limit !== DEFAULT_WINDOW) keep[`${list}_limit`] = String(window.limit);
  }
  // What caused each change, in words: the timeline's wording, else the rule's reason for the event.
  const events = new Map<string, string>();
  for (const line of r.ledger) if (!events.has(line.eventId)) events.set(line.eventId, line.reason);
  for (const item of detail.timeline) events.set(item.id, item.label);
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
        {detail.deal ? (
          <span class={`badge ${detail.deal.result === 'won' ? 'verdict-wins' : 'stage'}`}>
            {`deal ${detail.deal.result}${detail.deal.value !== undefined ? ` · ${money(detail.deal.value)}` : ''}`}
          </span>
        ) : null}
        <span class="small">{detail.owner ? `Owner: ${detail.owner.name}` : 'No owner'}</span>
      </p>
      {notice ? (
        <p class="notice" role="status">
          {NOTICES[notice]}
        </p>
      ) : null}

      <div class="grid lead-top">
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
        <section class="panel" aria-labelledby="reasons">
          <h2 id="reasons">Top reasons</h2>
          <TopReasons result={r} />
          <p class="small">
            <a href="#ledger">Every point in the ledger</a>
          </p>
        </section>
      </div>

      <section aria-labelledby="actions">
        <h2 id="actions">Sales</h2>
        <OwnerPanel
          leadId={detail.id}
          owner={detail.owner}
          choices={props.owners ?? []}
          canAssign={sell && detail.kind === 'lead'}
          principal={principal}
        />
        {sell ? (
          <SalesActions
            leadId={detail.id}
            options={salesOptions(leadState(r))}
            deal={detail.deal}
            refused={sales}
          />
        ) : (
          <p class="muted">Accepting, rejecting and recording outcomes are for sales.</p>
        )}
        <p>
          <a class="button secondary" href={`${base}/activity.csv`} download="">
            Download the activity (CSV)
          </a>
        </p>
      </section>

      <section aria-labelledby="notes">
        <h2 id="notes">Notes</h2>
        <NotesPanel
          leadId={detail.id}
          notes={props.notes ?? []}
          principal={principal}
          error={props.noteError}
          draft={props.noteDraft}
          now={now}
        />
      </section>

      <div class="grid">
        <section class="panel" aria-labelledby="profile">
          <h2 id="profile">Profile</h2>
          <Profile detail={detail} now={now} />
        </section>
        <section class="panel" aria-labelledby="source">
          <h2 id="source">Source</h2>
          <LeadSourceList source={detail.source} origins={origins} />
        </section>
      </div>

      <section aria-labelledby="chart">
        <h2 id="chart">Score over time</h2>
        <ScoreChart history={detail.history} thresholds={bands.thresholds} />
      </section>

      <section aria-labelledby="ledger">
        <h2 id="ledger">Why this score</h2>
        <nav aria-label="Order of the ledger" class="small">
          <ul class="row plain">
            <li>
              <a href={`${base}#ledger`} aria-current={sort === 'time' ? 'true' : undefined}>
                Newest first
              </a>
            </li>
            <li>
              <a href={`${base}?ledger=impact#ledger`} aria-current={sort === 'impact' ? 'true' : undefined}>
                Largest impact first
              </a>
            </li>
          </ul>
        </nav>
        <LedgerTable
          ledger={r.ledger}
          total={r.total}
          now={now}
          sort={sort}
          lines={detail.paging.ledger.total}
        />
        <Pager
          list="ledger"
          paging={detail.paging}
          what="lines"
          order={sort === 'impact' ? 'largest impact first' : 'newest first'}
          keep={keep}
        />
      </section>

      <section aria-labelledby="timeline">
        <h2 id="timeline">Visits and activity</h2>
        <DroppedNote dropped={detail.dropped} />
        <ZoneNote />
        {detail.compacted ? <CompactedNote compacted={detail.compacted} /> : null}
        <h3>Visits</h3>
        <SessionsTable sessions={detail.sessions} origins={origins} />
        <h3>Pages read</h3>
        <VisitsTable pages={detail.pages} now={now} origins={origins} />
        <Pager list="pages" paging={detail.paging} what="pages" keep={keep} />
        <h3>Other activity</h3>
        <ActivityList items={detail.timeline} now={now} origins={origins} />
        <Pager list="timeline" paging={detail.paging} what="activities" keep={keep} />
      </section>

      <section aria-labelledby="history">
        <h2 id="history">Band and stage history</h2>
        <TransitionsTable transitions={r.transitions} now={now} events={events} />
        <Pager list="transitions" paging={detail.paging} what="changes" keep={keep} />
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

/**
 * Retention compacted the lead's older browser behaviour: it still counts in the score and the
 * reasons, but its visits and pages are no longer listed.
 */
function CompactedNote({ compacted }: { compacted: NonNullable<LeadDetail['compacted']> }) {
  const day = new Date(compacted.through).toISOString().slice(0, 10);
  const pages = compacted.byType.pageview ?? 0;
  const events = compacted.events === 1 ? '1 event' : `${compacted.events.toLocaleString('en')} events`;
  return (
    <p class="muted" data-compacted>
      {`History before ${day} compacted: ${events} (${pages.toLocaleString('en')} page views) still count in the score and its reasons, but are no longer listed here.`}
    </p>
  );
}
