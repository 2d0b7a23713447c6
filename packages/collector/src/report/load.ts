/**
 * The model report as the API and the dashboard serve it: the active model's outcomes from D1, the
 * lead index's volume (for "leads per month" at a threshold), and the pure report over them.
 */
import { getActiveModel } from '../storage/models';
import { buildModelReport, type ModelReport } from './model-report';
import { listOutcomes } from './outcomes-store';
import type { LeadVolume } from './thresholds';

/** The report reads at most this many outcomes, the most recent first (bounded D1 read and CPU). */
export const MAX_OUTCOMES = 10_000;

/** "Leads per month" counts the leads first seen in this many days before now. */
export const VOLUME_WINDOW_DAYS = 90;

/** ...and needs at least this many days of them. */
export const MIN_VOLUME_DAYS = 7;

const DAY = 86_400_000;

export type ServedReport = ModelReport & {
  site: string | null;
  model: { version: number; label: string };
  excluded: { otherModelVersion: number };
  notes: string[];
};

export async function loadModelReport(
  db: D1Database,
  options: { site?: string; now: number },
): Promise<ServedReport> {
  const active = await getActiveModel(db);
  const [read, volume] = await Promise.all([
    listOutcomes(db, {
      ...(options.site !== undefined ? { site: options.site } : {}),
      limit: MAX_OUTCOMES + 1,
    }),
    leadVolume(db, {
      ...(options.site !== undefined ? { site: options.site } : {}),
      now: options.now,
      knownOnly: active.model.stages.requireKnown !== false,
    }),
  ]);
  const recent = read.slice(0, MAX_OUTCOMES);
  // Rule ids and thresholds belong to one model version: outcomes whose features were computed with
  // another one wait until their lead is re-scored (publishing a version re-scores every lead).
  const current = recent.filter((o) => o.modelVersion === active.version);
  const notes: string[] = [];
  if (read.length > MAX_OUTCOMES) notes.push(`only the ${MAX_OUTCOMES} most recent outcomes are used`);
  const stale = recent.length - current.length;
  if (stale > 0) {
    notes.push(
      `${stale} outcome${stale === 1 ? ' was' : 's were'} scored with another model version and ` +
        'left out until the re-scoring after its publication reaches them',
    );
  }
  return {
    site: options.site ?? null,
    model: { version: active.version, label: active.model.version },
    ...buildModelReport(current, active.model, volume ? { volume } : {}),
    excluded: { otherModelVersion: stale },
    notes,
  };
}

/**
 * The lead index's totals of leads first seen in the last `VOLUME_WINDOW_DAYS` (never merged, not
 * disqualified, and known when the model's MQL needs a known lead), counted per whole point (a
 * total is floored, so "total ≥ t" is exact for whole thresholds). The window starts at the first
 * lead when the collector is younger than that; `undefined` without leads or with less than
 * `MIN_VOLUME_DAYS` of them.
 */
export async function leadVolume(
  db: D1Database,
  options: { site?: string; now: number; knownOnly: boolean },
): Promise<LeadVolume | undefined> {
  const since = options.now - VOLUME_WINDOW_DAYS * DAY;
  const where = `merged_into IS NULL AND disqualified = 0 AND first_seen >= ?1 AND (?2 IS NULL OR site = ?2)
    AND (?3 = 0 OR email IS NOT NULL)`;
  const args = [since, options.site ?? null, options.knownOnly ? 1 : 0];
  // floor() without SQLite's optional math functions: CAST truncates towards zero.
  const floored =
    'CASE WHEN total < CAST(total AS INTEGER) THEN CAST(total AS INTEGER) - 1 ELSE CAST(total AS INTEGER) END';
  const [first, rows] = await db.batch([
    db.prepare(`SELECT MIN(first_seen) AS first FROM leads WHERE ${where}`).bind(...args),
    db
      .prepare(`SELECT ${floored} AS total, COUNT(*) AS leads FROM leads WHERE ${where} GROUP BY 1`)
      .bind(...args),
  ]);
  const firstSeen = (first?.results[0] as { first: number | null } | undefined)?.first ?? null;
  if (firstSeen === null) return undefined;
  const windowDays = (options.now - Math.max(since, firstSeen)) / DAY;
  // Less than a week of leads says nothing about a month (a launch day would extrapolate to a flood).
  if (windowDays < MIN_VOLUME_DAYS) return undefined;
  return {
    basis: 'lead index',
    windowDays,
    totals: (rows?.results ?? []) as { total: number; leads: number }[],
  };
}
