/**
 * How far back a model looks at raw events: the longest finite window any of its rules has. The
 * retention setting never compacts events inside it (src/durable/retention.ts), so a replay of the
 * kept events under the same model sees everything a window can reach. Rules without a window
 * (points that never expire, half-lives, counts over the whole history) are served by the
 * compacted fold instead: no finite horizon would keep them whole.
 */
import type { ConditionSet, Rule, ScoringModel } from './model';

/** The longest finite window of a model's rules, in days (0 when no rule has one). */
export function longestWindowDays(model: Pick<ScoringModel, 'rules'>): number {
  let days = 0;
  for (const rule of model.rules) days = Math.max(days, ruleWindowDays(rule));
  return days;
}

/**
 * A rule's longest finite window: its expiry, its `everyDays` spacing, the `withinDays` of its
 * counts, and for an inactivity rule the days without a visit plus the expiry of its points.
 */
export function ruleWindowDays(rule: Rule): number {
  const expires = rule.decay?.expiresAfterDays ?? 0;
  let days = Math.max(expires, rule.everyDays ?? 0);
  if (rule.inactivityDays !== undefined) days = Math.max(days, rule.inactivityDays + expires);
  const sets: ConditionSet[] = rule.when ? [rule.when, ...(rule.when.anyOf ?? [])] : [];
  for (const set of sets) {
    for (const count of [set.members, set.activeDays, set.topicCount]) {
      if (count?.withinDays !== undefined) days = Math.max(days, count.withinDays);
    }
  }
  return days;
}
