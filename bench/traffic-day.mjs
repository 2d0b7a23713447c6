// A synthetic day of a B2B site's traffic, scaled down, replayed through the real ingest path on local
// workerd, counting what every store does (LB_DEV_STATS=on, GET /dev/stats): D1 statements and rows
// written, Durable Object calls and rows written, alarms, queue messages. Prints them per beacon, per
// page view and per visitor: the figures the scale plan in ARCHITECTURE.md rests on. Prints figures;
// asserts nothing.
//
//   pnpm bench:traffic [-- --scale 200 --seed 1]
//
// The day (divided by --scale): 1,000,000 page views by 50,000 visitors (at most 60 a visitor: the
// replay takes about five minutes at the default scale). A quarter of the visitors
// send no visitor id (no consent, GPC, DNT): their page views are only counted. The others browse in
// sessions; each page view is one beacon (the page view and the engagement delta of the page before,
// as the SDK batches them), one in twenty carries a link click or a download, 3 % of visitors submit
// a demo or contact form with their address, 1 % arrive from a newsletter's e-mail link. Time runs
// ten times faster than in a day: 30 s between two page views of a visitor become 3 s, and the
// collector's own clocks are scaled alike (the index interval and the anonymous hold 10 s → 1 s), so
// debounced index writes and held notifications happen as often per page view as they would.
// Only the queue's batch wait (1 s) is not scaled: batches hold more of a visitor's beacons than they
// would in real time, so the Durable Object calls per beacon are a lower bound.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { parseArgs } from 'node:util';
import { freePort, run, startCollector } from '../scripts/lib/processes.mjs';
import { drained } from './lib/runtime.mjs';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    scale: { type: 'string', default: '200' },
    seed: { type: 'string', default: '1' },
  },
});
const scale = Number(values.scale);
const DAY = { pageviews: 1_000_000, visitors: 50_000 };
const TIME_FACTOR = 10;
/** Seconds between two page views of one visitor, after the time compression (30 s in real time). */
const SPACING_S = 30 / TIME_FACTOR;
/** Visitors arrive over this many seconds of the replay. */
const ARRIVALS_S = 60;
const ANONYMOUS_SHARE = 0.25;
const FORM_SHARE = 0.03;
const EMAIL_LINK_SHARE = 0.01;
const LINK_SHARE = 0.05;
const SESSION_GAP = 8; // page views per session, on average
/** The longest visitor's day, in page views (it keeps the replay within a few minutes). */
const MAX_VIEWS = 60;

const origin = 'http://127.0.0.1:8080';
const token = 'lb_dev_admin_token';
const ua =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';

