import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { afterEnd, history, PROPERTY_MODEL } from './arbitraries';
import { compileModel } from './compile';
import { DAY_MS } from './decay';
import { DEFAULT_MODEL } from './default-model';
import { scoreLead } from './engine';
import type { BandSet, ScoreTarget } from './model';
import type { ScoreResult, Transition } from './result';
import { custom, day, download, identify, pageview } from './test-helpers';

const model = compileModel(DEFAULT_MODEL);
const property = compileModel(PROPERTY_MODEL);

type Scores = Record<ScoreTarget, number>;

/**
 * A lead's scores at time `t` recomputed from its ledger, independently of the engine's timeline:
 * every line earned up to `t`, decayed to `t`, in cents rounded half up (what thresholds compare).
 */
function scoresAt(result: ScoreResult, t: number): Scores {
  const exact = { interest: 0, intent: 0, fit: 0 };
  for (const line of result.ledger) {
    if (line.at > t) continue;
    if (line.reset) {
      exact[line.axis] = 0;
      continue;
    }
    const age = (t - line.at) / DAY_MS;
    const expired = line.decay?.expiresAfterDays !== undefined && age >= line.decay.expiresAfterDays;
    const half = line.decay?.halfLifeDays;
    exact[line.axis] += expired ? 0 : line.capped * (half === undefined ? 1 : 2 ** (-age / half));
  }
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    interest: round(exact.interest),
    intent: round(exact.intent),
    fit: round(exact.fit),
    total: round(exact.interest + exact.intent + exact.fit),
  };
}

/**
 * Whether a recorded transition is what one settlement at its millisecond gives: the scores after
 * everything that happened at that millisecond (events, expiries, inactivity) must justify it.
 */
function justified(t: Transition, result: ScoreResult, set: BandSet | undefined): boolean {
  const scores = scoresAt(result, t.at);
  const score = (target: ScoreTarget) => scores[target];
  const known = result.knownAt !== undefined && result.knownAt <= t.at;
  const disqualified = result.disqualifiedBy !== undefined && result.disqualifiedBy.at <= t.at;
  const stages = PROPERTY_MODEL.stages;
  const meetsMql = stages.mql.some((c) =>
    Object.entries(c).every(([target, min]) => score(target as ScoreTarget) >= (min as number)),
  );
  if (t.kind === 'stage') {
    if (t.cause === 'sales') return true;
    if (t.to === 'known') return known;
    if (t.to === 'mql') return meetsMql && !disqualified && known;
    if (t.to === 'recycled') return disqualified || (scores.total < (stages.recycleBelow ?? 26) && !meetsMql);
    return true;
  }
  if (!set) return false;
  const names = set.levels.map((l) => l.name);
  const [from, to] = [names.indexOf(t.from), names.indexOf(t.to)];
  const value = score(set.on);
  if (to > from) return value >= (set.levels[to]?.min as number);
  const cap = set.disqualifiedMax ?? names[names.length - 2];
  // Disqualified (at this step or before): the shown band is capped.
  const capped = disqualified && t.to === cap;
  // A disqualified lead shows its band capped; leaving the (hidden) higher band lands where the
  // score plainly belongs, as for any lead.
  const plain = set.levels.reduce((band, level, i) => (value >= level.min ? i : band), 0);
  const leftHidden = disqualified && to === plain && value < (set.levels[from]?.min as number);
  return capped || leftHidden || value < (set.levels[from]?.min as number) - (set.hysteresis ?? 3);
}

describe('changes that fall on the same millisecond are one step', () => {
  it('a careers page view and a product check earned together expire together: 45 → 40, no false hot or MQL', () => {
    const together = day(0) + 3_600_000;
    const events = [
      identify('cto@customer.example', { at: day(0), traits: { title: 'CTO' } }),
      // −10 interest and +15 intent, both expiring after 90 days, at the same millisecond.
      pageview('/careers/engineer', { at: together, id: 'careers' }),
      custom('product_check_completed', { at: together, id: 'check' }),
      download('guide.pdf', { at: day(1) }),
      download('prices.pdf', { at: day(1) + 60_000 }),
      // Visits without points keep the inactivity rules away.
      ...[20, 40, 60, 80, 100].map((d) => pageview('/about', { at: day(d) })),
    ];
    const expiry = together + 90 * DAY_MS;
    const upTo = (t: number) => events.filter((e) => e.at <= t);
    const before = scoreLead(upTo(expiry - 1), model, expiry - 1);
    expect([before.total, before.band, before.stage]).toEqual([45, 'warm', 'known']);
    const after = scoreLead(upTo(expiry), model, expiry);
    expect([after.total, after.band, after.stage]).toEqual([40, 'warm', 'known']);
    // The whole history: nothing changes band or stage after the downloads made the lead warm.
    const result = scoreLead(events, model, day(101));
    expect(result.transitions.filter((t) => t.at > day(1))).toEqual([]);
  });
});

describe('settling once per millisecond', () => {
  it('every transition is justified by the scores after everything at its millisecond, one per band set', () => {
    fc.assert(
      fc.property(
        history(40).chain((events) => fc.tuple(fc.constant(events), afterEnd(events))),
        ([events, now]) => {
          const result = scoreLead(events, property, now);
          const seen = new Set<string>();
          for (const t of result.transitions) {
            if (t.kind === 'band') {
              const key = `${t.axis}@${t.at}`;
              expect(seen.has(key), `two ${t.axis} band changes at ${t.at}`).toBe(false);
              seen.add(key);
            }
            const set = PROPERTY_MODEL.bands.find((b) => b.on === t.axis);
            const why = `${JSON.stringify(t)} at ${JSON.stringify(scoresAt(result, t.at))}`;
            expect(justified(t, result, set), why).toBe(true);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
