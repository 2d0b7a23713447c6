/**
 * Reproduce, don't trust: the model report on populations with a known truth. Each population is
 * drawn from a logistic model in which some rules really change the odds of winning and the rest
 * are pure noise (`src/report/synthetic.ts`); the leads' events go through the scoring engine and
 * the report exactly as recorded outcomes would. For a small and a large sample of each truth, over
 * many seeds, it prints what the report claimed against what is true: noise rules called
 * predictive, real ones found, suggested weights against the true effects, how often the 95 %
 * intervals cover the truth, the AUC's reading, and the recommended threshold.
 *
 * `node bench/run.mjs audit` (Node, bundled with esbuild like the other benchmarks). Prints, asserts nothing.
 */
import { buildModelReport, type ModelReport } from '../src/report/model-report';
import { NOISE, type Population, population, SIGNAL, type Truth } from '../src/report/synthetic';

const { process } = globalThis as unknown as { process: { version: string; arch: string } };

type Scenario = { name: string; truth: Truth; n: number; runs: number };

const SCENARIOS: Scenario[] = [
  { name: 'pure noise', truth: NOISE, n: 20, runs: 200 },
  { name: 'pure noise', truth: NOISE, n: 100, runs: 200 },
  { name: 'pure noise', truth: NOISE, n: 2000, runs: 100 },
  { name: 'real signal', truth: SIGNAL, n: 20, runs: 200 },
  { name: 'real signal', truth: SIGNAL, n: 100, runs: 200 },
  { name: 'real signal', truth: SIGNAL, n: 2000, runs: 100 },
];

