/**
 * Scores as exact functions of time. Ledger lines of one axis with one decay share a bucket, whose
 * current worth is one amplitude decaying as `e^(−rate·t)`; between two changes (an event, an
 * expiry, an inactivity penalty) each score is therefore `C + Σ_k A_k·e^(−r_k·(t − t0))`: a
 * `Segment`. Band and stage conditions are atoms `score ≥ level` (or `<`), and `firstTime` finds the
 * first whole millisecond at which a condition holds, using the exponential-sum root finder for the
 * rare non-monotone case (points of both signs decaying at different rates).
 */
import type { Atom, BucketTemplate } from './compile';
import { decayFactor } from './decay';
import { expSumRoots } from './exp-sum';

/** Live lines of one axis × decay. Expiring buckets keep their lines' (at, points) to drop them on time. */
export type Bucket = {
  axisIndex: 0 | 1 | 2;
  rate: number;
  expiresMs: number;
  /** Sum of live lines' worth at `ampAt`. */
  amp: number;
  ampAt: number;
  qAt: number[];
  qV: number[];
  head: number;
};

const NEVER_QUEUED: number[] = [];

export function newBucket(t: BucketTemplate): Bucket {
  return {
    axisIndex: t.axisIndex,
    rate: t.rate,
    expiresMs: t.expiresMs,
    amp: 0,
    ampAt: 0,
    // Only a bucket whose lines expire queues them: the others share one empty list, never written.
    qAt: t.expiresMs === Number.POSITIVE_INFINITY ? NEVER_QUEUED : [],
    qV: t.expiresMs === Number.POSITIVE_INFINITY ? NEVER_QUEUED : [],
    head: 0,
  };
}

export function cloneBucket(b: Bucket): Bucket {
  return { ...b, qAt: b.qAt.slice(b.head), qV: b.qV.slice(b.head), head: 0 };
}

export function addToBucket(b: Bucket, at: number, points: number): void {
  b.amp = b.amp * decayFactor(b.rate, at - b.ampAt) + points;
  b.ampAt = at;
  if (b.expiresMs !== Number.POSITIVE_INFINITY) {
    b.qAt.push(at);
    b.qV.push(points);
  }
}

/** When the bucket's oldest line expires, or Infinity. */
export function nextExpiry(b: Bucket): number {
  return b.head < b.qAt.length ? (b.qAt[b.head] as number) + b.expiresMs : Number.POSITIVE_INFINITY;
}

/** Drops the oldest line at its expiry time `at`. */
export function expireHead(b: Bucket, at: number): void {
  const lineAt = b.qAt[b.head] as number;
  const points = b.qV[b.head] as number;
  b.head++;
  if (b.head === b.qAt.length) {
    // Empty: set exactly zero rather than keep the rounding residue of the subtractions.
    clearBucket(b);
    b.ampAt = at;
    return;
  }
  b.amp = b.amp * decayFactor(b.rate, at - b.ampAt) - points * decayFactor(b.rate, at - lineAt);
  b.ampAt = at;
}

export function clearBucket(b: Bucket): void {
  b.amp = 0;
  b.qAt = [];
  b.qV = [];
  b.head = 0;
}

/**
 * Scores between two changes: `consts[target] + Σ_k amps[target·K + k]·e^(−rates[k]·(t − t0))`;
 * target 3 is the total, `rates` are the model's distinct half-life rates. One segment object per
 * lead is rebuilt in place at each change: the hot path allocates nothing here.
 */
export type Segment = {
  t0: number;
  valid: boolean;
  rates: readonly number[];
  consts: Float64Array;
  amps: Float64Array;
  /** Per target, 1 when it has decaying terms of both signs (then it may rise and fall). */
  mixed: Uint8Array;
  /** Per target, 1 when it has any decaying term. */
  moving: Uint8Array;
  /** Scratch: the decay factors at one time, and the scores at both ends of a search. */
  factors: Float64Array;
  atFrom: Float64Array;
  atTo: Float64Array;
  /**
   * A search found that no condition in `quietFor` can start to hold on `[.., quietUntil]` with these
   * scores (−∞: nothing known). Rebuilding the segment forgets it; so must the caller whenever the
   * conditions it searches for change (see `quietFor`).
   */
  quietUntil: number;
  /** What `quietUntil` was established for: the caller's token for its current conditions. */
  quietFor: unknown;
};

