// Load benchmark of the collector on local workerd (wrangler dev): POST /e against POST /dev/noop
// (reads and parses the same body, answers 204) on the same workerd, beacons spread over 2,000
// visitors and concentrated on 4. Rounds are interleaved; each ratio comes from one round, and the
// median and range over the rounds are printed. Prints figures; asserts nothing.
//
// Two things are measured, because production splits them and one machine cannot:
// - the answer path: what the edge Worker does before its 204 (validation, rate limits off and on,
//   the queue send). Its collectors hold the queue's deliveries back (a 12-hour delivery delay on
//   the ingest producer), so the consumer and the objects do not compete for the
//   same two cores; on Cloudflare they run in their own invocations and on their own machines;
// - the whole pipeline on one machine: the same load with the consumer delivering as configured,
//   timed and CPU-counted until the queue has delivered every beacon it acknowledged.
// CPU is the Worker's workerd process (user + system time from /proc) divided by the requests
// answered; wrangler dev's proxy in front of it, a second workerd production does not have, is left
// out. Answers that were not 2xx (429 rate limited, 503 queue refused, …) are counted per status
// code in every run, summed per round and over the rounds; a figure a run with such answers went
// into is marked † (requests per second and CPU per request count every answer, refusals too).
//
//   pnpm bench:collector [-- --seconds 5 --rounds 3 --connections 16 --collector-dir <dir>]
//
// --collector-dir runs another checkout's packages/collector (e.g. a worktree of main) instead, to
// compare two versions with the same load; a version without the ingest queue has no separate
// answer path.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { COLLECTOR_DIR, freePort, run, startCollector } from '../scripts/lib/processes.mjs';
import { drained, formatRatio, runtimeCpuMs, summary } from './lib/runtime.mjs';
import { addCounts, formatCounts, marked, REFUSAL_MARK, refusalCounts } from './lib/statuses.mjs';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    seconds: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '16' },
    'collector-dir': { type: 'string' },
  },
});
const duration = Number(values.seconds);
const rounds = Number(values.rounds);
const connections = Number(values.connections);
const dir = values['collector-dir'] ? resolve(values['collector-dir']) : COLLECTOR_DIR;

const origin = 'http://127.0.0.1:8080';
const ua =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';

let sequence = 0;
/**
 * A realistic beacon (a page view and an engagement delta) of one of `visitors` browsers, each with
 * its own IP address (as real visitors have; the IP limit counts per address). Visitor ids are new
 * for every run, so every run starts from the same state.
 */
function beaconRequest(run, visitors) {
  sequence++;
  const k = sequence % visitors;
  const visitor = `r${run}-visitor-${k.toString().padStart(6, '0')}`;
  const id = sequence.toString(36).padStart(10, '0');
  const now = Date.now();
  const url = `${origin}/products/flow.html`;
  return {
    headers: {
      'content-type': 'text/plain',
      origin,
      'user-agent': ua,
      'cf-connecting-ip': `10.${run % 256}.${(k >> 8) & 255}.${k & 255}`,
    },
    body: JSON.stringify({
      s: 'acme',
      v: visitor,
      x: `${visitor}-s`,
      t: now,
      e: [
        { i: `pv-${id}`, n: 'pv', ts: now, u: url, ti: 'Flow', tp: ['product-flow'] },
        { i: `en-${id}`, n: 'en', ts: now, u: url, p: `pv-${id}`, ms: 12000, sd: 60, q: 1 },
      ],
    }),
  };
}

let runs = 0;
async function load(collector, path, visitors, pipeline) {
  runs++;
  const runId = runs;
  const port = new URL(collector.url).port;
  const cpuBefore = runtimeCpuMs(collector.child.pid, port);
  const started = performance.now();
  const result = await autocannon({
    url: `${collector.url}${path}`,
    method: 'POST',
    duration,
    connections,
    // A body per request, so every event id is new.
    requests: [{ setupRequest: (req) => ({ ...req, ...beaconRequest(runId, visitors) }) }],
  });
  const loadSeconds = (performance.now() - started) / 1000;
  const drainSeconds = pipeline && path === '/e' ? await drained(collector.url) : 0;
  const cpuMs = runtimeCpuMs(collector.child.pid, port) - cpuBefore;
  const answered = result.requests.total;
  return {
    reqPerSec: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    answered,
    refused: result.non2xx,
    // By status code: a 429 is the rate limits, a 503 the queue refusing, a 500 a failure.
    refusals: refusalCounts(result.statusCodeStats),
    errors: result.errors,
    drainSeconds,
    // Beacons accepted per second of load and drain together: how fast they were also scored.
    processedPerSec: (answered - result.non2xx) / (loadSeconds + drainSeconds),
    cpuMsPerRequest: cpuMs / answered,
  };
}

