/**
 * Dashboard rendering benchmarks. Prints figures, asserts nothing about time (machines differ):
 * - the leads page as served (50 rows by default, 200 at most) and with 1,000 rows, whole page and
 *   the table alone, through hono/jsx with its escaping, as the Worker renders it;
 * - a lead page for a busy lead (its detail built by the real engine from 300 events).
 * D1 and Durable Object calls are not included: this is the server's own rendering time.
 */

import type { Principal } from '../src/auth/principal';
import { LeadsTable } from '../src/dashboard/components/leads-table';
import { bandView } from '../src/dashboard/model-view';
import { LeadPage } from '../src/dashboard/pages/lead-page';
import { LeadsPage } from '../src/dashboard/pages/leads-page';
import { wholePaging } from '../src/durable/detail';
import type { LeadDetail } from '../src/durable/lead-object';
import { dealOf, leadSource, visitSessions } from '../src/durable/lead-source';
import { pageVisits } from '../src/durable/page-visits';
import { scoreHistory } from '../src/durable/score-history';
import { timelineOf } from '../src/durable/timeline';
import { compileModel } from '../src/scoring/compile';
import { DEFAULT_MODEL } from '../src/scoring/default-model';
import { scoreLead } from '../src/scoring/engine';
import type { LeadRow } from '../src/storage/leads-index';
import { leadHistory, rng, SITE } from './generate';

// Node's global, typed here rather than pulling @types/node into a Worker package.
const { process } = globalThis as unknown as { process: { version: string; arch: string } };

const ROWS = 1_000;
const RUNS = 30;
const now = Date.now();
const bands = bandView(DEFAULT_MODEL);
const principal: Principal = { kind: 'token', name: 'bench', scope: 'admin' };

/** Best and mean of `runs` after two warm-ups, in ms. */
function time(runs: number, fn: () => number): { best: number; mean: number; size: number } {
  let size = fn() + fn();
  let best = Number.POSITIVE_INFINITY;
  let sum = 0;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    size = fn();
    const ms = performance.now() - t;
    best = Math.min(best, ms);
    sum += ms;
  }
  return { best, mean: sum / runs, size };
}

const rows: LeadRow[] = Array.from({ length: ROWS }, (_, i) => {
  const total = ROWS - i / 10;
  return {
    id: i.toString(16).padStart(64, '0'),
    site: 'acme',
    stage: i % 5 === 0 ? 'mql' : 'known',
    band: total >= 51 ? 'hot' : 'warm',
    interest: total / 2,
    intent: total / 3,
    fit: total / 6,
    total,
    disqualified: 0,
    email: `person${i}@company${i % 50}.example`,
    // Every tenth name needs escaping, as a hostile or merely unusual name would.
    name: i % 10 === 0 ? `<b>Person</b> & "${i}"` : `Person ${i}`,
    company: `Company ${i % 50} GmbH`,
    country: 'DE',
    pageviews: 12,
    topics: '["pricing","product"]',
    first_seen: now - 30 * 86_400_000,
    last_seen: now - i * 60_000,
    updated_at: now,
    rev: 1,
    merged_into: null,
    owner_id: null,
  };
});

const render = (node: unknown) => String(node).length;

console.log(`dashboard rendering benchmark — Node ${process.version}, ${process.arch}, one core\n`);

for (const n of [50, 200]) {
  const slice = rows.slice(0, n);
  const r = time(RUNS * 4, () =>
    render(
      <LeadsPage principal={principal} rows={slice} bands={bands} values={{}} nextCursor="x" now={now} />,
    ),
  );
  console.log(
    `leads page, ${n} rows: ${r.best.toFixed(2)} ms best, ${r.mean.toFixed(2)} ms mean (${(r.size / 1024).toFixed(0)} KB of HTML)`,
  );
}

const table = time(RUNS, () => render(<LeadsTable rows={rows} bands={bands} now={now} />));
console.log(
  `leads table alone, ${ROWS.toLocaleString('en-US')} rows: ${table.best.toFixed(2)} ms best, ${table.mean.toFixed(2)} ms mean (${(table.size / 1024).toFixed(0)} KB)`,
);

const page = time(RUNS, () =>
  render(<LeadsPage principal={principal} rows={rows} bands={bands} values={{}} nextCursor="x" now={now} />),
);
console.log(
  `leads page, ${ROWS.toLocaleString('en-US')} rows: ${page.best.toFixed(2)} ms best, ${page.mean.toFixed(2)} ms mean (${(page.size / 1024).toFixed(0)} KB), ${((page.best * 1000) / ROWS).toFixed(1)} µs per row`,
);

const model = compileModel(DEFAULT_MODEL);
const events = leadHistory(7, 300, now - 100 * 86_400_000, rng(7));
const result = scoreLead(events, model, now);
const whole: Omit<LeadDetail, 'paging'> = {
  id: 'f'.repeat(64),
  site: 'acme',
  kind: 'lead',
  result,
  owner: null,
  source: leadSource(events),
  sessions: visitSessions(events),
  deal: dealOf(events),
  pages: pageVisits(events, result, model),
  timeline: timelineOf(events),
  merges: [{ visitor: 'e'.repeat(64), at: now - 86_400_000 }],
  history: scoreHistory(events, model, now),
  dropped: [],
  compacted: null,
  nextChangeAt: now + 86_400_000,
};
// Every list whole (the object would send windows of at most 100): the heavier page.
const detail: LeadDetail = { ...whole, paging: wholePaging(whole) };
const lead = time(RUNS, () =>
  render(<LeadPage principal={principal} detail={detail} bands={bands} origins={[SITE]} now={now} />),
);
console.log(
  `lead page (${events.length} events: ${detail.pages.length} pages, ${result.ledger.length} ledger lines, ${detail.history.length} chart points): ${lead.best.toFixed(2)} ms best, ${lead.mean.toFixed(2)} ms mean (${(lead.size / 1024).toFixed(0)} KB)`,
);
