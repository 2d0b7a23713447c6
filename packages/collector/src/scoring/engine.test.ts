import { describe, expect, it } from 'vitest';
import { compileModel } from './compile';
import { DAY_MS } from './decay';
import { DEFAULT_MODEL } from './default-model';
import { diff } from './diff';
import { replay, scoreLead } from './engine';
import type { LeadEvent } from './events';
import { finalize } from './incremental';
import type { ScoringModel } from './model';
import {
  custom,
  day,
  download,
  emailClick,
  engagement,
  form,
  identify,
  minutes,
  pageview,
  sales,
} from './test-helpers';
import { nextChangeAt } from './timeline';

const model = compileModel(DEFAULT_MODEL);
const withCompetitor = compileModel({ ...DEFAULT_MODEL, competitors: ['rival.example'] });

/** DESIGN's worked case: a newsletter click, the product check, a video and the costs page. */
function journey(email: string): LeadEvent[] {
  return [
    identify(email, { at: day(0) }),
    emailClick({ at: day(0) + minutes(1) }),
    pageview('/?utm_medium=email&utm_source=newsletter', { at: day(0) + minutes(2) }),
    custom('product_check_completed', { at: day(1) }),
    custom('video_watched', { at: day(2) }),
    pageview('/costs.html', { at: day(3) }),
  ];
}

describe('the worked case of DESIGN.md with the default model', () => {
  const events = journey('anna@customer.example');
  const lastVisit = day(3);

  it('reaches 55 and hot: newsletter click +10, product check +15, video +15, costs page +15', () => {
    const anonymous = scoreLead(events.slice(1), model, lastVisit + minutes(5));
    expect(anonymous.total).toBe(55);
    expect(anonymous.band).toBe('hot');
    expect(anonymous.anonymousPoints).toBe(55);
    const result = scoreLead(events, model, lastVisit + minutes(5));
    expect(result.band).toBe('hot');
    const byRule = Object.fromEntries(result.ledger.map((l) => [l.ruleId, l.value]));
    expect((byRule['newsletter-click'] ?? 0) + (byRule['newsletter-landing'] ?? 0)).toBe(10);
    expect(byRule['product-check']).toBe(15);
    expect(byRule['video-watched']).toBe(15);
    expect(byRule['pricing-page']).toBe(15);
    // Identified with a business address she also has fit points on top of the behavioural 55.
    expect(result.scores).toEqual({ interest: 25, intent: 30, fit: 5 });
  });

  it('a month without a visit costs 20: 35, warm, and the band change is recorded', () => {
    const anon = events.filter((e) => e.type !== 'identify');
    const at55 = scoreLead(anon, model, lastVisit + minutes(5));
    expect([at55.total, at55.band]).toEqual([55, 'hot']);
    const result = scoreLead(anon, model, lastVisit + 31 * DAY_MS);
    expect(result.total).toBe(35);
    expect(result.band).toBe('warm');
    const penalty = result.ledger.find((l) => l.ruleId === 'inactive-30-days');
    expect(penalty).toMatchObject({
      at: lastVisit + 30 * DAY_MS,
      value: -20,
      eventId: expect.stringMatching(/^inactivity:/),
    });
    expect(result.transitions.at(-1)).toEqual({
      kind: 'band',
      axis: 'total',
      from: 'hot',
      to: 'warm',
      cause: 'inactivity',
      at: lastVisit + 30 * DAY_MS,
      eventId: penalty?.eventId,
    });
  });

  it('predicts that band change as the next alarm time, and the alarm read reports it', () => {
    const anon = events.filter((e) => e.type !== 'identify');
    const state = replay(anon, model);
    const before = finalize(state, lastVisit + minutes(5));
    const alarm = nextChangeAt(state, lastVisit + minutes(5));
    expect(alarm).toBe(lastVisit + 30 * DAY_MS);
    expect(nextChangeAt(anon, model, lastVisit + minutes(5))).toBe(alarm);
    const changes = diff(before, finalize(state, alarm as number));
    expect(changes).toEqual([
      expect.objectContaining({ kind: 'band', from: 'hot', to: 'warm', cause: 'inactivity', at: alarm }),
    ]);
  });

  it('with a competitor e-mail domain never reaches hot and is disqualified', () => {
    const result = scoreLead(journey('eve@rival.example'), withCompetitor, lastVisit + minutes(5));
    expect(result.profile.domainCategory).toBe('competitor');
    expect(result.disqualified).toBe(true);
    expect(result.disqualifiedBy?.ruleId).toBe('competitor-domain');
    expect(result.total).toBe(5);
    expect(result.band).not.toBe('hot');
    expect(result.transitions.some((t) => t.to === 'hot')).toBe(false);
    expect(result.stage).toBe('known');
  });

  it('a known lead at 55 becomes an MQL', () => {
    const result = scoreLead(journey('anna@customer.example'), model, lastVisit + minutes(5));
    expect(result.stage).toBe('mql');
    expect(result.transitions.filter((t) => t.kind === 'stage').map((t) => t.to)).toEqual(['known', 'mql']);
  });
});

