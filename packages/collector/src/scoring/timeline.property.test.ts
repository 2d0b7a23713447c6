import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { afterEnd, history, PROPERTY_MODEL } from './arbitraries';
import { compileModel } from './compile';
import { DAY_MS } from './decay';
import { diff } from './diff';
import { replay } from './engine';
import { applyEvent, createLeadState, finalize } from './incremental';
import type { ScoreResult, Transition } from './result';
import { nextChangeAt } from './timeline';

const model = compileModel(PROPERTY_MODEL);
const visible = (r: ScoreResult) => ({ bands: r.bands, stage: r.stage });

describe('nextChangeAt', () => {
  it('is exactly when a band or the stage changes, and nothing changes before it', () => {
    fc.assert(
      fc.property(
        history().chain((events) => fc.tuple(fc.constant(events), afterEnd(events))),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 8, maxLength: 8 }),
        ([events, now], fractions) => {
          const state = replay(events, model);
          const at = nextChangeAt(state, now);
          const current = finalize(state, now);
          if (at === null) {
            // Nothing ever changes: check far ahead.
            for (const f of fractions)
              expect(visible(finalize(state, now + Math.round(f * 2000 * DAY_MS)))).toEqual(visible(current));
            return;
          }
          expect(at).toBeGreaterThan(now);
          expect(Number.isInteger(at)).toBe(true);
          const before = finalize(state, at - 1);
          const after = finalize(state, at);
          expect(visible(before)).toEqual(visible(current));
          expect(before.transitions).toEqual(current.transitions);
          expect(after.transitions.length).toBeGreaterThan(before.transitions.length);
          expect(after.transitions[before.transitions.length]?.at).toBe(at);
          for (const f of fractions) {
            const t = now + Math.floor(f * (at - now));
            if (t < at) expect(visible(finalize(state, t))).toEqual(visible(current));
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('diff', () => {
  it('the changes between two reads lead from the earlier state to the later one', () => {
    fc.assert(
      fc.property(
        history().chain((events) => fc.tuple(fc.constant(events), afterEnd(events), afterEnd(events))),
        ([events, a, b]) => {
          const state = replay(events, model);
          const prev = finalize(state, Math.min(a, b));
          const next = finalize(state, Math.max(a, b));
          const changes = diff(prev, next);
          const bands = { ...prev.bands };
          let stage: string = prev.stage;
          for (const c of changes) {
            expect(c.at).toBeGreaterThan(prev.asOf);
            if (c.kind === 'band') {
              expect(bands[c.axis as string]).toBe(c.from);
              bands[c.axis as string] = c.to;
            } else {
              expect(stage).toBe(c.from);
              stage = c.to;
            }
            expect(['decay', 'inactivity']).toContain(c.cause);
          }
          expect({ bands, stage }).toEqual(visible(next));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a Durable Object that reads after each event and on each alarm notifies every transition exactly once', () => {
    fc.assert(
      fc.property(
        history().chain((events) => fc.tuple(fc.constant(events), afterEnd(events))),
        ([events, end]) => {
          const state = createLeadState(model);
          const notified: Transition[] = [];
          let prev: ScoreResult | undefined;
          let alarm: number | null = null;
          const read = (at: number) => {
            const result = finalize(state, at);
            notified.push(...diff(prev, result));
            prev = result;
            alarm = nextChangeAt(state, at);
          };
          for (const event of events) {
            while (alarm !== null && alarm < event.at) read(alarm);
            applyEvent(state, event);
            read(event.at);
          }
          while (alarm !== null && alarm <= end) read(alarm);
          expect(notified).toEqual(finalize(state, end).transitions);
        },
      ),
      { numRuns: 200 },
    );
  });
});
