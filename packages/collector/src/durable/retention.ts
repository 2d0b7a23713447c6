/**
 * Retention in a lead's (or anonymous visitor's) object: browser behaviour older than the horizon
 * is folded into a base snapshot and deleted from the log, in one transaction (EventLog.compact),
 * so that the log stops growing while the score stays exactly what the whole history gave: a cold
 * start restores the base and folds the events after it. Runs from the object's alarm, at most once
 * a day per object, at most `MAX_COMPACT_EVENTS` events a run.
 *
 * The horizon is `LB_RETENTION_DAYS`, never less than the active model's longest finite window
 * (scoring/windows.ts): a replay of the kept events under the same model sees everything its
 * windows reach. What has no window (points that never expire, half-lives, whole-history counts)
 * is in the base's fold.
 */
import { compactable, cutBeforeIdentities, foldUpTo, safeCut } from '../scoring/compaction';
import { IDENTITY_WINDOW_MS } from '../scoring/incremental';
import type { LeadSnapshot } from '../scoring/snapshot';
import { longestWindowDays } from '../scoring/windows';
import type { ActiveModel } from '../storage/models';
import type { EventLog } from './event-log';

export const DAY_MS = 86_400_000;
/** Compactable events folded and deleted in one run, at most: a run's work is bounded, whatever the backlog. */
export const MAX_COMPACT_EVENTS = 5000;

/** The horizon in days for a setting and the active model: the longer of the two. */
export function horizonDays(setting: number, model: ActiveModel): number {
  return Math.max(setting, longestWindowDays(model.model));
}

/** When the object should next compact (null: nothing to compact, or retention off). */
export function nextCompactionAt(log: EventLog, setting: number | null, now: number): number | null {
  if (setting === null) return null;
  const oldest = log.oldestCompactable();
  if (oldest === null) return null;
  const ranAt = log.compacted()?.ranAt;
  // At most once a day; and not before the oldest compactable event has passed the horizon.
  return Math.max(oldest + setting * DAY_MS, ranAt === undefined ? now : ranAt + DAY_MS);
}

/** The base snapshot of the log, if any, with its model key. */
export function baseOf(log: EventLog): { id: number; model: string; snap: LeadSnapshot } | null {
  const head = log.snapshotHeads().find((h) => h.base);
  const snap = head ? log.loadSnapshot(head.id) : null;
  return head && snap ? { id: head.id, model: head.model, snap } : null;
}

/**
 * One compaction run at `now`: folds the compactable events older than the horizon (at most
 * `MAX_COMPACT_EVENTS` of them) into a new base, from the current base when it is of the active
 * model (else from the kept events: a model change scores from what is kept), and deletes them.
 * Answers how many events went.
 */
export function compactLog(log: EventLog, model: ActiveModel, setting: number, now: number): number {
  const base = baseOf(log);
  const fits =
    base !== null && base.model === String(model.version) && base.snap.model === model.compiled.version;
  const from = fits ? (base as { snap: LeadSnapshot }).snap.through : null;
  let cut = now - horizonDays(setting, model) * DAY_MS;
  const nth = log.nthCompactableAfter(from, MAX_COMPACT_EVENTS);
  if (nth !== null && nth < cut) cut = nth;
  // Identities near the cut move it back (a fold step around an identity must not be cut in two).
  const reach = 2 * IDENTITY_WINDOW_MS;
  for (;;) {
    const moved = safeCut(
      cut,
      log.identities(cut - reach, cut + reach).map((e) => e.at),
    );
    if (moved === cut) break;
    cut = moved;
  }
  cut = cutBeforeIdentities(
    cut,
    log.identities(0).map((e) => e.at),
  );
  const upTo = log.between(from, cut);
  if (!upTo.some(compactable)) return 0;
  // The identities after the cut: a later, more trusted fact voids an earlier one from the start.
  const later = log.identities(cut + 1);
  const snap = foldUpTo(model.compiled, fits ? (base as { snap: LeadSnapshot }).snap : null, upTo, later);
  return log.compact(snap, String(model.version), now);
}