const SCENARIOS = [
  { key: 'noop', title: 'POST /dev/noop', path: '/dev/noop', visitors: 2000 },
  { key: 'spread', title: 'POST /e, 2,000 visitors', path: '/e', visitors: 2000 },
  { key: 'concentrated', title: 'POST /e, 4 visitors', path: '/e', visitors: 4 },
];

run('pnpm', ['--filter', '@leadbeacon/collector', 'embed-sdk']);
const states = [];
const collectors = {};
const stopAll = async () => {
  for (const c of Object.values(collectors)) await c.stop();
  for (const s of [...states, ...temporary]) rmSync(s, { recursive: true, force: true });
};
process.once('SIGINT', () => stopAll().then(() => process.exit(130)));
process.once('SIGTERM', () => stopAll().then(() => process.exit(143)));

/**
 * The collector's wrangler configuration with the ingest queue's deliveries held back for 12 hours, so
 * a run measures the answer path alone. Written next to wrangler.jsonc (its paths are relative to
 * it) and removed at the end. Null for a version without an ingest queue.
 */
async function answerPathConfig() {
  // wrangler is the collector's dependency: its own JSONC reader, resolved from there.
  const wrangler = createRequire(join(COLLECTOR_DIR, 'package.json')).resolve('wrangler');
  const { experimental_readRawConfig } = await import(pathToFileURL(wrangler).href);
  const { rawConfig } = experimental_readRawConfig({ config: join(dir, 'wrangler.jsonc') });
  const producers = rawConfig.queues?.producers ?? [];
  if (!producers.some((p) => p.binding === 'INGEST')) return null;
  const config = {
    ...rawConfig,
    queues: {
      ...rawConfig.queues,
      producers: producers.map((p) => (p.binding === 'INGEST' ? { ...p, delivery_delay: 43_200 } : p)),
    },
  };
  const file = join(dir, `.bench-answer-path-${process.pid}.wrangler.json`);
  writeFileSync(file, JSON.stringify(config, null, 2));
  temporary.push(file);
  return file;
}
const temporary = [];

/** The collectors: the answer path with the rate limits off and on, and the whole pipeline. */
const SETUPS = [
  { key: 'answer-off', title: 'answer path, rate limits off', limits: 'off', answerPath: true },
  { key: 'answer-on', title: 'answer path, rate limits on', limits: 'on', answerPath: true },
  {
    key: 'pipeline',
    title: 'whole pipeline on one machine, rate limits off',
    limits: 'off',
    answerPath: false,
  },
];

/**
 * Starts (or restarts, with a fresh state) a setup's collector. The answer path's collectors are
 * restarted every round: their queue deliveries are held back, and the local queue refuses sends
 * (503) once tens of thousands of messages wait, which rounds after the first would otherwise meet.
 */
async function startSetup(setup, answerConfig) {
  await collectors[setup.key]?.stop();
  const state = mkdtempSync(join(tmpdir(), 'leadbeacon-bench-'));
  states.push(state);
  collectors[setup.key] = await startCollector({
    port: await freePort(),
    persistTo: state,
    dir,
    ...(setup.answerPath && answerConfig ? { config: answerConfig } : {}),
    vars: { LB_SITES: JSON.stringify({ acme: { origins: [origin] } }), LB_RATE_LIMITS: setup.limits },
  });
}

/** The collector's distinct error lines printed since `from` (its log's length then), at most three. */
function errorLines(collector, from) {
  const lines = collector
    .output()
    .slice(from)
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /error|refused|exception/i.test(l));
  return [...new Set(lines)].slice(0, 3);
}

