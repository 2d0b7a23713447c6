/**
 * The baseline: the same model interpreted per event, the way a first implementation would —
 * every rule checked against every event, globs turned into regexes and URLs parsed with
 * `new URL()` each time, no index by event type. It only sums points (no ledger, decay timeline,
 * bands or stages), so the engine's ratio against it understates what compiling buys.
 */
import type { LeadEvent } from '../src/scoring/events';
import type { Conditions, ScoringModel, TextMatch } from '../src/scoring/model';

const globRe = (glob: string) =>
  new RegExp(
    `^${glob
      .replace(/[\\^$.+()[\]{}|/-]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    'i',
  );

function text(match: TextMatch, value: unknown): boolean {
  if (value === undefined)
    return typeof match === 'object' && !Array.isArray(match) && 'exists' in match && !match.exists;
  const v = String(value).toLowerCase();
  if (typeof match === 'string') return v === match.toLowerCase();
  if (Array.isArray(match)) return match.some((m) => m.toLowerCase() === v);
  if ('contains' in match) return [match.contains].flat().some((c) => v.includes(c.toLowerCase()));
  if ('regex' in match) return new RegExp(match.regex, match.flags ?? 'i').test(String(value));
  return match.exists === (v !== '');
}

function topicsOf(model: ScoringModel, event: LeadEvent): string[] {
  if (!event.url) return [];
  const path = new URL(event.url).pathname;
  const mapped = (model.topics ?? [])
    .filter((t) => t.urls.some((u) => globRe(u).test(path)))
    .map((t) => t.topic);
  return [...(event.type === 'pageview' ? event.topics : []), ...mapped];
}

function matches(model: ScoringModel, when: Conditions | undefined, event: LeadEvent): boolean {
  if (!when) return true;
  const e = event as Record<string, unknown>;
  if (
    when.topic &&
    !topicsOf(model, event).some((t) => [when.topic].flat().some((g) => globRe(g as string).test(t)))
  )
    return false;
  if (
    when.url &&
    !(event.url && [when.url].flat().some((g) => globRe(g).test(new URL(event.url as string).pathname)))
  )
    return false;
  if (when.query) {
    if (!event.url) return false;
    const params = new URL(event.url).searchParams;
    if (!Object.entries(when.query).every(([k, m]) => text(m, params.get(k) ?? undefined))) return false;
  }
  if (when.fileExt && !text([when.fileExt].flat(), e.fileExt)) return false;
  if (when.formIntent && !text([when.formIntent].flat(), e.intent)) return false;
  if (when.eventName && !text([when.eventName].flat(), e.name)) return false;
  if (when.engagedSeconds !== undefined && !((e.engagedMs as number) >= when.engagedSeconds * 1000))
    return false;
  if (when.scrollDepth !== undefined && !((e.scrollDepth as number) >= when.scrollDepth)) return false;
  if (when.traits) {
    const traits = (e.traits ?? {}) as Record<string, unknown>;
    if (
      !Object.entries(when.traits).every(([k, m]) =>
        typeof m === 'object' && !Array.isArray(m) && m !== null && !('gte' in m || 'lte' in m)
          ? text(m as TextMatch, traits[k])
          : true,
      )
    )
      return false;
  }
  if (when.anyOf && !when.anyOf.some((set) => matches(model, set, event))) return false;
  return true;
}

/** Sums each event's points by interpreting the model; returns the grand total so nothing is optimised away. */
export function naiveScore(model: ScoringModel, events: readonly LeadEvent[]): number {
  let total = 0;
  for (const event of events) {
    for (const rule of model.rules) {
      const on = [rule.on].flat();
      if (!on.includes(event.type as never)) continue;
      if (matches(model, rule.when, event)) total += rule.points;
    }
  }
  return total;
}
