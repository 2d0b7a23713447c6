/**
 * Decay of points with age, computed exactly at read time from the event's age: no nightly batch
 * job. A half-life multiplies by `2^(−age/halfLife)` (written `e^(−rate·age)` with
 * `rate = ln 2 / halfLife`, which the timeline's root finder shares); an expiry drops the points to
 * nothing once `age ≥ expiresAfter`.
 */
import type { Decay } from './model';

export const DAY_MS = 86_400_000;

/** A decay in engine units: `rate` per millisecond (0 = none) and `expiresMs` (Infinity = never). */
export type CompiledDecay = { rate: number; expiresMs: number };

export const NO_DECAY: CompiledDecay = Object.freeze({ rate: 0, expiresMs: Number.POSITIVE_INFINITY });

export function compileDecay(decay: Decay | undefined): CompiledDecay {
  if (!decay) return NO_DECAY;
  return {
    rate: decay.halfLifeDays === undefined ? 0 : Math.LN2 / (decay.halfLifeDays * DAY_MS),
    expiresMs:
      decay.expiresAfterDays === undefined ? Number.POSITIVE_INFINITY : decay.expiresAfterDays * DAY_MS,
  };
}

/** The factor points are multiplied by after `ageMs`; 1 without half-life. */
export function decayFactor(rate: number, ageMs: number): number {
  return rate === 0 ? 1 : Math.exp(-rate * ageMs);
}

/** What `points` earned at `at` are worth at `now`. Ages below zero count as zero (no growth). */
export function decayedValue(points: number, at: number, now: number, decay: CompiledDecay): number {
  const age = now > at ? now - at : 0;
  if (age >= decay.expiresMs) return 0;
  return points * decayFactor(decay.rate, age);
}

/** Rounds to cents, half up: the one rounding rule for every score the engine reports. */
export function toCents(value: number): number {
  return Math.round(value * 100);
}

/**
 * Half a cent. Scores are reported in cents, rounded half up, and every threshold (band, MQL,
 * recycling) compares that reported number: `toCents(score) ≥ 100·level` is `score ≥ level − HALF_CENT`,
 * which keeps the comparison a condition on the exact score, so crossings stay exact to the millisecond.
 */
export const HALF_CENT = 0.005;