// A small seeded PRNG (mulberry32), so the same seed replays the same day.
let seed = Number(values.seed) >>> 0 || 1;
function random() {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (list) => list[Math.floor(random() * list.length)];

const PAGES = [
  ['/products/flow.html', ['product-flow']],
  ['/products/check.html', ['product-check']],
  ['/pricing.html', ['pricing']],
  ['/blog/five-signs.html', ['automation']],
  ['/blog/roi.html', ['roi']],
  ['/case-studies/acme.html', ['case-study']],
  ['/about.html', []],
  ['/careers.html', []],
  ['/', []],
];

/**
 * The day's visitors and their page views, divided by `scale`: how many page views each visitor
 * makes follows a geometric distribution with the day's mean (most read a page or two, a few read
 * dozens).
 */
function plan() {
  const visitors = Math.round(DAY.visitors / scale);
  const mean = DAY.pageviews / DAY.visitors;
  const out = [];
  let ids = 0;
  for (let v = 0; v < visitors; v++) {
    const views = Math.max(
      1,
      Math.min(MAX_VIEWS, Math.ceil(Math.log(1 - random()) / Math.log(1 - 1 / mean))),
    );
    const anonymous = random() < ANONYMOUS_SHARE;
    const form = !anonymous && random() < FORM_SHARE ? Math.floor(random() * views) : -1;
    const emailLink = !anonymous && random() < EMAIL_LINK_SHARE;
    const start = random() * ARRIVALS_S;
    const visitor = `day-${values.seed}-${v.toString(36).padStart(6, '0')}`;
    let session = 0;
    let previous;
    for (let p = 0; p < views; p++) {
      if (p > 0 && random() < 1 / SESSION_GAP) session++;
      const [path, topics] = pick(PAGES);
      const url = `${origin}${path}`;
      const events = [];
      const pv = `pv-${(ids++).toString(36).padStart(8, '0')}-${values.seed}`;
      // The engagement of the page before travels with the next page view, as the SDK batches them.
      if (previous) {
        events.push({
          i: `en-${previous.id}`,
          n: 'en',
          u: previous.url,
          p: previous.id,
          ms: 5000 + Math.floor(random() * 60_000),
          sd: Math.floor(random() * 100),
          q: 1,
        });
      }
      events.push({ i: pv, n: 'pv', u: url, ti: path, tp: topics });
      if (random() < LINK_SHARE) {
        const download = random() < 0.5;
        events.push({
          i: `lk-${pv}`,
          n: 'lk',
          u: url,
          h: download
            ? `${origin}/files/whitepaper-${Math.floor(random() * 5)}.pdf`
            : 'https://partner.example/',
        });
      }
      if (p === form) {
        events.push({
          i: `fm-${pv}`,
          n: 'fm',
          u: `${origin}/demo.html`,
          fi: 'demo-form',
          in: pick(['demo_request', 'contact']),
          em: `${visitor}@buyer-${v % 97}.example`,
          tr: {
            name: `Buyer ${v}`,
            company: `Buyer ${v % 97}`,
            title: pick(['CFO', 'Head of Operations', 'Engineer']),
          },
        });
      }
      previous = { id: pv, url };
      out.push({
        at: start + p * SPACING_S * (0.5 + random()),
        visitor,
        anonymous,
        session,
        emailLink: emailLink && p === 0,
        email: `${visitor}@newsletter.example`,
        events,
      });
    }
  }
  return out.sort((a, b) => a.at - b.at);
}

async function api(url, path, init = {}) {
  const res = await fetch(`${url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers },
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** A webhook receiver that answers 200 to everything, as sales' endpoint would. */
async function receiver() {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200).end('ok'));
  });
  const port = await freePort();
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${port}/sales`, close: () => new Promise((r) => server.close(r)) };
}

const beacons = plan();
const pageviews = beacons.length;
const visitorIds = new Set(beacons.map((b) => b.visitor));
const withId = new Set(beacons.filter((b) => !b.anonymous).map((b) => b.visitor));

run('pnpm', ['--filter', '@leadbeacon/collector', 'embed-sdk']);
const state = mkdtempSync(join(tmpdir(), 'leadbeacon-day-'));
const sales = await receiver();
const collector = await startCollector({
  port: await freePort(),
  persistTo: state,
  vars: {
    LB_SITES: JSON.stringify({ acme: { origins: [origin] } }),
    LB_RATE_LIMITS: 'off',
    LB_DEV_STATS: 'on',
    LB_INDEX_INTERVAL_SECONDS: String(10 / TIME_FACTOR),
    LB_ANONYMOUS_NOTIFY_DELAY_SECONDS: String(10 / TIME_FACTOR),
  },
});
process.once('SIGINT', () =>
  Promise.all([collector.stop(), sales.close()]).then(() => {
    rmSync(state, { recursive: true, force: true });
    process.exit(130);
  }),
);

try {
  // The newsletter went out before the day: its links carry tokens minted through the API.
  const tokens = new Map();
  for (const b of beacons.filter((x) => x.emailLink)) {
    const { token: t } = await api(collector.url, '/api/email-tokens', {
      method: 'POST',
      body: JSON.stringify({ site: 'acme', email: b.email, campaign: 'day' }),
    });
    tokens.set(b.visitor, t);
  }
  // Sales and marketing listen for band changes (hot and warm), as a deployment would.
  await api(collector.url, '/api/webhooks', {
    method: 'POST',
    body: JSON.stringify({ name: 'sales and marketing', url: sales.url, kinds: ['band_changed'] }),
  });
  await fetch(`${collector.url}/dev/stats/reset`, { method: 'POST' });
  const before = (await (await fetch(`${collector.url}/dev/stats`)).json()).ingest;

  console.log(
    `traffic day — 1/${scale} of ${DAY.pageviews.toLocaleString('en')} page views and ${DAY.visitors.toLocaleString('en')} visitors: ` +
      `${pageviews} page views (one beacon each) by ${visitorIds.size} visitors (${withId.size} with a visitor id), time ×${TIME_FACTOR}; ` +
      `local workerd (wrangler dev): a simulation of the writes, not of production speed`,
  );
  const started = performance.now();
  let refused = 0;
  const inFlight = new Set();
  for (const b of beacons) {
    const wait = b.at * 1000 - (performance.now() - started);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const now = Date.now();
    const body = {
      s: 'acme',
      ...(b.anonymous ? {} : { v: b.visitor, x: `${b.visitor}-s${b.session}` }),
      t: now,
      ...(tokens.has(b.visitor) && b.emailLink ? { k: tokens.get(b.visitor) } : {}),
      e: b.events.map((e) => ({ ...e, ts: now })),
    };
    const p = fetch(`${collector.url}/e`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin, 'user-agent': ua },
      body: JSON.stringify(body),
    }).then(async (res) => {
      if (res.status !== 204) refused++;
      await res.arrayBuffer();
    });
    inFlight.add(p);
    p.finally(() => inFlight.delete(p));
    if (inFlight.size >= 64) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  const sendSeconds = (performance.now() - started) / 1000;
  await drained(collector.url);
  // Deferred index writes and held notifications come due within the scaled 1 s; alarms and the
  // webhook queue get a few seconds more to finish.
  await new Promise((r) => setTimeout(r, 5000));
  await drained(collector.url);
  const stats = await (await fetch(`${collector.url}/dev/stats`)).json();
  const { stores } = stats;
  const accepted = pageviews - refused;
  const messages = stats.ingest.sent - before.sent;
  const per = (n, d) => (n / d).toFixed(d === 1 ? 0 : 3);
  const rows = [
    ['beacons accepted (204)', accepted, ''],
    ['ingest queue messages', messages, per(messages, accepted)],
    [
      'ingest consumer batches → Durable Object calls',
      stores.objects.calls,
      per(stores.objects.calls, accepted),
    ],
    [
      'Durable Object storage rows written',
      stores.objects.rowsWritten,
      per(stores.objects.rowsWritten, accepted),
    ],
    [
      'Durable Object alarms set (billed as a row written)',
      stores.objects.alarmsSet,
      per(stores.objects.alarmsSet, accepted),
    ],
    ['D1 statements (reads and writes)', stores.d1.statements, per(stores.d1.statements, accepted)],
    ['D1 statements that wrote', stores.d1.writes, per(stores.d1.writes, accepted)],
    ['D1 rows written', stores.d1.rowsWritten, per(stores.d1.rowsWritten, accepted)],
    ['D1 rows read', stores.d1.rowsRead, per(stores.d1.rowsRead, accepted)],
    ['webhook queue messages', stores.queues.WEBHOOKS ?? 0, per(stores.queues.WEBHOOKS ?? 0, accepted)],
  ];
  console.log(
    `sent in ${sendSeconds.toFixed(0)} s (${(accepted / sendSeconds).toFixed(0)} beacons/s), refused ${refused}`,
  );
  console.table(rows.map(([what, total, perBeacon]) => ({ what, total, 'per beacon': perBeacon })));
  const identified = beacons.filter((b) => !b.anonymous).length;
  console.log(
    `${identified} of the beacons carried a visitor id (${accepted - identified} anonymous): per beacon with an id, ` +
      `${per(stores.objects.calls, identified)} Durable Object calls and ${per(stores.objects.rowsWritten, identified)} object rows written; ` +
      `per visitor with an id, ${per(stores.objects.rowsWritten, withId.size)} object rows and ${per(stores.d1.rowsWritten, withId.size)} D1 rows written`,
  );

  console.log(
    `a full day (×${scale}): ${(stores.d1.rowsWritten * scale).toLocaleString('en')} D1 rows written, ${(stores.d1.statements * scale).toLocaleString('en')} D1 statements, ` +
      `${(stores.objects.calls * scale).toLocaleString('en')} Durable Object calls, ${(stores.objects.rowsWritten * scale).toLocaleString('en')} object rows written, ` +
      `${(messages * scale).toLocaleString('en')} ingest messages`,
  );
  // What the day left on disk, read from the stopped collector's local files: D1's tables with their
  // indexes (SQLite's dbstat), and the Durable Objects' databases.
  await collector.stop();
  const d1 = d1Sizes(state);
  console.log(
    `D1 after the day: ${Object.entries(d1)
      .filter(([, t]) => t.rows > 0)
      .map(
        ([name, t]) =>
          `${name} ${t.rows} rows, ${(t.bytes / t.rows).toFixed(0)} bytes a row with its indexes`,
      )
      .join('; ')}`,
  );
  const objects = objectSizes(state);
  console.log(
    `Durable Object storage: ${objects.count} objects, ${(objects.bytes / objects.count / 1024).toFixed(0)} KB each on average (SQLite files)`,
  );
} finally {
  await collector.stop();
  await sales.close();
  rmSync(state, { recursive: true, force: true });
}