export function newSegment(rates: readonly number[]): Segment {
  const k = rates.length;
  return {
    t0: 0,
    valid: false,
    rates,
    consts: new Float64Array(4),
    amps: new Float64Array(4 * k),
    mixed: new Uint8Array(4),
    moving: new Uint8Array(4),
    factors: new Float64Array(k),
    atFrom: new Float64Array(4),
    atTo: new Float64Array(4),
    quietUntil: Number.NEGATIVE_INFINITY,
    quietFor: undefined,
  };
}

/** Rebuilds `seg` from the buckets at time `t0`; `rateIndex[i]` is bucket i's index in `seg.rates` (−1: none). */
export function buildSegment(
  seg: Segment,
  buckets: readonly Bucket[],
  rateIndex: readonly number[],
  t0: number,
): void {
  const k = seg.rates.length;
  seg.t0 = t0;
  seg.valid = true;
  seg.quietUntil = Number.NEGATIVE_INFINITY;
  // Plain loops: `fill` is a call into the runtime, dearer than these few stores.
  for (let i = 0; i < 4; i++) seg.consts[i] = 0;
  for (let i = 0; i < seg.amps.length; i++) seg.amps[i] = 0;
  for (let i = 0; i < buckets.length; i++) {
    const b = buckets[i] as Bucket;
    if (b.amp === 0) continue;
    const worth = b.amp * decayFactor(b.rate, t0 - b.ampAt);
    const r = rateIndex[i] as number;
    const consts = seg.consts as unknown as number[];
    const amps = seg.amps as unknown as number[];
    if (r < 0) {
      consts[b.axisIndex] = (consts[b.axisIndex] as number) + worth;
      consts[3] = (consts[3] as number) + worth;
    } else {
      amps[b.axisIndex * k + r] = (amps[b.axisIndex * k + r] as number) + worth;
      amps[3 * k + r] = (amps[3 * k + r] as number) + worth;
    }
  }
  for (let target = 0; target < 4; target++) {
    let pos = false;
    let neg = false;
    for (let r = 0; r < k; r++) {
      const a = seg.amps[target * k + r] as number;
      if (a > 0) pos = true;
      else if (a < 0) neg = true;
    }
    seg.mixed[target] = pos && neg ? 1 : 0;
    seg.moving[target] = pos || neg ? 1 : 0;
  }
}

/** A score of the segment at time `t`. */
export function segValue(seg: Segment, target: number, t: number): number {
  let v = seg.consts[target] as number;
  if (seg.moving[target] === 0) return v;
  const k = seg.rates.length;
  const s = t - seg.t0;
  for (let r = 0; r < k; r++) {
    const a = seg.amps[target * k + r] as number;
    if (a !== 0) v += a * Math.exp(-(seg.rates[r] as number) * s);
  }
  return v;
}

/** All four scores at time `t` into `out`, computing each decay factor once. Same arithmetic as `segValue`. */
export function segValues(seg: Segment, t: number, out: Float64Array): void {
  const k = seg.rates.length;
  const s = t - seg.t0;
  for (let r = 0; r < k; r++) seg.factors[r] = Math.exp(-(seg.rates[r] as number) * s);
  for (let target = 0; target < 4; target++) {
    let v = seg.consts[target] as number;
    if (seg.moving[target] === 1) {
      for (let r = 0; r < k; r++) {
        const a = seg.amps[target * k + r] as number;
        if (a !== 0) v += a * (seg.factors[r] as number);
      }
    }
    out[target] = v;
  }
}

export function holds(seg: Segment, atom: Atom, t: number): boolean {
  const v = segValue(seg, atom.target, t);
  return atom.below ? v < atom.level : v >= atom.level;
}

/** First integer in [lo, hi] where `holds` becomes true, given it is false at lo − 1… and true at hi. */
function bisectFirst(seg: Segment, atom: Atom, lo: number, hi: number, wantAtHi: boolean): number {
  // Invariant: holds(lo) !== wantAtHi, holds(hi) === wantAtHi.
  let a = lo;
  let b = hi;
  while (b - a > 1) {
    const m = Math.floor((a + b) / 2);
    if (holds(seg, atom, m) === wantAtHi) b = m;
    else a = m;
  }
  return b;
}

