import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { afterEnd, history, PROPERTY_MODEL } from './arbitraries';
import { compileModel } from './compile';
import { DAY_MS } from './decay';
import { diff } from './diff';
import { replay } from './engine';
import { type LeadEvent, TRAIT_SOURCES } from './events';
import { applyEvent, createLeadState, finalize, IDENTITY_WINDOW_MS } from './incremental';
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

  it('a Durable Object that reads after each event and on each alarm notifies every change once, in a chain', () => {
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
          const final = finalize(state, end);
          // Every notification starts where the previous one of its kind left the lead.
          // A lead starts in the lowest band of every band set.
          const bands = Object.fromEntries(PROPERTY_MODEL.bands.map((b) => [b.on, b.levels[0]?.name]));
          let stage = 'visitor';
          for (const c of notified) {
            if (c.kind === 'band') {
              expect(c.from).toBe(bands[c.axis as string]);
              bands[c.axis as string] = c.to;
            } else {
              expect(c.from).toBe(stage);
              stage = c.to;
            }
          }
          expect(stage).toBe(final.stage);
          expect(bands).toEqual(final.bands);
          // A read between two events of one millisecond, or of one submission (events within
          // the identity window of an identity settle as one step), or before a more trusted source
          // contradicted what an earlier one said, saw a moment that history then settled
          // otherwise: the rest of that change is reported as one step. Otherwise the
          // notifications are the history itself.
          const rank = (e: LeadEvent) =>
            e.type === 'identify'
              ? TRAIT_SOURCES.indexOf(e.source ?? 'script')
              : e.type === 'form' && e.email !== undefined
                ? TRAIT_SOURCES.indexOf(e.source ?? 'form')
                : -1;
          const identities = events.filter((e) => rank(e) >= 0);
          const rewritten = events.some((e, i) => {
            const before = events[i - 1];
            if (before !== undefined && e.at === before.at) return true;
            const near = identities.some((f) => f !== e && Math.abs(f.at - e.at) <= 2 * IDENTITY_WINDOW_MS);
            return near || (rank(e) >= 0 && events.slice(0, i).some((earlier) => rank(earlier) > rank(e)));
          });
          if (!rewritten) expect(notified).toEqual(final.transitions);
        },
      ),
      { numRuns: 200 },
    );
  });
});