/** Files under a directory of the local state, recursively. */
function files(dir) {
  try {
    return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)],
    );
  } catch {
    return [];
  }
}

/** Rows and bytes (table and its indexes) of every D1 table, from the local database file. */
function d1Sizes(dir) {
  const [file] = files(join(dir, 'v3/d1'))
    .filter((f) => f.endsWith('.sqlite'))
    .sort((a, b) => statSync(b).size - statSync(a).size);
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    const owner = new Map(
      db
        .prepare("SELECT name, tbl_name FROM sqlite_schema WHERE type IN ('table', 'index')")
        .all()
        .map((r) => [r.name, r.tbl_name]),
    );
    const out = {};
    for (const { name, bytes } of db
      .prepare('SELECT name, SUM(pgsize) AS bytes FROM dbstat GROUP BY name')
      .all()) {
      const table = owner.get(name) ?? name;
      if (table.startsWith('sqlite_') || table.startsWith('_cf_') || table === 'd1_migrations') continue;
      out[table] ??= { rows: db.prepare(`SELECT COUNT(*) AS n FROM "${table}"`).get().n, bytes: 0 };
      out[table].bytes += bytes;
    }
    return out;
  } finally {
    db.close();
  }
}

/** How many Durable Objects the day created and the bytes of their SQLite files. */
function objectSizes(dir) {
  const list = files(join(dir, 'v3/do')).filter((f) => f.includes('LeadObject') && f.endsWith('.sqlite'));
  return { count: list.length, bytes: list.reduce((sum, f) => sum + statSync(f).size, 0) };
}
