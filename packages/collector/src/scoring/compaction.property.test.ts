import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { afterEnd, history, PROPERTY_MODEL } from './arbitraries';
import { compactable, cutBeforeIdentities, foldUpTo, hasIdentity, safeCut } from './compaction';
import { compileModel } from './compile';
import { DEFAULT_MODEL } from './default-model';
import { scoreLead } from './engine';
import type { LeadEvent } from './events';
import { applyEvent, compareEvents, finalize, IDENTITY_WINDOW_MS, nextChangeAfter } from './incremental';
import { type LeadSnapshot, restoreState, snapshotAccepts } from './snapshot';

/** Through JSON, as the object stores it. */
const stored = (s: LeadSnapshot): LeadSnapshot => JSON.parse(JSON.stringify(s)) as LeadSnapshot;

const isAfter = (through: LeadSnapshot['through'], e: LeadEvent) =>
  through === null || compareEvents(e, { at: through.at, id: through.id } as LeadEvent) > 0;

/**
 * One compaction as the lead's object runs it: the cut moved off identities, the base folded from
 * the previous base and the kept events up to the cut, the compactable events up to its `through`
 * deleted from the log; identity, forms, sales and server events stay.
 */
function compact(
  model: ReturnType<typeof compileModel>,
  log: readonly LeadEvent[],
  base: LeadSnapshot | null,
  at: number,
): { base: LeadSnapshot; log: LeadEvent[]; cut: number } {
  const identityAts = log.filter(hasIdentity).map((e) => e.at);
  const cut = cutBeforeIdentities(safeCut(at, identityAts), identityAts);
  const upTo = log.filter((e) => e.at <= cut && isAfter(base?.through ?? null, e));
  const later = log.filter((e) => e.at > cut && hasIdentity(e));
  const next = stored(foldUpTo(model, base, upTo, later));
  const kept = log.filter((e) => !(compactable(e) && !isAfter(next.through, e)));
  return { base: next, log: kept, cut };
}

const cutIn = (events: readonly LeadEvent[]): fc.Arbitrary<number> => {
  const first = (events[0] as LeadEvent).at;
  const last = (events.at(-1) as LeadEvent).at;
  return fc.oneof(
    fc.double({ min: 0, max: 1, noNaN: true }).map((x) => first + x * (last - first)),
    fc
      .tuple(fc.nat(events.length - 1), fc.integer({ min: -IDENTITY_WINDOW_MS, max: 2 * IDENTITY_WINDOW_MS }))
      .map(([i, d]) => (events[i] as LeadEvent).at + d),
  );
};

/** An identity after the base that contradicts, with more trust, a value the base merged. */
const rewritesPast = (base: LeadSnapshot, tail: readonly LeadEvent[]) =>
  tail.some((e) => !snapshotAccepts(base, e) && e.at > Number(base.acc.lastBound) + IDENTITY_WINDOW_MS);

/** Types retention never deletes, whatever `compactable` says. */
const NEVER_DELETED = new Set(['identify', 'form', 'sales', 'server']);

/** A history, when it is read, two cuts inside it, and events withheld to arrive late after compaction. */
const compactions = history(40).chain((events) =>
  fc.record({
    events: fc.constant(events),
    now: afterEnd(events),
    // Anywhere in the history, or right at an event (where identities and their steps are).
    cuts: fc.tuple(cutIn(events), cutIn(events)),
    late: fc.array(fc.integer({ min: 0, max: 39 }), { maxLength: 6 }),
  }),
);

for (const [name, raw] of [
  ['the property model', PROPERTY_MODEL],
  ['the default model', DEFAULT_MODEL],
] as const) {
  const model = compileModel(raw);
  describe(`compaction (${name})`, () => {
    it('a base and the kept events score as the whole history did: restored, after a second compaction, and with late events', () => {
      let checked = 0;
      fc.assert(
        fc.property(compactions, ({ events, now, cuts, late }) => {
          const [a, b] = [Math.min(...cuts), Math.max(...cuts)];
          const one = compact(model, events, null, a);
          const tail1 = one.log.filter((e) => isAfter(one.base.through, e));
          // The cut kept every step whole: the base takes every event after it, but an identity that
          // contradicts, with more trust, a value it merged (which the base knew of, and voided).
          expect(tail1.filter((e) => !snapshotAccepts(one.base, e) && !rewritesPast(one.base, [e]))).toEqual(
            [],
          );
          const expected = scoreLead(events, model, now);

          // Nothing inside the cut's future, and nothing that is not behaviour, was deleted.
          for (const e of events) {
            if (!one.log.includes(e)) {
              expect(NEVER_DELETED.has(e.type)).toBe(false);
              expect(e.at).toBeLessThanOrEqual(one.cut);
            }
          }
          // A cold start: the base and the log's tail.
          const cold = restoreState(model, one.base, tail1);
          expect(finalize(cold, now)).toEqual(expected);

          // A second compaction from the first base.
          const two = compact(model, one.log, one.base, Math.max(one.cut, b));
          const tail2 = two.log.filter((e) => isAfter(two.base.through, e));
          expect(tail2.filter((e) => !snapshotAccepts(two.base, e) && !rewritesPast(two.base, [e]))).toEqual(
            [],
          );
          expect(finalize(restoreState(model, two.base, tail2), now)).toEqual(expected);

          // Events of the tail that arrive late, in another order, after a cold start without them.
          const withheld = new Set(late.map((i) => tail2[i % Math.max(1, tail2.length)]?.id));
          const live = restoreState(
            model,
            two.base,
            tail2.filter((e) => !withheld.has(e.id)),
          );
          const received = tail2.filter((e) => !withheld.has(e.id));
          let state = live;
          for (const e of [...tail2].reverse()) {
            if (!withheld.has(e.id)) continue;
            received.push(e);
            // What the object does when the base cannot take an event: base and log tail again.
            if (applyEvent(state, e) === 'stale') state = restoreState(model, two.base, received);
          }
          expect(finalize(state, now)).toEqual(expected);
          const whole = restoreState(model, two.base, tail2);
          expect(nextChangeAfter(state, now)).toEqual(nextChangeAfter(whole, now));
          checked++;
        }),
        { numRuns: 400 },
      );
      // The property held for most histories, not only for the few without a cut.
      expect(checked).toBeGreaterThan(200);
    });
  });
}

describe('a cut', () => {
  it('stays two identity windows away from every identity', () => {
    const w = IDENTITY_WINDOW_MS;
    expect(safeCut(1_000_000, [])).toBe(1_000_000);
    expect(safeCut(1_000_000, [1_000_000 + 2 * w + 1, 1_000_000 - 2 * w - 1])).toBe(1_000_000);
    expect(safeCut(1_000_000, [1_000_000 + w])).toBe(1_000_000 + w - 2 * w - 1);
    // Moving back past one identity can land near the next one.
    expect(safeCut(1_000_000, [1_000_000, 1_000_000 - 3 * w])).toBe(1_000_000 - 3 * w - 2 * w - 1);
  });

  it('never leaves identities on both sides: it moves before the first one', () => {
    const w = IDENTITY_WINDOW_MS;
    const day = 86_400_000;
    // All before, all after or none: the cut stands.
    expect(cutBeforeIdentities(10 * day, [day, 2 * day])).toBe(10 * day);
    expect(cutBeforeIdentities(10 * day, [11 * day])).toBe(10 * day);
    expect(cutBeforeIdentities(10 * day, [])).toBe(10 * day);
    // One before and one after: before the first, two windows away from it.
    expect(cutBeforeIdentities(10 * day, [day, 11 * day])).toBe(day - 2 * w - 1);
  });
});
