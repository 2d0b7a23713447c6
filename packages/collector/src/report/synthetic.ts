/**
 * Synthetic populations with a known truth, for the report's tests and its audit (`bench/`): each
 * lead fires each rule with a known probability, and wins with the probability a known logistic
 * model gives it. The events go through the real engine (`outcomeRecord`), so the report reads
 * exactly what it would read from `lead_outcomes`. Deterministic for a seed.
 */
import { assertModel, compileModel, type ScoringModel } from '../scoring';
import type { LeadEvent } from '../scoring/events';
import { type OutcomeRecord, outcomeRecord } from './features';

/** One rule of the truth: how often it fires and what it really does to the odds of winning. */
export type TruthRule = {
  id: string;
  /** The points the model under test gives it (what the team believes). */
  points: number;
  /** The share of leads it fires for. */
  fireRate: number;
  /** Its real effect: the change in log-odds of winning when it fired (0: pure noise). */
  beta: number;
};

export type Truth = {
  /** Log-odds of winning for a lead for which no rule fired. */
  intercept: number;
  rules: TruthRule[];
};

/** 14 rules, 4 of them real (3 for winning, 1 against), 10 pure noise the model still gives points. */
export const SIGNAL: Truth = {
  intercept: -2,
  rules: [
    { id: 'r01-demo', points: 30, fireRate: 0.25, beta: 1.6 },
    { id: 'r02-pricing', points: 20, fireRate: 0.35, beta: 1.0 },
    { id: 'r03-trial', points: 15, fireRate: 0.15, beta: 0.8 },
    { id: 'r04-careers', points: -10, fireRate: 0.2, beta: -1.2 },
    ...noiseRules(),
  ],
};

/** The same 14 rules, none of which has anything to do with winning; about 30 % of leads win. */
export const NOISE: Truth = {
  intercept: Math.log(0.3 / 0.7),
  rules: SIGNAL.rules.map((r) => ({ ...r, beta: 0 })),
};

function noiseRules(): TruthRule[] {
  const rates = [0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.3];
  const points = [5, 10, 15, 5, 10, 15, 5, 10, 15, 10];
  return rates.map((fireRate, i) => ({
    id: `n${String(i + 5).padStart(2, '0')}-noise`,
    points: points[i] as number,
    fireRate,
    beta: 0,
  }));
}

/**
 * The model under test: one rule per truth rule, firing once on a custom event of its name, no
 * decay (so the total is the sum of the points of the rules that fired); bands and MQL as shipped
 * (cold 0–25, warm 26–50, hot 51+; MQL at a total of 51).
 */
export function truthModel(truth: Truth): ScoringModel {
  return assertModel({
    version: 'synthetic',
    rules: truth.rules.map((r) => ({
      id: r.id,
      on: 'custom',
      when: { eventName: r.id },
      axis: r.points < 0 ? 'interest' : 'intent',
      points: r.points,
      frequency: 'once',
    })),
    bands: [
      {
        on: 'total',
        levels: [
          { name: 'cold', min: 0 },
          { name: 'warm', min: 26 },
          { name: 'hot', min: 51 },
        ],
      },
    ],
    stages: { mql: [{ total: 51 }], requireKnown: true, recycleBelow: 26 },
  });
}

/**
 * A seedable generator: sfc32 (Chris Doty-Humphrey's small fast chaotic generator, 128-bit state,
 * from PractRand), its state filled by splitmix32 from the seed so that neighbouring seeds give
 * unrelated streams. The same seed gives the same population.
 */
export function random(seed: number): () => number {
  let s = seed >>> 0;
  const splitmix = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  const next = () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
  // The first outputs still carry the seeding's structure: discard them (as PractRand's reference does).
  for (let i = 0; i < 15; i++) next();
  return next;
}

export type Population = {
  /** What the report reads, one per lead, produced by the engine from the lead's events. */
  outcomes: OutcomeRecord[];
  /** Each lead's true probability of winning (the same order). */
  probabilities: number[];
  model: ScoringModel;
};

const DAY = 86_400_000;
/** Outcomes are spread over the year before this moment. */
export const SYNTHETIC_NOW = Date.UTC(2026, 10, 30);

/** `n` decided leads drawn from the truth with the given seed. */
export function population(truth: Truth, n: number, seed: number): Population {
  const rnd = random(seed);
  const model = truthModel(truth);
  const compiled = { version: 0, compiled: compileModel(model) };
  const outcomes: OutcomeRecord[] = [];
  const probabilities: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = SYNTHETIC_NOW - Math.floor(rnd() * 365) * DAY;
    const id = `s${seed}-${i}`;
    const events: LeadEvent[] = [
      { id: `${id}-id`, at: start, type: 'identify', email: `${id}@acme.example` },
    ];
    let z = truth.intercept;
    truth.rules.forEach((r, j) => {
      if (rnd() >= r.fireRate) return;
      z += r.beta;
      events.push({ id: `${id}-${j}`, at: start + (j + 1) * 60_000, type: 'custom', name: r.id });
    });
    const p = 1 / (1 + Math.exp(-z));
    const won = rnd() < p;
    events.push({ id: `${id}-outcome`, at: start + DAY, type: 'sales', action: won ? 'won' : 'lost' });
    const record = outcomeRecord({ leadId: id, site: 'synthetic' }, events, compiled);
    if (!record) throw new Error('a synthetic lead without an outcome');
    outcomes.push(record);
    probabilities.push(p);
  }
  return { outcomes, probabilities, model };
}
