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
    ledger: r.ledger
      .map((l) => `${l.ruleId}|${l.axis}|${l.capped}|${l.value}|${l.topic ?? ''}|${l.anonymous}`)
      .sort(),
    scores: r.scores,
    total: r.total,
    bands: r.bands,
    stage: r.stage,
    disqualifiedBy: r.disqualifiedBy?.ruleId,
    profile: { ...r.profile, sources: undefined },
  };
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
      fc.property(cases, ({ canonical, shifted, now, arrival, cuts }) => {
        const expected = facts(scoreLead(canonical, model, now));
        // Replayed as a Durable Object does after every batch.
        expect(facts(scoreLead(shifted, model, now))).toEqual(expected);
        // Applied one by one in arrival order, read between batches.
        const state = createLeadState(model);
        arrival.forEach((event, i) => {
          applyEvent(state, event);
          if (cuts.includes(i)) finalize(state, event.at);
        });
        expect(facts(finalize(state, now))).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });
});
