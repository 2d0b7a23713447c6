import type { Principal } from '../../auth/principal';
import type { LeadRow } from '../../storage/leads-index';
import { Layout } from '../components/layout';
import { type FilterValues, LeadFilters } from '../components/lead-filters';
import { LeadsTable } from '../components/leads-table';
import { plural } from '../format';
import type { BandView } from '../model-view';

type LeadsPageProps = {
  principal: Principal;
  rows: readonly LeadRow[];
  bands: BandView;
  values: FilterValues;
  /** The cursor this page was opened with, if any (then a link back to the first page is shown). */
  cursor?: string | undefined;
  /** The cursor of the next page, null on the last page. */
  nextCursor: string | null;
  /** A filter the list API refused, in its words. */
  error?: string | undefined;
  /** People who own leads, for the owner filter. Default none. */
  owners?: readonly { id: string; name: string }[] | undefined;
  now: number;
};

function listHref(values: FilterValues, cursor?: string): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v) params.set(k, v);
  if (cursor) params.set('cursor', cursor);
  const query = params.toString();
  return query ? `/dashboard?${query}` : '/dashboard';
}

/** The list as CSV with the same filters and order (`GET /dashboard/leads.csv`). */
function csvHref(values: FilterValues): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v && k !== 'limit') params.set(k, v);
  const query = params.toString();
  return query ? `/dashboard/leads.csv?${query}` : '/dashboard/leads.csv';
}

/** GET /dashboard: the leads, hottest first, with filters and cursor pagination. */
export function LeadsPage(p: LeadsPageProps) {
  const filtered = Object.values(p.values).some(Boolean);
  return (
    <Layout title="Leads" principal={p.principal} current="leads">
      <h1>Leads</h1>
      <p class="muted">
        Hottest first: hot before warm before cold, then by total score (interest + intent + fit). Open a lead
        to see why it scores what it does.
      </p>
      <LeadFilters values={p.values} bandLevels={p.bands.levels} owners={p.owners} />
      {p.error ? (
        <div class="error" role="alert">
          <p>
            <strong>Filter not applied:</strong> {p.error}
          </p>
        </div>
      ) : null}
      {p.rows.length > 0 ? (
        <>
          <p class="small muted row" role="status">
            <span>
              {plural(p.rows.length, 'lead')} on this page
              {filtered ? ' (filtered)' : ''}.
            </span>
            <a href={csvHref(p.values)} download="">
              Download these leads (CSV, up to 10,000)
            </a>
          </p>
          <LeadsTable rows={p.rows} bands={p.bands} now={p.now} />
        </>
      ) : p.error ? null : (
        <p role="status">{filtered ? 'No leads match these filters.' : 'No leads yet.'}</p>
      )}
      {p.cursor || p.nextCursor ? (
        <nav class="pager" aria-label="Pages">
          {p.cursor ? <a href={listHref(p.values)}>First page</a> : null}
          {p.nextCursor ? (
            <a href={listHref(p.values, p.nextCursor)} rel="next">
              Next page
            </a>
          ) : null}
        </nav>
      ) : null}
    </Layout>
  );
}
