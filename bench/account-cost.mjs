// What keeping accounts current costs per beacon, beside the lead-only cost: the same traffic (known
// people browsing, one page view a beacon) replayed twice through the real path on local workerd,
// once by people with free-mail addresses (they never join an account: the lead-only path) and once
// by people of a few companies with business addresses (each beacon also feeds the company's
// account object, which re-scores, writes its index row and may notify). Every store call is counted
// (LB_DEV_STATS=on, GET /dev/stats); CPU is the Worker's workerd process (from /proc). Prints
// figures; asserts nothing.
//
//   node bench/account-cost.mjs [-- --people 20 --views 15 --companies 5 --rounds 2]
//
// Local workerd on a shared machine: the shape of the costs, not production figures. Rounds
// alternate the two kinds of traffic, each on new people.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { freePort, run, startCollector } from '../scripts/lib/processes.mjs';
import { drained, runtimeCpuMs } from './lib/runtime.mjs';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    people: { type: 'string', default: '20' },
    views: { type: 'string', default: '15' },
    companies: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '2' },
  },
});
const PEOPLE = Number(values.people);
const VIEWS = Number(values.views);
const COMPANIES = Number(values.companies);
const ROUNDS = Number(values.rounds);
const origin = 'http://127.0.0.1:8080';
const ua =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';
const PAGES = [
  '/pricing.html',
  '/products/flow.html',
  '/blog/five-signs.html',
  '/products/check.html',
  '/about.html',
];

let seq = 0;
const id = (p) => `${p}${(seq++).toString(36)}${Math.random().toString(36).slice(2, 8)}`;

async function beacon(url, visitor, events) {
  const now = Date.now();
  const res = await fetch(`${url}/e`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain', origin, 'user-agent': ua },
    body: JSON.stringify({
      s: 'acme',
      v: visitor,
      x: `${visitor}-s`,
      t: now,
      e: events.map((e) => ({ i: id('e'), ts: now, ...e })),
    }),
  });
  await res.arrayBuffer();
  if (res.status !== 204) throw new Error(`beacon refused: ${res.status}`);
}

/** People identify (not counted), then browse: VIEWS page-view beacons each, counted. */
async function traffic(collector, port, kind, round) {
  const people = Array.from({ length: PEOPLE }, (_, i) => ({
    visitor: id('v'),
    email:
      kind === 'accounts'
        ? `p${i}.${round}@company-${i % COMPANIES}-r${round}.example`
        : `p${i}.${round}.${id('x')}@gmail.com`,
  }));
  await Promise.all(
    people.map((p) =>
      beacon(collector.url, p.visitor, [{ n: 'id', u: `${origin}/contact.html`, em: p.email }]),
    ),
  );
  await drained(collector.url);
  await fetch(`${collector.url}/dev/stats/reset`, { method: 'POST' });
  const cpuBefore = runtimeCpuMs(collector.child.pid, port);
  const started = performance.now();
  for (let v = 0; v < VIEWS; v++) {
    await Promise.all(
      people.map((p) =>
        beacon(collector.url, p.visitor, [
          { n: 'pv', u: `${origin}${PAGES[(v + p.visitor.length) % PAGES.length]}`, tp: [] },
        ]),
      ),
    );
    await drained(collector.url);
  }
  const seconds = (performance.now() - started) / 1000;
  const cpuMs = runtimeCpuMs(collector.child.pid, port) - cpuBefore;
  const { stores } = await (await fetch(`${collector.url}/dev/stats`)).json();
  const n = PEOPLE * VIEWS;
  return {
    beacons: n,
    cpuMs: cpuMs / n,
    seconds,
    objectCalls: stores.objects.calls / n,
    objectRows: stores.objects.rowsWritten / n,
    d1Statements: stores.d1.statements / n,
    d1Writes: stores.d1.writes / n,
    d1Rows: stores.d1.rowsWritten / n,
    webhooks: (stores.queues.WEBHOOKS ?? 0) / n,
  };
}

run('pnpm', ['--filter', '@leadbeacon/collector', 'embed-sdk']);
const state = mkdtempSync(join(tmpdir(), 'leadbeacon-accounts-'));
const port = await freePort();
const collector = await startCollector({
  port,
  persistTo: state,
  vars: {
    LB_SITES: JSON.stringify({ acme: { origins: [origin] } }),
    LB_RATE_LIMITS: 'off',
    LB_DEV_STATS: 'on',
    LB_INDEX_INTERVAL_SECONDS: '0',
  },
});
try {
  const results = { lead: [], accounts: [] };
  for (let r = 0; r < ROUNDS; r++) {
    for (const kind of r % 2 === 0 ? ['lead', 'accounts'] : ['accounts', 'lead']) {
      results[kind].push(await traffic(collector, port, kind, r));
    }
  }
  const mean = (list, key) => list.reduce((s, x) => s + x[key], 0) / list.length;
  const rows = [
    ['workerd CPU ms', 'cpuMs', 2],
    ['Durable Object calls', 'objectCalls', 2],
    ['Durable Object rows written', 'objectRows', 1],
    ['D1 statements', 'd1Statements', 2],
    ['D1 statements that wrote', 'd1Writes', 2],
    ['D1 rows written', 'd1Rows', 2],
  ];
  console.log(
    `account cost — ${PEOPLE} known people × ${VIEWS} page-view beacons, ${ROUNDS} rounds each; accounts: ${COMPANIES} companies of ${PEOPLE / COMPANIES} people; local workerd, a simulation of the shape of the costs`,
  );
  console.table(
    rows.map(([what, key, digits]) => {
      const lead = mean(results.lead, key);
      const acc = mean(results.accounts, key);
      return {
        'per beacon': what,
        'lead only': lead.toFixed(digits),
        'with accounts': acc.toFixed(digits),
        'extra for accounts': `${(acc - lead).toFixed(digits)} (${lead > 0 ? `${((acc / lead - 1) * 100).toFixed(0)} %` : '—'})`,
      };
    }),
  );
} finally {
  await collector.stop();
  rmSync(state, { recursive: true, force: true });
}
