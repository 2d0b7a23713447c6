import type { ScoreResult } from '../scoring';

/** Default pause between two D1 summary writes of one lead when nothing important changed. */
export const DEFAULT_INDEX_INTERVAL_MS = 10_000;

/**
 * Whether a lead's summary must be written to the D1 index now, or can wait. D1 is one database
 * for all leads, so writing it on every beacon would put it on the hot path of all traffic; an
 * active visitor's engagement deltas instead fold into one write per interval. Anything a list
 * filter or a salesperson would notice goes out at once: a first write, a band, stage,
 * disqualification or identity change.
 */
export function mustIndexNow(
  prev: ScoreResult | undefined,
  next: ScoreResult,
  indexedAt: number | null,
  now: number,
  intervalMs: number,
): boolean {
  if (indexedAt === null || prev === undefined) return true;
  if (now - indexedAt >= intervalMs) return true;
  return (
    prev.band !== next.band ||
    prev.stage !== next.stage ||
    prev.disqualified !== next.disqualified ||
    prev.profile.email !== next.profile.email ||
    prev.profile.company !== next.profile.company
  );
}

/** `LB_INDEX_INTERVAL_SECONDS`, parsed; a bad value falls back to the default. */
export function indexIntervalMs(raw: string | undefined): number {
  const n = raw === undefined ? Number.NaN : Number(raw);
  return Number.isFinite(n) && n >= 0 && n <= 3600 ? n * 1000 : DEFAULT_INDEX_INTERVAL_MS;
}
