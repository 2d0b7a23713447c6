// Load benchmark of the collector on local workerd (wrangler dev): beacons per second through the
// whole path (validation, Durable Object per visitor, D1 upsert) against a baseline route in the
// same run. Prints figures; it asserts nothing. Usage: pnpm bench:collector [-- --seconds 10]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { run, startCollector } from '../scripts/lib/processes.mjs';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: { seconds: { type: 'string', default: '10' }, connections: { type: 'string', default: '16' } },
});
const duration = Number(values.seconds);
const connections = Number(values.connections);

run('pnpm', ['--filter', '@leadbeacon/collector', 'embed-sdk']);
const state = mkdtempSync(join(tmpdir(), 'leadbeacon-bench-'));
const origin = 'http://127.0.0.1:8080';
const collector = await startCollector({
  port: 8799,
  persistTo: state,
  // Rate limits off: the load comes from one IP, which a real deployment would answer with 429.
  vars: { LB_SITES: JSON.stringify({ acme: { origins: [origin] } }), LB_RATE_LIMITS: 'off' },
});

const ua =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';
let n = 0;
/** A realistic batch: a page view and an engagement delta, from one of 2,000 visitors. */
function beacon() {
  n++;
  const now = Date.now();
  const visitor = `visitor-${(n % 2000).toString().padStart(6, '0')}`;
  const id = n.toString(36).padStart(10, '0');
  return JSON.stringify({
    s: 'acme',
    v: visitor,
    x: `${visitor}-s`,
    t: now,
    e: [
      {
        i: `pv-${id}`,
        n: 'pv',
        ts: now,
        u: `${origin}/products/flow.html`,
        ti: 'Flow',
        tp: ['product-flow'],
      },
      {
        i: `en-${id}`,
        n: 'en',
        ts: now,
        u: `${origin}/products/flow.html`,
        p: `pv-${id}`,
        ms: 12000,
        sd: 60,
        q: 1,
      },
    ],
  });
}

async function load(title, opts) {
  const result = await autocannon({ duration, connections, ...opts });
  const line = {
    title,
    'req/s': Math.round(result.requests.average),
    'p50 ms': result.latency.p50,
    'p99 ms': result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
  console.log(JSON.stringify(line));
  return line;
}

try {
  console.log(
    `collector load benchmark — Node ${process.version}, ${duration} s per run, ${connections} connections, wrangler dev (workerd)`,
  );
  const base = await load('baseline GET /healthz (one D1 read)', { url: `${collector.url}/healthz` });
  const lb = await load('GET /lb.js', { url: `${collector.url}/lb.js` });
  const beacons = await load('POST /e (page view + engagement, 2,000 visitors)', {
    url: `${collector.url}/e`,
    method: 'POST',
    headers: { 'content-type': 'text/plain', origin, 'user-agent': ua },
    // A body per request, so every event id is new.
    requests: [{ setupRequest: (req) => ({ ...req, body: beacon() }) }],
  });
  const ratio = (a, b) => (a['req/s'] / b['req/s']).toFixed(2);
  console.log(`\nbeacons / baseline: ${ratio(beacons, base)}×   lb.js / baseline: ${ratio(lb, base)}×`);
  console.log(
    'Local workerd on one machine: the shape of the costs, not production throughput (which scales out per visitor object).',
  );
} finally {
  await collector.stop();
  rmSync(state, { recursive: true, force: true });
}
