import { type CompiledModel, finalize, type LeadEvent, replay } from '../scoring';

export type ScorePoint = {
  at: number;
  total: number;
  interest: number;
  intent: number;
  fit: number;
  band: string;
};

/**
 * The lead's score over time, for the dashboard chart: the engine's result at up to `maxPoints`
 * moments (every event time when there are few, evenly spread otherwise, and now). Each point is
 * what the lead was worth at that moment, decay included, so the curve shows decay as it happened.
 */
export function scoreHistory(
  events: readonly LeadEvent[],
  model: CompiledModel,
  now: number,
  maxPoints = 40,
): ScorePoint[] {
  if (events.length === 0) return [];
  const sorted = [...events].sort((a, b) => a.at - b.at);
  const first = sorted[0]?.at ?? now;
  let times = [...new Set(sorted.map((e) => e.at))];
  if (times.length > maxPoints - 1) {
    const step = (now - first) / (maxPoints - 1);
    times = Array.from({ length: maxPoints - 1 }, (_, i) => Math.round(first + i * step));
  }
  times.push(now);
  const out: ScorePoint[] = [];
  let i = 0;
  for (const t of times) {
    while (i < sorted.length && (sorted[i]?.at ?? Number.POSITIVE_INFINITY) <= t) i++;
    const r = finalize(replay(sorted.slice(0, i), model), t);
    out.push({ at: t, total: r.total, ...r.scores, band: r.band });
  }
  return out;
}
