import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { afterEnd, history, PROPERTY_MODEL } from './arbitraries';
import { compileModel } from './compile';
import { DAY_MS } from './decay';
import { scoreLead } from './engine';
import type { LeadEvent } from './events';
import { applyEvent, createLeadState, finalize } from './incremental';
import { AXES, type Frequency } from './model';
import type { ScoreResult } from './result';

const model = compileModel(PROPERTY_MODEL);
const rulesById = new Map(PROPERTY_MODEL.rules.map((r) => [r.id, r]));
const cents = (x: number): number => Math.round(x * 100);

/** A history, a moment after it, and the same history shuffled with some events delivered twice. */
const deliveries = history().chain((events) =>
  fc.record({
    events: fc.constant(events),
    now: afterEnd(events),
    arrival: fc
      .shuffledSubarray([...events, ...events], { minLength: events.length * 2 })
      .chain((all) => fc.shuffledSubarray(all, { minLength: events.length })),
  }),
);

describe('scoring properties', () => {
  it('each axis is exactly the sum of its ledger lines, each line within a cent of its exact worth', () => {
    fc.assert(
      fc.property(history(), fc.integer({ min: 0, max: 200 * DAY_MS }), (events, later) => {
        const now = (events.at(-1) as LeadEvent).at + later;
        const result = scoreLead(events, model, now);
        for (const axis of AXES) {
          const sum = result.ledger.filter((l) => l.axis === axis).reduce((s, l) => s + cents(l.value), 0);
          expect(cents(result.scores[axis])).toBe(sum);
        }
        const anonymous = result.ledger.filter((l) => l.anonymous).reduce((s, l) => s + cents(l.value), 0);
        expect(cents(result.anonymousPoints)).toBe(anonymous);
        // Each ordinary line is its points decayed by its own rule, recomputed independently; the
        // axis's cents are shared out by largest remainder, so a line is within a cent of it.
        const exact = { interest: 0, intent: 0, fit: 0 };
        for (const line of result.ledger) {
          if (line.reset) {
            exact[line.axis] = 0;
            continue;
          }
          const age = Math.max(0, now - line.at) / DAY_MS;
          const expired = line.decay?.expiresAfterDays !== undefined && age >= line.decay.expiresAfterDays;
          const half = line.decay?.halfLifeDays;
          const expected = expired ? 0 : line.capped * (half === undefined ? 1 : 2 ** (-age / half));
          expect(Math.abs(line.value - expected)).toBeLessThan(0.01 + 1e-9);
          exact[line.axis] += expected;
        }
        // Every score is its exact value rounded to cents once: the number thresholds compare.
        for (const axis of AXES)
          expect(Math.abs(result.scores[axis] - exact[axis])).toBeLessThanOrEqual(0.005 + 1e-9);
        const total = exact.interest + exact.intent + exact.fit;
        expect(Math.abs(result.total - total)).toBeLessThanOrEqual(0.005 + 1e-9);
      }),
      { numRuns: 300 },
    );
  });

  it('incremental scoring in any arrival order, with duplicates, equals replaying the sorted history', () => {
    fc.assert(
      fc.property(deliveries, ({ events, now, arrival }) => {
        const state = createLeadState(model);
        const seen = new Set<string>();
        arrival.forEach((event, i) => {
          applyEvent(state, event);
          seen.add(event.id);
          // Reading in between must not disturb the state.
          if (i % 7 === 3) finalize(state, event.at + DAY_MS);
        });
        const delivered = events.filter((e) => seen.has(e.id));
        expect(finalize(state, now)).toEqual(scoreLead(delivered, model, now));
      }),
      { numRuns: 300 },
    );
  });

  it('a positive line never gains more than the cent sharing moves; a negative one never loses its sign', () => {
    fc.assert(
      fc.property(
        history(),
        fc.integer({ min: 0, max: 100 * DAY_MS }),
        fc.integer({ min: 0, max: 100 * DAY_MS }),
        (events, a, b) => {
          const end = (events.at(-1) as LeadEvent).at;
          const early = scoreLead(events, model, end + Math.min(a, b));
          const late = scoreLead(events, model, end + Math.max(a, b));
          const key = (l: ScoreResult['ledger'][number]) =>
            `${l.eventId}|${l.ruleId}|${l.axis}|${l.topic ?? ''}`;
          const lateByKey = new Map(late.ledger.map((l) => [key(l), l]));
          for (const line of early.ledger) {
            if (line.reset) continue;
            const then = lateByKey.get(key(line));
            expect(then).toBeDefined();
            // Lines share their axis's cents by largest remainder: a line may get one cent back.
            if (line.capped > 0) expect(then?.value).toBeLessThanOrEqual(line.value + 0.01 + 1e-9);
            if (line.capped > 0) expect(then?.value).toBeGreaterThanOrEqual(0);
            if (line.capped < 0) expect(then?.value).toBeGreaterThanOrEqual(line.value - 0.01 - 1e-9);
            if (line.capped < 0) expect(then?.value).toBeLessThanOrEqual(0);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('caps and frequencies are never exceeded', () => {
    const dayOf = (at: number) => Math.floor(at / DAY_MS);
    fc.assert(
      fc.property(history(40), (events) => {
        const result = scoreLead(events, model, (events.at(-1) as LeadEvent).at + 1);
        const byId = new Map(events.map((e) => [e.id, e]));
        // Gap sessions for events without a session id, computed independently of the engine.
        const gapSession = new Map<string, number>();
        let start = Number.NaN;
        let last = Number.NaN;
        for (const e of [...events].sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1))) {
          if (e.sessionId !== undefined || e.visitorId === undefined) continue;
          if (!(e.at - last <= 30 * 60_000)) start = e.at;
          last = e.at;
          gapSession.set(e.id, start);
        }
        const lines = new Map<string, typeof result.ledger>();
        for (const line of result.ledger) {
          if (line.reset) continue;
          // Per-topic rules count their caps and frequency per topic.
          const key = line.topic === undefined ? line.ruleId : `${line.ruleId}#${line.topic}`;
          lines.set(key, [...(lines.get(key) ?? []), line]);
        }
        for (const [key, own] of lines) {
          const ruleId = key.split('#')[0] as string;
          const rule = rulesById.get(ruleId);
          if (!rule) throw new Error(`ledger line of unknown rule ${ruleId}`);
          if (rule.maxCount !== undefined) expect(own.length).toBeLessThanOrEqual(rule.maxCount);
          if (rule.maxPoints !== undefined) {
            expect(own.reduce((s, l) => s + Math.abs(l.capped), 0)).toBeLessThanOrEqual(rule.maxPoints);
          }
          for (const l of own) expect(Math.abs(l.capped)).toBeLessThanOrEqual(Math.abs(l.raw));
          const frequency: Frequency = rule.frequency ?? 'always';
          const keys = own.map((l) => {
            const e = byId.get(l.eventId);
            if (frequency === 'once') return 'once';
            if (frequency === 'once_per_day') return String(dayOf(l.at));
            if (frequency === 'once_per_session') {
              if (e?.sessionId !== undefined) return e.sessionId;
              return e?.visitorId !== undefined ? `gap:${gapSession.get(e.id)}` : `day:${dayOf(l.at)}`;
            }
            return l.eventId;
          });
          expect(new Set(keys).size).toBe(keys.length);
          const pages = own.flatMap((l) => {
            const e = byId.get(l.eventId);
            return e?.type === 'engagement' ? [e.pageId] : [];
          });
          expect(new Set(pages).size).toBe(pages.length);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a disqualified lead never becomes an MQL nor shows the top band afterwards', () => {
    fc.assert(
      fc.property(history(40), fc.integer({ min: 0, max: 200 * DAY_MS }), (events, later) => {
        const result = scoreLead(events, model, (events.at(-1) as LeadEvent).at + later);
        const since = result.disqualifiedBy?.at;
        if (since === undefined) return;
        for (const t of result.transitions) {
          if (t.at < since) continue;
          expect(t.to).not.toBe('mql');
          expect(t.to).not.toBe('hot');
          expect(t.to).not.toBe('high');
        }
        expect(['hot', 'high']).not.toContain(result.band);
        expect(result.stage).not.toBe('mql');
      }),
      { numRuns: 300 },
    );
  });
});
