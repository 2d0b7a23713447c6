// How long after a beacon the lead's score is updated, and sales hears about it by webhook, on local
// workerd with the queues configured as in wrangler.jsonc (ingest batches wait up to 1 s to fill,
// webhook batches up to 1 s). Each trial: a known lead (identified through the API) sends one beacon
// that makes it hot (pricing page, product check, demo request); the script polls the lead API every
// 20 ms until the band is hot, and a local receiver notes when the "hot" webhook arrives. A trial for
// an anonymous visitor adds the hold that lets an identify catch up (LB_ANONYMOUS_NOTIFY_DELAY_SECONDS,
// 10 s by default). With --load, the trials run while other visitors send beacons in the background.
// Prints figures; asserts nothing.
//
//   pnpm bench:latency [-- --trials 10 --load 100]
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { freePort, run, startCollector } from '../scripts/lib/processes.mjs';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    trials: { type: 'string', default: '10' },
    // Background beacons per second from other visitors while the trials run (0: a quiet queue).
    load: { type: 'string', default: '0' },
  },
});
const trials = Number(values.trials);
const background = Number(values.load);

const origin = 'http://127.0.0.1:8080';
const token = 'lb_dev_admin_token';
const ua =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';

/** A webhook receiver that resolves a waiter when a lead's "hot" notification arrives. */
async function receiver() {
  const waiters = new Map();
  const arrived = new Map();
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const at = performance.now();
      res.writeHead(200).end('ok');
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        if (body.type !== 'lead.band_changed' || body.data?.change?.to !== 'hot') return;
        const lead = body.data.leadId;
        arrived.set(lead, at);
        waiters.get(lead)?.(at);
      } catch {
        // not ours
      }
    });
  });
  const port = await freePort();
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    hot: (lead) =>
      arrived.has(lead)
        ? Promise.resolve(arrived.get(lead))
        : new Promise((resolve) => waiters.set(lead, resolve)),
    close: () => new Promise((r) => server.close(r)),
  };
}

async function api(url, path, init = {}) {
  const res = await fetch(`${url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers },
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

let n = 0;
/** Pricing, the product check, a demo request and a video: hot. `topic` tells the visitor's page views apart. */
function buyingBeacon(visitor, topic) {
  const now = Date.now();
  const id = () => `lat-${(++n).toString(36).padStart(6, '0')}-${process.pid}`;
  return JSON.stringify({
    s: 'acme',
    v: visitor,
    t: now,
    e: [
      { i: id(), n: 'pv', ts: now - 2000, u: `${origin}/pricing.html`, tp: ['pricing', topic] },
      { i: id(), n: 'ev', ts: now - 1000, u: `${origin}/products/check.html`, nm: 'product_check_completed' },
      { i: id(), n: 'fm', ts: now, u: `${origin}/demo.html`, fi: 'demo-form', in: 'demo_request' },
      { i: id(), n: 'ev', ts: now, u: `${origin}/products/video.html`, nm: 'video_watched' },
    ],
  });
}

async function trial(url, hooks, known) {
  const visitor = `latency-${known ? 'known' : 'anon'}-${++n}-${process.pid}`;
  let lead;
  if (known) {
    ({ leadId: lead } = await api(url, '/api/identify', {
      method: 'POST',
      body: JSON.stringify({ site: 'acme', email: `${visitor}@buyer.example`, visitorId: visitor }),
    }));
  }
  const sent = performance.now();
  const res = await fetch(`${url}/e`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain', origin, 'user-agent': ua },
    body: buyingBeacon(visitor, `t${visitor.replace(/[^a-z0-9]/g, '')}`),
  });
  if (res.status !== 204) throw new Error(`POST /e: ${res.status}`);
  const acked = performance.now();
  if (!known) {
    // The visitor object's id, found in the lead list by the topic only its page view has.
    for (;;) {
      const { leads } = await api(url, `/api/leads?topic=t${visitor.replace(/[^a-z0-9]/g, '')}`);
      if (leads[0]) {
        lead = leads[0].id;
        break;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  let scored;
  for (;;) {
    const detail = await api(url, `/api/leads/${lead}`);
    if (detail.band === 'hot') {
      scored = performance.now();
      break;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  const hooked = await hooks.hot(lead);
  return { ack: acked - sent, score: scored - sent, webhook: hooked - sent };
}

function stats(list) {
  const s = [...list].sort((a, b) => a - b);
  const at = (q) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return `median ${(at(0.5) / 1000).toFixed(2)} s, p90 ${(at(0.9) / 1000).toFixed(2)} s, max ${(s[s.length - 1] / 1000).toFixed(2)} s`;
}

run('pnpm', ['--filter', '@leadbeacon/collector', 'embed-sdk']);
const state = mkdtempSync(join(tmpdir(), 'leadbeacon-latency-'));
const hooks = await receiver();
const collector = await startCollector({
  port: await freePort(),
  persistTo: state,
  vars: { LB_SITES: JSON.stringify({ acme: { origins: [origin] } }), LB_RATE_LIMITS: 'off' },
});
let loader;
const stop = async () => {
  loader?.stop();
  await collector.stop();
  await hooks.close();
  rmSync(state, { recursive: true, force: true });
};
process.once('SIGINT', () => stop().then(() => process.exit(130)));

try {
  await api(collector.url, '/api/webhooks', {
    method: 'POST',
    body: JSON.stringify({
      name: 'latency',
      url: hooks.url,
      kinds: ['band_changed'],
      bands: ['hot'],
      direction: 'up',
      includeAnonymous: true,
    }),
  });
  if (background > 0) {
    let k = 0;
    loader = autocannon({
      url: `${collector.url}/e`,
      method: 'POST',
      connections: 8,
      overallRate: background,
      duration: 3600,
      requests: [
        {
          setupRequest: (req) => {
            k++;
            const now = Date.now();
            return {
              ...req,
              headers: { 'content-type': 'text/plain', origin, 'user-agent': ua },
              body: JSON.stringify({
                s: 'acme',
                v: `background-${k % 2000}`,
                t: now,
                e: [
                  {
                    i: `bg-${k.toString(36).padStart(8, '0')}`,
                    n: 'pv',
                    ts: now,
                    u: `${origin}/blog/a.html`,
                  },
                ],
              }),
            };
          },
        },
      ],
    });
  }
  console.log(
    `ingest latency — Node ${process.version}; ${trials} trials; ${background > 0 ? `${background} background beacons/s` : 'quiet queue'}; ` +
      'local workerd (wrangler dev), queues as in wrangler.jsonc (ingest and webhook batches wait ≤ 1 s): a simulation on one machine',
  );
  // A first beacon warms the isolate and the model cache; it is not counted.
  await trial(collector.url, hooks, true);
  const known = [];
  for (let i = 0; i < trials; i++) known.push(await trial(collector.url, hooks, true));
  console.log(`known lead, beacon → 204:          ${stats(known.map((t) => t.ack))}`);
  console.log(`known lead, beacon → score updated: ${stats(known.map((t) => t.score))}`);
  console.log(`known lead, beacon → webhook:       ${stats(known.map((t) => t.webhook))}`);
  const anon = await trial(collector.url, hooks, false);
  console.log(
    `anonymous visitor (one trial): score ${(anon.score / 1000).toFixed(2)} s, webhook ${(anon.webhook / 1000).toFixed(2)} s (held 10 s for an identify to follow)`,
  );
} finally {
  await stop();
}