try {
  const answerConfig = await answerPathConfig();
  for (const setup of SETUPS) await startSetup(setup, answerConfig);
  console.log(
    `collector load benchmark — ${dir === COLLECTOR_DIR ? 'this checkout' : dir}; Node ${process.version}, ${cpus().length} cores; ` +
      `${rounds} rounds × ${duration} s per run, ${connections} connections; local workerd (wrangler dev): a simulation on one machine, not production throughput`,
  );
  const results = Object.fromEntries(SETUPS.map((setup) => [setup.key, []]));
  for (let round = 1; round <= rounds; round++) {
    for (const setup of SETUPS) {
      if (round > 1 && setup.answerPath) await startSetup(setup, answerConfig);
      const line = {};
      for (const s of SCENARIOS) {
        const logFrom = collectors[setup.key].output().length;
        const r = await load(collectors[setup.key], s.path, s.visitors, !setup.answerPath);
        // A failure (5xx) says why in the collector's log: shown, so a refusal has a cause on record.
        if (Object.keys(r.refusals).some((code) => code.startsWith('5')))
          for (const l of errorLines(collectors[setup.key], logFrom))
            console.log(`  collector log: ${l.slice(0, 300)}`);
        line[s.key] = r;
        console.log(
          JSON.stringify({
            round,
            setup: setup.title,
            run: s.title,
            'req/s': Math.round(r.reqPerSec),
            'p50 ms': r.p50,
            'p99 ms': r.p99,
            'non-2xx': marked(formatCounts(r.refusals), r.refusals),
            errors: r.errors,
            ...(setup.answerPath
              ? {}
              : {
                  'drain s': Number(r.drainSeconds.toFixed(2)),
                  'processed/s': Math.round(r.processedPerSec),
                }),
            'cpu ms/req': Number(r.cpuMsPerRequest.toFixed(2)),
          }),
        );
      }
      results[setup.key].push(line);
    }
    const refused = SETUPS.flatMap((setup) =>
      SCENARIOS.filter((s) => Object.keys(results[setup.key][round - 1][s.key].refusals).length > 0).map(
        (s) => `${setup.title} · ${s.title}: ${formatCounts(results[setup.key][round - 1][s.key].refusals)}`,
      ),
    );
    console.log(
      refused.length === 0
        ? `round ${round}: every answer 2xx`
        : `round ${round}: non-2xx answers ${REFUSAL_MARK} — ${refused.join('; ')}`,
    );
  }

  console.log(
    '\nmedian (range) over the rounds; every ratio against POST /dev/noop of the same round and workerd.' +
      '\nLocal workerd on one 2-core machine: a simulation of the shape of the costs, not production figures.',
  );
  const rows = [];
  for (const setup of SETUPS) {
    for (const key of ['spread', 'concentrated']) {
      const lines = results[setup.key];
      const ratio = (f) => summary(lines.map((l) => f(l[key]) / f(l.noop)));
      // Refusals of the runs behind each ratio: the beacon runs and the no-op runs they divide by.
      const refusals = addCounts(...lines.map((l) => l[key].refusals));
      const noopRefusals = addCounts(...lines.map((l) => l.noop.refusals));
      rows.push({
        measured: setup.title,
        beacons: SCENARIOS.find((s) => s.key === key).title.replace('POST /e, ', ''),
        'throughput vs noop': marked(
          formatRatio(setup.answerPath ? ratio((r) => r.reqPerSec) : ratio((r) => r.processedPerSec)),
          refusals,
          noopRefusals,
        ),
        'CPU per beacon vs noop': marked(
          formatRatio(
            ratio((r) => r.cpuMsPerRequest),
            1,
          ),
          refusals,
          noopRefusals,
        ),
        'CPU ms/beacon': summary(lines.map((l) => l[key].cpuMsPerRequest)).median.toFixed(2),
        'noop CPU ms': summary(lines.map((l) => l.noop.cpuMsPerRequest)).median.toFixed(2),
        'non-2xx, all rounds': formatCounts(refusals),
        'noop non-2xx': formatCounts(noopRefusals),
      });
    }
  }
  console.table(rows);
  console.log(
    'throughput: answer path = beacons answered per second; whole pipeline = beacons accepted per second of load and drain together (scored, not only answered)',
  );
  if (rows.some((row) => row['throughput vs noop'].endsWith(REFUSAL_MARK))) {
    console.log(
      `${REFUSAL_MARK} a run behind this figure had non-2xx answers (the non-2xx columns, by status code): answered requests per second and CPU per request count them as requests; not a figure of accepted beacons`,
    );
  }
} finally {
  await stopAll();
}