describe('disqualification', () => {
  it('a student is disqualified and never an MQL, and is never shown hot whatever the score', () => {
    const events = [
      identify('sam@uni.example', { at: day(0), traits: { title: 'Student', company: 'Uni' } }),
      form('demo_request', { at: day(0) + minutes(5) }),
      form('contact_request', { at: day(0) + minutes(6) }),
      pageview('/pricing', { at: day(0) + minutes(7) }),
      custom('product_check_completed', { at: day(0) + minutes(8) }),
      custom('video_watched', { at: day(0) + minutes(9) }),
      download('guide.pdf', { at: day(0) + minutes(10) }),
    ];
    const result = scoreLead(events, model, day(1));
    expect(result.disqualified).toBe(true);
    expect(result.disqualifiedBy).toMatchObject({ ruleId: 'student' });
    expect(result.ledger.find((l) => l.ruleId === 'student')).toMatchObject({ value: -30, disqualify: true });
    expect(result.total).toBeGreaterThanOrEqual(51);
    expect(result.band).toBe('warm');
    expect(result.stage).toBe('known');
    expect(result.transitions.some((t) => t.to === 'mql' || t.to === 'hot')).toBe(false);
  });

  it('a lead disqualified while an MQL is recycled and drops out of the top band', () => {
    const events = [
      ...journey('anna@customer.example'),
      identify('anna@customer.example', { at: day(4), traits: { title: 'Working student' } }),
    ];
    const result = scoreLead(events, model, day(4) + 1);
    expect(result.stage).toBe('recycled');
    expect(result.band).toBe('warm');
    expect(result.transitions.at(-1)).toMatchObject({
      kind: 'stage',
      from: 'mql',
      to: 'recycled',
      cause: 'event',
    });
  });
});

