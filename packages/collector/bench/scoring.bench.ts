/**
 * Scoring engine benchmarks. Prints figures, asserts nothing about time (machines differ):
 * - live scoring throughput: events applied one by one to their leads' states, on one core (median and
 *   range of 5 runs);
 * - replay: 1M stored events across 20k leads re-scored from scratch (what publishing a model does);
 * - the same events through a naive interpreter of the model, for a ratio;
 * - the cost of a shadow model: a lead re-scored by the active model alone and with the shadow beside it.
 */
import { compileModel } from '../src/scoring/compile';
import { DEFAULT_MODEL } from '../src/scoring/default-model';
import { replay } from '../src/scoring/engine';
import type { LeadEvent } from '../src/scoring/events';
import { applyEvent, createLeadState, finalize, type LeadState } from '../src/scoring/incremental';
import { nextChangeAt } from '../src/scoring/timeline';
import { population } from './generate';
import { naiveScore } from './naive';

// Node's global, typed here rather than pulling @types/node into a Worker package.
const { process } = globalThis as unknown as { process: { version: string; arch: string } };

const LEADS = 20_000;
const PER_LEAD = 50;
const GOAL_EVENTS_PER_SECOND = 1_000_000;
const GOAL_REPLAY_MS = 2_000;

const model = compileModel({ ...DEFAULT_MODEL, competitors: ['rival.example'] });
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const now = () => performance.now();

/** Best of `runs` after one warm-up, in ms. */
function best(runs: number, fn: () => void): number {
  fn();
  let min = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const t = now();
    fn();
    min = Math.min(min, now() - t);
  }
  return min;
}

// Events as an object holds them: parsed from the JSON its log stores (or structured-cloned by the
// call that brought them), not the generator's own objects, which are built by object spreads and
// which V8 lays out differently.
const histories = population(LEADS, PER_LEAD).map(
  (events) => JSON.parse(JSON.stringify(events)) as LeadEvent[],
);
const eventCount = LEADS * PER_LEAD;
// Live traffic interleaves leads: apply events in global time order.
const stream: { lead: number; event: LeadEvent }[] = histories
  .flatMap((events, lead) => events.map((event) => ({ lead, event })))
  .sort((a, b) => a.event.at - b.event.at);
const end = stream[stream.length - 1]?.event.at ?? 0;

console.log(`scoring engine benchmark — Node ${process.version}, ${process.arch}, one core`);
console.log(
  `data: ${fmt(eventCount)} events, ${fmt(LEADS)} leads × ${PER_LEAD}, default model (${model.rules.length} rules)\n`,
);

let sink = 0;
/** Median and range of `runs` timed runs after one warm-up, in ms; `fn` returns its own timing. */
function spread(runs: number, fn: () => number): { median: number; min: number; max: number } {
  fn();
  const times = Array.from({ length: runs }, fn).sort((a, b) => a - b);
  return { median: times[runs >> 1] as number, min: times[0] as number, max: times[runs - 1] as number };
}
const rate = (ms: number) => eventCount / (ms / 1000);
const rates = (t: { median: number; min: number; max: number }) =>
  `${fmt(rate(t.median))} events/s (median of 5; ${fmt(rate(t.max))}–${fmt(rate(t.min))})`;

// As in production: one Durable Object per lead applies that lead's events in order.
const live = spread(5, () => {
  const t = now();
  for (const events of histories) {
    const state = createLeadState(model);
    for (const event of events) applyEvent(state, event);
    sink += state.events.length;
  }
  return now() - t;
});
const perLeadRate = rate(live.median);
console.log(
  `live scoring, lead by lead (as in a Durable Object): ${rates(live)}  goal ≥ ${fmt(GOAL_EVENTS_PER_SECOND)}: ${(perLeadRate / GOAL_EVENTS_PER_SECOND).toFixed(2)}× goal`,
);

// All leads in one isolate, events in global time order: every event touches a different lead's state.
const liveMs = best(3, () => {
  const states: LeadState[] = histories.map(() => createLeadState(model));
  for (const { lead, event } of stream) applyEvent(states[lead] as LeadState, event);
  sink += states.length;
});
const liveRate = eventCount / (liveMs / 1000);
console.log(
  `live scoring, 20k leads interleaved in one isolate: ${fmt(liveRate)} events/s  (${liveMs.toFixed(0)} ms)`,
);

