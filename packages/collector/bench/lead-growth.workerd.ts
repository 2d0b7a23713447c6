/**
 * What one more beacon and a lead detail cost as a lead's history grows: leads with 1, 100, 1,000
 * and 10,000 events, on local workerd (real Durable Objects, SQLite storage, D1). Rounds are
 * interleaved (every size once per round) so the machine's load falls on all sizes alike; prints
 * median and range per size and the ratios of the medians to the 1-event lead, from the same run.
 *
 * "+1 beacon" is the object call the ingest consumer makes for a visitor's batch (here: one page
 * view), with everything it does before it answers: store, score, index write (the test bindings
 * index at once), alarm. The detail is `GET /api/leads/:id` through the Worker. Asserts nothing.
 *
 *   pnpm --filter @leadbeacon/collector run bench:lead [-- --rounds 15]
 */
import { env, exports } from 'cloudflare:workers';
import { it } from 'vitest';
import type { LeadEvent } from '../src/scoring/events';

const SIZES = [1, 100, 1_000, 10_000];
const ROUNDS = 21;
const SITE = 'acme';
const MIN = 60_000;

function history(n: number, end: number, tag: string): LeadEvent[] {
  const start = end - n * MIN;
  const events: LeadEvent[] = [
    { id: `${tag}-id`, at: start - MIN, type: 'identify', email: `${tag}@bigcorp.example` },
  ];
  for (let i = 0; events.length < n; i++) {
    const at = start + i * MIN;
    const id = `${tag}-pv-${i}`;
    const url = i % 2 === 0 ? 'https://acme.test/product/x' : 'https://acme.test/pricing';
    events.push({ id, at, type: 'pageview', url, topics: i % 2 === 0 ? ['product'] : ['pricing'] });
    events.push({
      id: `${tag}-en-${i}`,
      at: at + 20_000,
      type: 'engagement',
      url,
      pageId: id,
      engagedMs: 20_000,
      scrollDepth: 80,
      seq: 1,
    });
  }
  return events.slice(0, n);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const fmt = (xs: number[]) =>
  `${median(xs).toFixed(1).padStart(6)} ms (${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)})`;

it('prints +1 beacon and detail latency and size by history', async () => {
  const now = Date.now();
  const leads = [];
  for (const n of SIZES) {
    const tag = `g${n}-${now.toString(36)}`;
    const id = env.LEADS.idFromName(`l:${SITE}:${tag}@bigcorp.example`);
    const stub = env.LEADS.get(id);
    const events = history(n, now - 10 * MIN, tag);
    for (let i = 0; i < events.length; i += 2000)
      await stub.absorb({ site: SITE, events: events.slice(i, i + 2000) });
    leads.push({ n, tag, id: id.toString(), stub, beacon: [] as number[], detail: [] as number[], bytes: 0 });
  }
  const auth = { authorization: 'Bearer lb_dev_admin_token' };
  // One warm-up round (isolates, statements, the model cache), not counted.
  for (let round = -1; round < ROUNDS; round++) {
    for (const lead of leads) {
      const at = Date.now();
      const event: LeadEvent = {
        id: `${lead.tag}-more-${round}`,
        at,
        type: 'pageview',
        url: 'https://acme.test/pricing',
        topics: ['pricing'],
      };
      let t = performance.now();
      await lead.stub.absorb({ site: SITE, events: [event] });
      const beacon = performance.now() - t;
      t = performance.now();
      const res = await exports.default.fetch(`http://collector.test/api/leads/${lead.id}`, {
        headers: auth,
      });
      const text = await res.text();
      const detail = performance.now() - t;
      if (res.status !== 200) throw new Error(`detail ${res.status}: ${text.slice(0, 200)}`);
      if (round < 0) continue;
      lead.beacon.push(beacon);
      lead.detail.push(detail);
      lead.bytes = Math.max(lead.bytes, text.length);
    }
  }
  const base = leads[0] as (typeof leads)[number];
  const lines = [
    `lead growth on local workerd (a simulation, not production): ${ROUNDS} interleaved rounds, median (min–max)`,
    '',
    '| events | +1 beacon (object call) | ratio to 1 | detail (GET /api/leads/:id) | ratio to 1 | detail size |',
    '|---:|---:|---:|---:|---:|---:|',
    ...leads.map(
      (l) =>
        `| ${l.n.toLocaleString('en-US')} | ${fmt(l.beacon)} | ${(median(l.beacon) / median(base.beacon)).toFixed(2)}× | ${fmt(l.detail)} | ${(median(l.detail) / median(base.detail)).toFixed(2)}× | ${(l.bytes / 1024).toFixed(1)} KB |`,
    ),
  ];
  console.log(lines.join('\n'));
});