describe('rules and caps', () => {
  it('engaged reading fires once per page view, when both thresholds are met', () => {
    const pv = pageview('/product/analytics', { at: day(0) });
    const events = [
      pv,
      engagement(pv, { at: day(0) + 10_000, engagedMs: 10_000, scrollDepth: 40, seq: 1 }),
      engagement(pv, { at: day(0) + 40_000, engagedMs: 25_000, scrollDepth: 80, seq: 2 }),
      engagement(pv, { at: day(0) + 70_000, engagedMs: 25_000, scrollDepth: 100, seq: 3 }),
    ];
    const result = scoreLead(events, model, day(0) + 80_000);
    const engaged = result.ledger.filter((l) => l.ruleId === 'engaged-product-page');
    expect(engaged).toHaveLength(1);
    expect(engaged[0]?.eventId).toBe(events[2]?.id);
    expect(result.ledger.find((l) => l.ruleId === 'topic-page-view')?.reason).toBe(
      'Viewed /product/analytics (topic product)',
    );
  });

  it('maxPoints cuts the firing that reaches the cap and stops the rule afterwards', () => {
    const events = ['a.pdf', 'b.pdf', 'c.pdf', 'd.pdf'].map((f, i) =>
      download(f, { at: day(0) + minutes(i) }),
    );
    const lines = scoreLead(events, model, day(1)).ledger.filter((l) => l.ruleId === 'content-download');
    expect(lines.map((l) => l.capped)).toEqual([10, 10, 10]);
  });

  it('partial caps are recorded with raw and capped points', () => {
    const m: ScoringModel = {
      ...DEFAULT_MODEL,
      rules: [{ id: 'dl', on: 'download', axis: 'interest', points: 10, maxPoints: 25 }],
    };
    const events = ['a.pdf', 'b.pdf', 'c.pdf'].map((f, i) => download(f, { at: day(0) + minutes(i) }));
    const lines = scoreLead(events, m, day(1)).ledger;
    expect(lines.map((l) => [l.raw, l.capped])).toEqual([
      [10, 10],
      [10, 10],
      [10, 5],
    ]);
  });

  it('half-life decay is exact at read time', () => {
    const noInactivity = {
      ...DEFAULT_MODEL,
      rules: DEFAULT_MODEL.rules.filter((r) => r.on !== 'inactivity'),
    };
    // One product page (topic `product` from the URL): +1, halving every 30 days.
    const events = [pageview('/product/x', { at: day(0) })];
    expect(scoreLead(events, noInactivity, day(0)).scores.interest).toBe(1);
    expect(scoreLead(events, noInactivity, day(30)).scores.interest).toBe(0.5);
    expect(scoreLead(events, noInactivity, day(60)).scores.interest).toBe(0.25);
    expect(scoreLead(events, noInactivity, day(15)).scores.interest).toBe(Math.round(2 ** -0.5 * 100) / 100);
  });

  it('expiry drops the points at the expiry time, and the 90-day reset cancels behavioural points', () => {
    const events = [
      custom('video_watched', { at: day(0) }),
      identify('a@b-corp.example', { at: day(0) + 1, traits: { title: 'CTO' } }),
    ];
    const before = scoreLead(events, model, day(0) + 5);
    expect(before.scores).toEqual({ interest: 15, intent: 0, fit: 20 });
    // The video counts as a visit (custom events come from the browser): day 30 −20, day 90 reset.
    const month = scoreLead(events, model, day(31));
    expect(month.scores.interest).toBe(-5);
    const after = scoreLead(events, model, day(91));
    expect(after.scores.interest).toBe(0);
    expect(after.scores.fit).toBe(20);
    // By day 90 the video's points have expired, so the reset cancels the −20 penalty alone.
    expect(after.ledger.find((l) => l.ruleId === 'video-watched')?.value).toBe(0);
    const reset = after.ledger.filter((l) => l.reset);
    expect(reset.map((l) => [l.axis, l.value])).toEqual([
      ['interest', 20],
      ['intent', 0],
    ]);
  });

  it('sales accept makes an SQL; reject recycles, and the lead re-arms only after cooling down', () => {
    const base = journey('anna@customer.example');
    const accepted = scoreLead([...base, sales('accept', { at: day(4) })], model, day(4) + 1);
    expect(accepted.stage).toBe('sql');
    expect(accepted.transitions.at(-1)).toMatchObject({ from: 'mql', to: 'sql', cause: 'sales' });
    const rejected = scoreLead(
      [...base, sales('reject', { at: day(4) }), pageview('/pricing', { at: day(5) })],
      model,
      day(5) + 1,
    );
    expect(rejected.stage).toBe('recycled');
  });

  it('a careers page visit takes points away', () => {
    const result = scoreLead([pageview('/careers/engineer', { at: day(0) })], model, day(0) + 1);
    expect(result.scores.interest).toBe(-10);
    expect(result.band).toBe('cold');
  });
});

describe('per-topic rules', () => {
  const pv = (id: string, at: number, topics: string[]): LeadEvent => ({
    id,
    at,
    type: 'pageview',
    url: 'https://acme.example/products/x',
    topics,
  });
  const t0 = Date.UTC(2026, 10, 2, 9);

  it('gives the default +1 once a day per product topic, not once a day overall', () => {
    const result = scoreLead(
      [
        pv('a', t0, ['product-flow']),
        pv('b', t0 + 60_000, ['product-insight']),
        pv('c', t0 + 120_000, ['product-flow']), // same topic, same day: nothing more
        pv('d', t0 + DAY_MS, ['product-flow']), // next day: again
      ],
      model,
      t0 + DAY_MS + 1,
    );
    const lines = result.ledger.filter((l) => l.ruleId === 'topic-page-view');
    // The URL /products/x also maps to the generic topic `product`, which counts once a day too.
    expect(lines.map((l) => [l.eventId, l.topic, l.raw])).toEqual([
      ['a', 'product-flow', 1],
      ['a', 'product', 1],
      ['b', 'product-insight', 1],
      ['d', 'product-flow', 1],
      ['d', 'product', 1],
    ]);
  });

  it('fires for every matching topic of one page and caps each topic on its own', () => {
    const capped = compileModel({
      ...DEFAULT_MODEL,
      rules: [
        {
          id: 'per-topic',
          on: 'pageview',
          when: { topic: 'product-*' },
          axis: 'interest',
          points: 3,
          perTopic: true,
          maxCount: 1,
        },
      ],
    });
    const result = scoreLead(
      [pv('a', t0, ['product-a', 'product-b', 'blog']), pv('b', t0 + 1, ['product-a', 'product-c'])],
      capped,
      t0 + 2,
    );
    expect(result.ledger.map((l) => `${l.eventId}:${l.topic}`)).toEqual([
      'a:product-a',
      'a:product-b',
      'b:product-c',
    ]);
    expect(result.scores.interest).toBe(9);
  });
});
