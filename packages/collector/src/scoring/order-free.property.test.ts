import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { history, PROPERTY_MODEL } from './arbitraries';
import { compileModel } from './compile';
import { DAY_MS } from './decay';
import { scoreLead } from './engine';
import type { LeadEvent, NetworkInfo, Props, TraitSource } from './events';
import { applyEvent, createLeadState, finalize } from './incremental';
import type { ScoreResult } from './result';
import { SITE } from './test-helpers';

const model = compileModel(PROPERTY_MODEL);

/** What one form submission tells: the address and profile fields, and how the SDK sent them. */
type Submission = {
  path: string;
  intent: string;
  email: string;
  traits: Props;
  /** `form`: the form event carries the identity; `identify`: a separate identify does (ESM, older SDKs); `both`. */
  carriedBy: 'form' | 'identify' | 'both';
  formSource: TraitSource | undefined;
  identifySource: TraitSource | undefined;
  network: NetworkInfo;
};

const submission: fc.Arbitrary<Submission> = fc.record({
  path: fc.constantFrom(
    '/pricing',
    '/costs.html',
    '/product/a',
    '/?utm_medium=email',
    '/careers/x',
    '/about',
  ),
  intent: fc.constantFrom('newsletter', 'demo_request', 'contact', 'trial'),
  email: fc.constantFrom('ann@acme-corp.example', 'bob@gmail.com', 'eve@rival.example'),
  traits: fc.record(
    {
      title: fc.constantFrom('CTO', 'Student', 'Engineer', 'Head of IT', 'Stagiaire'),
      company: fc.constantFrom('Acme Corp', 'Uni'),
      country: fc.constantFrom('NL', 'DE'),
    },
    { requiredKeys: [] },
  ),
  carriedBy: fc.constantFrom('form' as const, 'identify' as const, 'both' as const),
  formSource: fc.constantFrom(undefined, 'verified' as const),
  identifySource: fc.constantFrom(undefined, 'verified' as const, 'api' as const),
  network: fc.constantFrom<NetworkInfo>(
    { country: 'NL', networkType: 'isp' },
    { country: 'BE', networkType: 'company', company: 'Acme Corp' },
  ),
});

/** The submission's events (page view, form, identify) at `base + shift`, ids fixed. */
function submissionEvents(s: Submission, base: number, shifts: readonly number[]): LeadEvent[] {
  const browser = { visitorId: 'v1', network: s.network };
  const [pv = 0, fm = 0, id = 0] = shifts;
  const events: LeadEvent[] = [
    { ...browser, id: 'sub-pv', at: base + pv, type: 'pageview', url: `${SITE}${s.path}`, topics: [] },
    { ...browser, id: 'sub-form', at: base + fm, type: 'form', intent: s.intent, url: `${SITE}${s.path}` },
  ];
  if (s.carriedBy !== 'identify') {
    events[1] = {
      ...(events[1] as LeadEvent & { type: 'form' }),
      email: s.email,
      traits: s.traits,
      ...(s.formSource ? { source: s.formSource } : {}),
    };
  }
  if (s.carriedBy !== 'form') {
    events.push({
      ...browser,
      id: 'sub-identify',
      at: base + id,
      type: 'identify',
      email: s.email,
      traits: s.traits,
      ...(s.identifySource ? { source: s.identifySource } : {}),
    });
  }
  return events;
}

/** What must not depend on order, batch or skew: every line's rule, points and axis, and where the lead stands. */
function facts(r: ScoreResult) {
  return {
    ledger: r.ledger.map((l) => `${l.ruleId}|${l.axis}|${l.capped}|${l.topic ?? ''}|${l.anonymous}`).sort(),
    bands: r.bands,
    stage: r.stage,
    disqualifiedBy: r.disqualifiedBy?.ruleId,
    profile: { ...r.profile, sources: undefined },
  };
}

/** The worth of each line (in the order of `facts`' ledger) and the scores. */
function worth(r: ScoreResult): number[] {
  const lines = [...r.ledger].sort((a, b) => {
    const ka = `${a.ruleId}|${a.axis}|${a.capped}|${a.topic ?? ''}|${a.anonymous}`;
    const kb = `${b.ruleId}|${b.axis}|${b.capped}|${b.topic ?? ''}|${b.anonymous}`;
    return ka < kb ? -1 : ka > kb ? 1 : a.value - b.value;
  });
  return [...lines.map((l) => l.value), r.scores.interest, r.scores.intent, r.scores.fit, r.total];
}

/**
 * The same facts give the same result. Shifted in time, a line that decays is worth a few
 * billionths more or less (it was earned a second earlier or later), which can move a rounding to
 * the next cent; so with shifts values agree to the cent, without them exactly.
 */
function expectSame(actual: ScoreResult, expected: ScoreResult, shifted: boolean): void {
  expect(facts(actual)).toEqual(facts(expected));
  const [a, e] = [worth(actual), worth(expected)];
  if (!shifted) expect(a).toEqual(e);
  else
    for (const [i, x] of a.entries()) expect(Math.abs(x - (e[i] as number))).toBeLessThanOrEqual(0.01 + 1e-9);
}

/** A shift of one event: the same millisecond as the others, or up to a second either way. */
const shift = fc.oneof(fc.constant(0), fc.integer({ min: -1000, max: 1000 }));

const cases = fc
  .record({
    before: fc.option(history(12), { nil: undefined }),
    gap: fc.oneof(fc.integer({ min: 10, max: 25 }), fc.integer({ min: 60, max: 3 * 24 * 60 })),
    submission,
    shifts: fc.array(shift, { minLength: 3, maxLength: 3 }),
    // Arrival: a permutation of the whole history, cut into batches read one after the other.
    seed: fc.integer(),
  })
  .chain((c) => {
    const prefix = c.before ?? [];
    let base = (prefix.at(-1)?.at ?? Date.UTC(2026, 10, 2, 9)) + c.gap * 60_000;
    // Daily caps count per UTC day: a second's skew must not move an event across midnight.
    if (base % DAY_MS < 5_000 || base % DAY_MS > DAY_MS - 5_000) base += 10_000;
    const canonical = [...prefix, ...submissionEvents(c.submission, base, [0, 0, 0])];
    const shifted = [...prefix, ...submissionEvents(c.submission, base, c.shifts)];
    return fc.record({
      moved: fc.constant(c.shifts.some((x) => x !== 0)),
      canonical: fc.constant(canonical),
      shifted: fc.constant(shifted),
      now: fc.constant(base + 5_000),
      arrival: fc.shuffledSubarray(shifted, { minLength: shifted.length }),
      cuts: fc.array(fc.integer({ min: 0, max: shifted.length }), { maxLength: 4 }),
    });
  });

describe('a form submission and its identity are one fact', () => {
  it('permutations, batches and time shifts (same ms, ±1 s) give the same ledger, totals, band and stage', () => {
    fc.assert(
      fc.property(cases, ({ canonical, shifted, now, arrival, cuts, moved }) => {
        const expected = scoreLead(canonical, model, now);
        // Replayed as a Durable Object does after every batch.
        expectSame(scoreLead(shifted, model, now), expected, moved);
        // Applied one by one in arrival order, read between batches.
        const state = createLeadState(model);
        arrival.forEach((event, i) => {
          applyEvent(state, event);
          if (cuts.includes(i)) finalize(state, event.at);
        });
        expectSame(finalize(state, now), expected, moved);
      }),
      { numRuns: 500 },
    );
  });
});
