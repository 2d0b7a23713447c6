import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { afterEnd, history, PROPERTY_MODEL } from './arbitraries';
import { compileModel } from './compile';
import { DAY_MS } from './decay';
import { scoreLead } from './engine';
import type { LeadEvent } from './events';
import {
  applyEvent,
  compareEvents,
  createLeadState,
  finalize,
  type LeadState,
  nextChangeAfter,
} from './incremental';
import { type LeadSnapshot, restoreState, snapshotAccepts, snapshotOf } from './snapshot';

const model = compileModel(PROPERTY_MODEL);

/** A history, a moment after it, an arrival order with repeats, and where snapshots are taken and restored. */
const deliveries = history().chain((events) =>
  fc.record({
    events: fc.constant(events),
    now: afterEnd(events),
    arrival: fc
      .shuffledSubarray([...events, ...events], { minLength: events.length * 2 })
      .chain((all) => fc.shuffledSubarray(all, { minLength: events.length })),
    // Per arrival: 0 nothing, 1 snapshot (a checkpoint), 2 snapshot and restore (a cold start).
    actions: fc.array(fc.constantFrom(0, 0, 0, 1, 2), { minLength: 120, maxLength: 120 }),
    readAt: fc.integer({ min: 0, max: 3 * DAY_MS }),
  }),
);

/** Through JSON, as the object stores it. */
const stored = (s: LeadSnapshot): LeadSnapshot => JSON.parse(JSON.stringify(s)) as LeadSnapshot;

const tailOf = (snap: LeadSnapshot, log: readonly LeadEvent[]): LeadEvent[] => {
  const through = snap.through;
  return through === null
    ? [...log]
    : log.filter((e) => compareEvents(e, { at: through.at, id: through.id } as LeadEvent) > 0);
};

describe('snapshots', () => {
  it('incremental scoring with snapshots and restores at any point equals replaying the history', () => {
    fc.assert(
      fc.property(deliveries, ({ now, arrival, actions, readAt }) => {
        // What the lead object does: the log dedupes by id; the state folds in memory; checkpoints
        // keep a few snapshots; a cold start restores the newest with the log's tail; an event a
        // snapshot's fold would have seen drops that snapshot and rebuilds from an older one.
        const log: LeadEvent[] = [];
        const seen = new Set<string>();
        let snapshots: LeadSnapshot[] = [];
        let state: LeadState = createLeadState(model);
        const rebuild = (): LeadState => {
          const snap = snapshots.at(-1);
          return snap ? restoreState(model, snap, tailOf(snap, log)) : restoreFromNothing();
        };
        const restoreFromNothing = (): LeadState => {
          const s = createLeadState(model);
          for (const e of log) applyEvent(s, e);
          return s;
        };
        arrival.forEach((event, i) => {
          if (seen.has(event.id)) return;
          seen.add(event.id);
          log.push(event);
          snapshots = snapshots.filter((s) => snapshotAccepts(s, event));
          if (applyEvent(state, event) === 'stale') state = rebuild();
          const action = actions[i % actions.length];
          if (action === 1 || action === 2) snapshots = [...snapshots, stored(snapshotOf(state))].slice(-3);
          if (action === 2) state = rebuild();
          // Reading in between (sometimes long after, which folds the tail into the state) changes nothing.
          if (i % 5 === 2) finalize(state, event.at + (i % 2 === 0 ? readAt : 1));
        });
        const expected = scoreLead(log, model, now);
        expect(finalize(state, now)).toEqual(expected);
        expect(nextChangeAfter(state, now)).toEqual(nextChangeAfter(createStateOf(log), now));
        // And a cold start at the end from the newest snapshot.
        const snap = snapshots.at(-1);
        if (snap) expect(finalize(restoreState(model, snap, tailOf(snap, log)), now)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('a read without the ledger has the full read’s scores, bands, stage and transitions', () => {
    fc.assert(
      fc.property(history(), fc.integer({ min: 0, max: 200 * DAY_MS }), (events, later) => {
        const now = (events.at(-1) as LeadEvent).at + later;
        const state = createStateOf(events);
        const full = finalize(state, now);
        const summary = finalize(state, now, { ledger: false });
        expect(summary.ledger).toEqual([]);
        const { ledger: _a, anonymousPoints: anonFull, ...restFull } = full;
        const { ledger: _b, anonymousPoints: anonSummary, ...restSummary } = summary;
        expect(restSummary).toEqual(restFull);
        // One cent of sharing per axis at most.
        expect(Math.abs(anonSummary - anonFull)).toBeLessThanOrEqual(0.03 + 1e-9);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a snapshot of another model version', () => {
    const other = compileModel({ ...PROPERTY_MODEL, version: 'other' });
    const snap = snapshotOf(createLeadState(model));
    expect(() => restoreState(other, snap, [])).toThrow(/another model version/);
  });
});

function createStateOf(events: readonly LeadEvent[]): LeadState {
  const s = createLeadState(model);
  for (const e of events) applyEvent(s, e);
  return s;
}
