/**
 * Conversion by score: how often leads won, per band, per 10-point bucket of the total and per
 * decile of leads, each with its 95 % interval and the number of outcomes it rests on. The direct
 * answer to "do leads at 40+ convert?" is a bucket's `atOrAbove`.
 */
import type { ScoreTarget, ScoringModel } from '../scoring';
import { type Share, share } from './stats';

/** The part of an outcome the conversion tables read. */
export type BucketOutcome = {
  outcome: 'won' | 'lost';
  total: number;
  scores: { interest: number; intent: number; fit: number };
};

/** Leads whose score at the outcome lay in `[from, below)` (an open end is `null`). */
export type BucketRow = {
  label: string;
  from: number | null;
  below: number | null;
  won: number;
  lost: number;
  /** Outcomes in the row: what its rate rests on. */
  outcomes: number;
  /** P(won) in the row, with its 95 % Wilson interval; `null` for an empty row. */
  winRate: Share | null;
  /** P(won | score ≥ from): the leads a threshold at `from` would flag; `null` when nobody is that high. */
  atOrAbove: Share | null;
};

export type Conversion = {
  /** What the bands classify (the model's primary band set). */
  bandsOn: ScoreTarget;
  /** One row per band, lowest first. */
  bands: BucketRow[];
  /** The width of the total's buckets: 10 points, wider only when the totals span more than 300. */
  bucketWidth: number;
  /** Buckets of the total from the lowest to the highest observed one, empty ones included. */
  buckets: BucketRow[];
  /**
   * Tenths of the outcomes by total, highest first; leads with the same total share a decile, so
   * with many ties there are fewer than ten.
   */
  deciles: BucketRow[];
};

const MAX_BUCKETS = 30;

export function conversionByScore(
  model: Pick<ScoringModel, 'bands'>,
  outcomes: readonly BucketOutcome[],
): Conversion | null {
  if (outcomes.length === 0) return null;
  const set = model.bands[0];
  const bandsOn: ScoreTarget = set?.on ?? 'total';
  const value = (o: BucketOutcome) => (bandsOn === 'total' ? o.total : o.scores[bandsOn]);
  const bands = (set?.levels ?? []).map((level, i, levels) => {
    const next = levels[i + 1];
    // The lowest band holds everything below the next one, whatever its `min` says.
    const from = i === 0 ? null : level.min;
    const below = next ? next.min : null;
    const label = `${level.name} (${from === null ? `below ${num(below ?? 0)}` : below === null ? `${num(from)}+` : range(from, below - 1)})`;
    return row(label, from, below, outcomes, value);
  });

  const totals = outcomes.map((o) => o.total);
  const lo = Math.min(...totals);
  const hi = Math.max(...totals);
  let width = 10;
  while (Math.floor(hi / width) - Math.floor(lo / width) + 1 > MAX_BUCKETS) width *= 2;
  const buckets: BucketRow[] = [];
  for (let from = Math.floor(lo / width) * width; from <= hi; from += width) {
    buckets.push(row(range(from, from + width - 1), from, from + width, outcomes, (o) => o.total));
  }
  return { bandsOn, bands, bucketWidth: width, buckets, deciles: deciles(outcomes) };
}

/** A number as people write it: a true minus sign. */
const num = (n: number): string => (n < 0 ? `−${-n}` : String(n));
/** `10–19`, or `−10 to −1` where a dash would read as another minus. */
const range = (a: number, b: number): string => (a < 0 ? `${num(a)} to ${num(b)}` : `${a}–${b}`);

function row(
  label: string,
  from: number | null,
  below: number | null,
  outcomes: readonly BucketOutcome[],
  value: (o: BucketOutcome) => number,
): BucketRow {
  let won = 0;
  let lost = 0;
  let aboveWon = 0;
  let above = 0;
  for (const o of outcomes) {
    const v = value(o);
    const isWon = o.outcome === 'won';
    if ((from === null || v >= from) && (below === null || v < below)) isWon ? won++ : lost++;
    if (from !== null && v >= from) {
      above++;
      if (isWon) aboveWon++;
    }
  }
  return {
    label,
    from,
    below,
    won,
    lost,
    outcomes: won + lost,
    winRate: share(won, won + lost),
    // An open lower end flags everyone: the overall win rate.
    atOrAbove:
      from === null
        ? share(outcomes.filter((o) => o.outcome === 'won').length, outcomes.length)
        : share(aboveWon, above),
  };
}

function deciles(outcomes: readonly BucketOutcome[]): BucketRow[] {
  const sorted = [...outcomes].sort((a, b) => b.total - a.total);
  const n = sorted.length;
  const groups: BucketOutcome[][] = [];
  let current = -1;
  for (let i = 0; i < n; ) {
    const t = (sorted[i] as BucketOutcome).total;
    // A tie group goes where its first member falls, so one total never spans two deciles.
    const d = Math.floor((i * 10) / n);
    if (d !== current) {
      groups.push([]);
      current = d;
    }
    const group = groups[groups.length - 1] as BucketOutcome[];
    for (; i < n && (sorted[i] as BucketOutcome).total === t; i++) group.push(sorted[i] as BucketOutcome);
  }
  let seen = 0;
  let seenWon = 0;
  return groups.map((g, k) => {
    const won = g.filter((o) => o.outcome === 'won').length;
    const lowest = (g[g.length - 1] as BucketOutcome).total;
    const previous = groups[k - 1];
    const startShare = Math.round((seen / n) * 100);
    seen += g.length;
    seenWon += won;
    return {
      label: `${startShare === 0 ? 'top ' : `${startShare}–`}${Math.round((seen / n) * 100)} %`,
      from: lowest,
      below: previous ? (previous[previous.length - 1] as BucketOutcome).total : null,
      won,
      lost: g.length - won,
      outcomes: g.length,
      winRate: share(won, g.length),
      atOrAbove: share(seenWon, seen),
    };
  });
}