/** Integer intervals [start, end] within [from, to] where the atom holds, ascending. */
export function holdIntervals(seg: Segment, atom: Atom, from: number, to: number): [number, number][] {
  const out: [number, number][] = [];
  if (from > to) return out;
  const bounds: number[] = [];
  if (seg.mixed[atom.target] === 1) {
    // Extrema: roots of the derivative Σ −r_k·A_k·e^(−r_k·s).
    const k = seg.rates.length;
    const amps = Array.from(seg.amps.subarray(atom.target * k, atom.target * k + k));
    const coefs = amps.map((a, r) => -(seg.rates[r] as number) * a);
    const rates = seg.rates.map((r) => -r);
    for (const s of expSumRoots(coefs, rates, from - seg.t0, to - seg.t0))
      bounds.push(Math.floor(seg.t0 + s));
  }
  let p = from;
  for (let i = 0; i <= bounds.length; i++) {
    const q = i < bounds.length ? Math.min(bounds[i] as number, to) : to;
    if (q < p) continue;
    const hp = holds(seg, atom, p);
    const hq = holds(seg, atom, q);
    let piece: [number, number] | undefined;
    if (hp && hq) piece = [p, q];
    else if (hp) piece = [p, bisectFirst(seg, atom, p, q, false) - 1];
    else if (hq) piece = [bisectFirst(seg, atom, p, q, true), q];
    if (piece) {
      const last = out[out.length - 1];
      if (last && last[1] + 1 >= piece[0]) last[1] = piece[1];
      else out.push(piece);
    }
    p = q + 1;
  }
  return out;
}

/** First integer time in [from, to] where the atom holds, or null. */
export function firstHold(seg: Segment, atom: Atom, from: number, to: number): number | null {
  if (from > to) return null;
  if (seg.mixed[atom.target] === 0) {
    // Monotone (or constant): the holding set is an interval touching one end.
    if (holds(seg, atom, from)) return from;
    if (!holds(seg, atom, to)) return null;
    return bisectFirst(seg, atom, from, to, true);
  }
  const first = holdIntervals(seg, atom, from, to)[0];
  return first ? first[0] : null;
}

function intersect(a: [number, number][], b: [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const [as, ae] = a[i] as [number, number];
    const [bs, be] = b[j] as [number, number];
    const s = Math.max(as, bs);
    const e = Math.min(ae, be);
    if (s <= e) out.push([s, e]);
    if (ae < be) i++;
    else j++;
  }
  return out;
}

/** Evaluates the scores at both ends of a search, for `mayHold`. */
export function prepareEnds(seg: Segment, from: number, to: number): void {
  segValues(seg, from, seg.atFrom);
  segValues(seg, to, seg.atTo);
}

/**
 * Prepares `mayHold` for the whole future from `from` (after `prepareEnds`, which evaluated `from`):
 * a target that only decays tends to its constant, so its far end is the constant. A mixed target
 * is not judged by its ends (`mayHold` skips it).
 */
export function prepareForever(seg: Segment): void {
  for (let target = 0; target < 4; target++) seg.atTo[target] = seg.consts[target] as number;
}

/**
 * Quick rejection (after `prepareEnds`), the common case: a monotone score meets a level inside [from, to] only if it does
 * at an end, so a clause with an atom that holds at neither end cannot hold anywhere.
 */
export function mayHold(seg: Segment, clauses: readonly (readonly Atom[])[]): boolean {
  // Indexed loops: this runs at every step of live scoring, and a `for…of` may allocate per item.
  for (let c = 0; c < clauses.length; c++) {
    const clause = clauses[c] as readonly Atom[];
    let possible = clause.length > 0;
    for (let j = 0; j < clause.length; j++) {
      const atom = clause[j] as Atom;
      if (seg.mixed[atom.target] === 1) continue;
      const a = seg.atFrom[atom.target] as number;
      const b = seg.atTo[atom.target] as number;
      const ok = atom.below ? a < atom.level || b < atom.level : a >= atom.level || b >= atom.level;
      if (!ok) {
        possible = false;
        break;
      }
    }
    if (possible) return true;
  }
  return false;
}

/** First integer time in [from, to] where any clause holds (a clause: all its atoms), or null. */
export function firstTime(
  seg: Segment,
  clauses: readonly (readonly Atom[])[],
  from: number,
  to: number,
): number | null {
  if (from > to) return null;
  let best: number | null = null;
  let limit = to;
  for (let c = 0; c < clauses.length; c++) {
    const clause = clauses[c] as readonly Atom[];
    if (clause.length === 0) continue;
    let t: number | null;
    if (clause.length === 1) t = firstHold(seg, clause[0] as Atom, from, limit);
    else {
      let set = holdIntervals(seg, clause[0] as Atom, from, limit);
      for (let i = 1; i < clause.length && set.length > 0; i++) {
        set = intersect(set, holdIntervals(seg, clause[i] as Atom, from, limit));
      }
      t = set.length > 0 ? (set[0] as [number, number])[0] : null;
    }
    if (t !== null && (best === null || t < best)) {
      best = t;
      limit = t - 1;
    }
  }
  return best;
}