let finalTotal = 0;
const replayMs = best(3, () => {
  finalTotal = 0;
  for (const events of histories) finalTotal += finalize(replay(events, model), end).total;
});
console.log(
  `replay: ${replayMs.toFixed(0)} ms for ${fmt(eventCount)} events / ${fmt(LEADS)} leads incl. results with ledgers  goal < ${GOAL_REPLAY_MS} ms: ${(GOAL_REPLAY_MS / replayMs).toFixed(2)}× goal`,
);

// Reading a lead later (what an alarm or an API call does): decay, expiries and inactivity up to then.
const states = histories.map((events) => replay(events, model));
const readMs = best(3, () => {
  for (const state of states) sink += finalize(state, end + 45 * 86_400_000).eventCount;
});
console.log(
  `read 45 days later: ${((readMs * 1000) / LEADS).toFixed(1)} µs per lead (${readMs.toFixed(0)} ms for ${fmt(LEADS)} leads)`,
);

const sample = histories.slice(0, 2_000).flat();
const naiveMs = best(1, () => {
  sink += naiveScore(DEFAULT_MODEL, sample);
});
const naiveRate = sample.length / (naiveMs / 1000);
console.log(
  `naive baseline: ${fmt(naiveRate)} events/s  (interpreted model, points only, ${fmt(sample.length)} events)`,
);
console.log(`engine (lead by lead) / naive: ${(perLeadRate / naiveRate).toFixed(1)}×`);

// A shadow model (src/shadow): while one runs, every re-score of a lead also scores it with the
// shadow, so the lead's object runs the engine twice. Measured the way the object re-scores: replay
// the history, the result at now, the next time-driven change (for its alarm).
const shadowModel = compileModel({
  ...DEFAULT_MODEL,
  version: 'shadow',
  competitors: ['rival.example'],
  rules: DEFAULT_MODEL.rules.map((r) => (r.id === 'pricing-page' ? { ...r, points: 25 } : r)),
});
const SHADOW_LEADS = 5_000;
const rescore = (m: typeof model, events: readonly LeadEvent[]) => {
  const state = replay(events, m);
  sink += finalize(state, end).total + (nextChangeAt(state, end) ?? 0);
};
const alone = (leads: readonly LeadEvent[][]) => {
  for (const events of leads) rescore(model, events);
};
const beside = (leads: readonly LeadEvent[][]) => {
  for (const events of leads) {
    rescore(model, events);
    rescore(shadowModel, events);
  }
};
const time = (fn: () => void) => {
  const t = now();
  fn();
  return now() - t;
};
// Small slices, each timed alone and with the shadow in turn, best of five: a busy machine slows
// both sides of a slice alike, so the ratio holds even where the absolute figures do not.
beside(histories.slice(0, SHADOW_LEADS));
let aloneMs = 0;
let besideMs = 0;
for (let i = 0; i < SHADOW_LEADS; i += 250) {
  const slice = histories.slice(i, i + 250);
  let a = Number.POSITIVE_INFINITY;
  let b = Number.POSITIVE_INFINITY;
  for (let r = 0; r < 5; r++) {
    a = Math.min(
      a,
      time(() => alone(slice)),
    );
    b = Math.min(
      b,
      time(() => beside(slice)),
    );
  }
  aloneMs += a;
  besideMs += b;
}
const perLead = (ms: number) => ((ms * 1000) / SHADOW_LEADS).toFixed(0);
console.log(
  `shadow model: a lead's re-score (${PER_LEAD} events: replay, result, next change) ${perLead(aloneMs)} µs alone, ` +
    `${perLead(besideMs)} µs with the shadow beside it (×${(besideMs / aloneMs).toFixed(2)}); ` +
    "plus a D1 write of the lead's shadow row when either model moves its band or stage (else debounced like the index)",
);
console.log(`\nchecksum: ${finalTotal.toFixed(2)} ${sink > 0 ? '' : '!'}`);
