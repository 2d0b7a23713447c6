/**
 * Counts a fold keeps over its own history, for conditions that look at more than one event:
 * distinct members (the people and visitors of an account), distinct active days and distinct
 * topics. They are updated in fold order, so they are part of the fold like caps and frequencies:
 * the same history gives the same counts in any arrival order. Only models whose rules use them
 * pay for them (`CompiledModel.aggregates`).
 */
import { DAY_MS } from './decay';

/** One member's visits: the latest one, and its engaged time as (at, ms) pairs in fold order. */
type MemberVisits = { lastVisit: number; engaged: number[] };

export type Aggregates = {
  /** By member id (`''` for events without one: a lead's own history is one member). */
  members: Map<string, MemberVisits>;
  /** UTC day number → the latest visit on that day. */
  days: Map<number, number>;
  /** Topic → the latest visit to a page with it. */
  topics: Map<string, number>;
};

export const newAggregates = (): Aggregates => ({ members: new Map(), days: new Map(), topics: new Map() });

export function cloneAggregates(a: Aggregates): Aggregates {
  const members = new Map<string, MemberVisits>();
  for (const [id, m] of a.members) members.set(id, { lastVisit: m.lastVisit, engaged: m.engaged.slice() });
  return { members, days: new Map(a.days), topics: new Map(a.topics) };
}

/** Records a visit (a browser event) of `member` at `at`, on a page with `topics`, with engaged ms. */
export function recordVisit(
  a: Aggregates,
  member: string,
  at: number,
  topics: readonly string[],
  engagedMs: number,
): void {
  let m = a.members.get(member);
  if (m === undefined) {
    m = { lastVisit: at, engaged: [] };
    a.members.set(member, m);
  }
  m.lastVisit = at;
  if (engagedMs > 0) m.engaged.push(at, engagedMs);
  a.days.set(Math.floor(at / DAY_MS), at);
  for (const t of topics) a.topics.set(t, at);
}

/** Distinct members with a visit since `since`, with at least `engagedMs` engaged since then. */
export function countMembers(a: Aggregates, since: number, engagedMs: number): number {
  let n = 0;
  for (const m of a.members.values()) {
    if (m.lastVisit < since) continue;
    if (engagedMs > 0) {
      // Newest first, and only until the threshold is met: the cost is bounded by the threshold, not
      // by how long the member's history is.
      let sum = 0;
      for (
        let i = m.engaged.length - 2;
        i >= 0 && sum < engagedMs && (m.engaged[i] as number) >= since;
        i -= 2
      )
        sum += m.engaged[i + 1] as number;
      if (sum < engagedMs) continue;
    }
    n++;
  }
  return n;
}

/** Entries of a map of latest times at or after `since`. */
export function countSince(map: ReadonlyMap<unknown, number>, since: number): number {
  let n = 0;
  for (const at of map.values()) if (at >= since) n++;
  return n;
}