const pct = (x: number) => `${(x * 100).toFixed(x > 0 && x < 0.01 ? 1 : 0)} %`;
const median = (xs: number[]) => {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const fmt = (x: number, d = 2) => (Number.isNaN(x) ? '–' : x.toFixed(d));

type Tally = {
  claims: number;
  noiseCalled: number;
  noiseCalls: number;
  realFound: number;
  realChances: number;
  withWeights: number;
  wrongSign: number;
  noiseWeighted: number;
  noiseFitted: number;
  coefCovered: { real: number; realOf: number; noise: number; noiseOf: number };
  bucketCovered: number;
  bucketOf: number;
  auc: number[];
  aucWorse: number;
  aucBelowHalf: number;
  thresholdSuggested: number;
  thresholds: number[];
  belowLowest: number;
  flagsMost: number;
  precisionNow: number[];
  recallNow: number[];
  precisionSuggested: number[];
  recallSuggested: number[];
};

function tally(truth: Truth, n: number, runs: number): Tally {
  const t: Tally = {
    claims: 0,
    noiseCalled: 0,
    noiseCalls: 0,
    realFound: 0,
    realChances: 0,
    withWeights: 0,
    wrongSign: 0,
    noiseWeighted: 0,
    noiseFitted: 0,
    coefCovered: { real: 0, realOf: 0, noise: 0, noiseOf: 0 },
    bucketCovered: 0,
    bucketOf: 0,
    auc: [],
    aucWorse: 0,
    aucBelowHalf: 0,
    thresholdSuggested: 0,
    thresholds: [],
    belowLowest: 0,
    flagsMost: 0,
    precisionNow: [],
    recallNow: [],
    precisionSuggested: [],
    recallSuggested: [],
  };
  const beta = new Map(truth.rules.map((r) => [r.id, r.beta]));
  for (let seed = 1; seed <= runs; seed++) {
    const p = population(truth, n, seed);
    const r = buildModelReport(p.outcomes, p.model);
    if (r.dataQuality.claims) t.claims++;
    const called = [...r.summary.predictsWins, ...r.summary.predictsLosses];
    const noise = called.filter((id) => beta.get(id) === 0);
    if (noise.length > 0) t.noiseCalled++;
    t.noiseCalls += noise.length;
    for (const rule of truth.rules) {
      if (rule.beta === 0) continue;
      t.realChances++;
      const list = rule.beta > 0 ? r.summary.predictsWins : r.summary.predictsLosses;
      if (list.includes(rule.id)) t.realFound++;
    }
    weights(r, beta, t);
    buckets(r, p, t);
    if (r.currentScore) {
      t.auc.push(r.currentScore.auc.estimate);
      if (r.currentScore.vsChance === 'worse') t.aucWorse++;
      if (r.currentScore.auc.estimate < 0.5) t.aucBelowHalf++;
    }
    threshold(r, p, t);
  }
  return t;
}

function weights(r: ModelReport, beta: Map<string, number>, t: Tally) {
  if (!r.weights) return;
  if (r.weights.suggested) t.withWeights++;
  for (const w of r.weights.weights) {
    const b = beta.get(w.ruleId) ?? 0;
    if (w.interval) {
      const covered = w.interval.low <= b && b <= w.interval.high;
      if (b === 0) {
        t.coefCovered.noiseOf++;
        if (covered) t.coefCovered.noise++;
      } else {
        t.coefCovered.realOf++;
        if (covered) t.coefCovered.real++;
      }
    }
    if (b === 0 && w.coefficient !== null) t.noiseFitted++;
    if (w.suggestedPoints === null || w.suggestedPoints === 0) continue;
    if (b === 0) t.noiseWeighted++;
    else if (Math.sign(w.suggestedPoints) !== Math.sign(b)) t.wrongSign++;
  }
}

/** Does each bucket's interval cover the mean true probability of the leads in it? */
function buckets(r: ModelReport, p: Population, t: Tally) {
  for (const b of r.conversion?.buckets ?? []) {
    if (!b.winRate) continue;
    const inside = p.outcomes.flatMap((o, i) =>
      (b.from === null || o.total >= b.from) && (b.below === null || o.total < b.below)
        ? [p.probabilities[i] as number]
        : [],
    );
    const truth = inside.reduce((s, x) => s + x, 0) / inside.length;
    t.bucketOf++;
    // The rates are rounded to 3 decimals for display: allow that much.
    if (b.winRate.low - 0.0005 <= truth && truth <= b.winRate.high + 0.0005) t.bucketCovered++;
  }
}

function threshold(r: ModelReport, p: Population, t: Tally) {
  const a = r.recommendedThreshold;
  if (!a) return;
  if (a.current?.precision) t.precisionNow.push(a.current.precision.estimate);
  if (a.current?.recall) t.recallNow.push(a.current.recall.estimate);
  const s = a.suggested;
  if (!s) return;
  t.thresholdSuggested++;
  t.thresholds.push(s.threshold);
  if (s.threshold <= Math.min(...p.outcomes.map((o) => o.total))) t.belowLowest++;
  if (s.share > 0.5) t.flagsMost++;
  if (s.precision) t.precisionSuggested.push(s.precision.estimate);
  if (s.recall) t.recallSuggested.push(s.recall.estimate);
}

console.log(`model report audit — Node ${process.version}, ${process.arch}`);
console.log(
  'truth: 14 rules; "real signal": 4 change the odds (log-odds +1.6, +1.0, +0.8, −1.2), 10 are noise; "pure noise": none does\n',
);
const started = performance.now();
const results = SCENARIOS.map((s) => ({ s, t: tally(s.truth, s.n, s.runs) }));
const table = (title: string, head: string[], row: (s: Scenario, t: Tally) => string[]) => {
  console.log(`${title}\n`);
  console.log(`| scenario | ${head.join(' | ')} |`);
  console.log(`|---|${head.map(() => '---').join('|')}|`);
  for (const { s, t } of results)
    console.log(`| ${s.name}, ${s.n} outcomes (${s.runs} runs) | ${row(s, t).join(' | ')} |`);
  console.log('');
};
const real = (s: Scenario) => s.truth.rules.some((r) => r.beta !== 0);

table(
  'claims',
  [
    'above the floor',
    'runs calling a noise rule predictive',
    'noise among the rules called predictive',
    'real rules found',
    'runs with suggested weights',
    'wrong-sign weights',
    'noise rules given points',
  ],
  (s, t) => [
    pct(t.claims / s.runs),
    pct(t.noiseCalled / s.runs),
    t.noiseCalls + t.realFound > 0 ? pct(t.noiseCalls / (t.noiseCalls + t.realFound)) : '–',
    real(s) ? pct(t.realFound / t.realChances) : '–',
    pct(t.withWeights / s.runs),
    String(t.wrongSign),
    t.noiseFitted ? pct(t.noiseWeighted / t.noiseFitted) : '–',
  ],
);
table(
  'intervals (95 %) and ranking',
  [
    'coefficient interval covers the true effect: real rules',
    'noise rules',
    'bucket win-rate interval covers the true rate',
    'median AUC of the current total',
    'runs reading the AUC as worse than chance',
  ],
  (_s, t) => [
    t.coefCovered.realOf ? pct(t.coefCovered.real / t.coefCovered.realOf) : '–',
    t.coefCovered.noiseOf ? pct(t.coefCovered.noise / t.coefCovered.noiseOf) : '–',
    t.bucketOf ? pct(t.bucketCovered / t.bucketOf) : '–',
    fmt(median(t.auc)),
    String(t.aucWorse),
  ],
);
table(
  'threshold (current: total ≥ 51)',
  [
    'runs with a suggestion',
    'median suggested threshold',
    'suggested at or below the lowest score',
    'suggested flags more than half',
    'precision / recall now',
    'precision / recall at the suggested one',
  ],
  (s, t) => [
    pct(t.thresholdSuggested / s.runs),
    t.thresholds.length ? `${median(t.thresholds)}` : '–',
    String(t.belowLowest),
    String(t.flagsMost),
    `${fmt(median(t.precisionNow))} / ${fmt(median(t.recallNow))}`,
    `${fmt(median(t.precisionSuggested))} / ${fmt(median(t.recallSuggested))}`,
  ],
);

/** A suggestion's missing reason, in a few words for the table. */
const short = (reason: string | undefined) =>
  reason?.startsWith('its interval includes 0')
    ? 'keep: its interval includes 0'
    : reason?.startsWith('its sign changes')
      ? 'keep: sign unstable across folds'
      : (reason ?? '');

// Truth against suggestion for one large sample with a real signal.
const p = population(SIGNAL, 2000, 1);
const r = buildModelReport(p.outcomes, p.model);
console.log(
  `\ntruth vs suggested weights, real signal, 2,000 outcomes, seed 1 (${r.counts.won} won; ${r.weights?.verdict ?? 'no fit'})\n`,
);
console.log(
  '| rule | true log-odds | fitted (95 % interval) | current points | suggested points | verdict |',
);
console.log('|---|---|---|---|---|---|');
for (const rule of SIGNAL.rules) {
  const w = r.weights?.weights.find((x) => x.ruleId === rule.id);
  const e = r.rules?.find((x) => x.ruleId === rule.id);
  console.log(
    `| ${rule.id} | ${fmt(rule.beta, 1)} | ${w?.coefficient === null || !w?.interval ? '–' : `${fmt(w.coefficient ?? 0)} (${fmt(w.interval.low)} to ${fmt(w.interval.high)})`} | ${rule.points} | ${w?.suggestedPoints ?? `– (${short(w?.reason)})`} | ${e?.verdict ?? ''} |`,
  );
}
const a = r.recommendedThreshold;
console.log(`\nthreshold: ${a?.reason ?? '–'}`);
console.log(`\n${((performance.now() - started) / 1000).toFixed(0)} s`);
