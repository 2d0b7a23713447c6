/** fast-check generators of lead histories for the scoring property tests. */
import fc from 'fast-check';
import { DAY_MS } from './decay';
import { DEFAULT_MODEL } from './default-model';
import type { LeadEvent, TraitSource } from './events';
import type { ScoringModel } from './model';
import { SITE, T0 } from './test-helpers';

/**
 * The default model, plus what makes the timeline hard: a fast-decaying negative rule next to
 * slower positive ones (scores can rise and fall between events), and a second band set on intent.
 */
export const PROPERTY_MODEL: ScoringModel = {
  ...DEFAULT_MODEL,
  competitors: ['rival.example'],
  rules: [
    ...DEFAULT_MODEL.rules.map((r) =>
      r.id === 'careers-page' ? { ...r, decay: { halfLifeDays: 7, expiresAfterDays: 60 } } : r,
    ),
    {
      id: 'session-pricing',
      on: 'pageview',
      when: { topic: 'pricing' },
      axis: 'intent',
      points: 3,
      frequency: 'once_per_session',
      maxCount: 4,
      decay: { halfLifeDays: 12 },
    },
    {
      id: 'per-topic-capped',
      on: 'pageview',
      when: { topic: ['product-*', 'blog-*'] },
      axis: 'interest',
      points: 3,
      perTopic: true,
      maxCount: 2,
      maxPoints: 5,
      decay: { halfLifeDays: 20 },
    },
    {
      id: 'open-always',
      on: 'email_open',
      axis: 'intent',
      points: -4,
      maxPoints: 10,
      decay: { halfLifeDays: 3 },
    },
  ],
  bands: [
    ...DEFAULT_MODEL.bands,
    {
      on: 'intent',
      levels: [
        { name: 'low', min: 0 },
        { name: 'medium', min: 10 },
        { name: 'high', min: 30 },
      ],
      hysteresis: 2,
    },
  ],
};

const PATHS = [
  '/product/a',
  '/product/b',
  '/pricing',
  '/costs',
  '/careers/x',
  '/blog/p',
  '/?utm_medium=email',
  '/about',
];
const EMAILS = ['ann@acme-corp.example', 'bob@gmail.com', 'eve@rival.example'];
const TITLES = ['CTO', 'Student', 'Engineer', 'CFO', 'Student intern', ''];
/** Who vouches for an identity; undefined is each event type's default (identify: script, form: form). */
const SOURCES = [undefined, undefined, 'script', 'form', 'verified', 'link', 'api'] as const;

type Spec =
  | { k: 'pv'; path: string; tags: string[] }
  | { k: 'en'; ms: number; scroll: number }
  | { k: 'ev'; name: string }
  | { k: 'fm'; intent: string; email: string | null; title: string; source: TraitSource | undefined }
  | { k: 'id'; email: string; title: string; source: TraitSource | undefined }
  | { k: 'eo' }
  | { k: 'ec' }
  | { k: 'dl'; file: string }
  | { k: 'sa'; action: 'accept' | 'reject' | 'won' | 'lost' };

const spec: fc.Arbitrary<Spec> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      k: fc.constant('pv' as const),
      path: fc.constantFrom(...PATHS),
      // Markup topics: pages on several product topics exercise the per-topic rules.
      tags: fc.subarray(['product-x', 'product-y', 'blog-z']),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      k: fc.constant('en' as const),
      ms: fc.integer({ min: 0, max: 60_000 }),
      scroll: fc.integer({ min: 0, max: 100 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      k: fc.constant('ev' as const),
      name: fc.constantFrom('video_watched', 'product_check_completed', 'unsubscribe', 'other'),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      k: fc.constant('fm' as const),
      intent: fc.constantFrom('demo_request', 'contact', 'newsletter', 'trial'),
      // A form marked for identification carries the address and profile fields itself.
      email: fc.constantFrom(null, null, ...EMAILS),
      title: fc.constantFrom(...TITLES),
      source: fc.constantFrom(undefined, undefined, 'verified' as const),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      k: fc.constant('id' as const),
      email: fc.constantFrom(...EMAILS),
      title: fc.constantFrom(...TITLES),
      source: fc.constantFrom(...SOURCES),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ k: 'eo' as const }) },
  { weight: 1, arbitrary: fc.constant({ k: 'ec' as const }) },
  {
    weight: 1,
    arbitrary: fc.record({
      k: fc.constant('dl' as const),
      file: fc.constantFrom('a.pdf', 'b.xlsx', 'c.png'),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      k: fc.constant('sa' as const),
      action: fc.constantFrom('accept', 'reject', 'won', 'lost' as const),
    }),
  },
);

/** Gaps between events: mostly seconds to hours, sometimes days to months (decay, expiry, inactivity). */
const gap = fc.oneof(
  // Events of one millisecond (a form and its identify, a batch): simultaneous changes are one step.
  { weight: 2, arbitrary: fc.constant(0) },
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 3_600_000 }) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 3 * DAY_MS }) },
  { weight: 1, arbitrary: fc.integer({ min: 20 * DAY_MS, max: 100 * DAY_MS }) },
);

function toEvents(items: { spec: Spec; gap: number; session: number }[]): LeadEvent[] {
  const events: LeadEvent[] = [];
  let at = T0;
  let lastPage: LeadEvent | undefined;
  items.forEach(({ spec: s, gap: g, session }, i) => {
    at += g;
    // Session 0 stands for events without a session id (the SDK no longer sends one): the engine
    // then derives sessions from 30-minute gaps.
    const base = {
      id: `e${i.toString().padStart(3, '0')}`,
      at,
      ...(session === 0 ? {} : { sessionId: `s${session}` }),
      visitorId: 'v1',
    };
    let e: LeadEvent;
    switch (s.k) {
      case 'pv':
        e = { ...base, type: 'pageview', url: `${SITE}${s.path}`, topics: s.tags };
        lastPage = e;
        break;
      case 'en':
        e = {
          ...base,
          type: 'engagement',
          url: lastPage?.url ?? `${SITE}/product/a`,
          pageId: lastPage?.id ?? 'missing',
          engagedMs: s.ms,
          scrollDepth: s.scroll,
          seq: i,
        };
        break;
      case 'ev':
        e = { ...base, type: 'custom', name: s.name, url: `${SITE}/` };
        break;
      case 'fm':
        e = { ...base, type: 'form', intent: s.intent, url: `${SITE}/contact` };
        if (s.email !== null) {
          e = { ...e, email: s.email, traits: s.title ? { title: s.title } : {} };
          if (s.source) e = { ...e, source: s.source };
        }
        break;
      case 'id':
        e = { id: base.id, at, type: 'identify', email: s.email, traits: s.title ? { title: s.title } : {} };
        if (s.source) e = { ...e, source: s.source };
        break;
      case 'eo':
        e = { id: base.id, at, type: 'email_open', campaign: 'n1' };
        break;
      case 'ec':
        e = { id: base.id, at, type: 'email_click', campaign: 'n1', href: `${SITE}/` };
        break;
      case 'dl':
        e = {
          ...base,
          type: 'download',
          href: `${SITE}/${s.file}`,
          fileName: s.file,
          fileExt: s.file.split('.')[1] as string,
        };
        break;
      case 'sa':
        e = { id: base.id, at, type: 'sales', action: s.action };
        break;
    }
    events.push(e);
  });
  return events;
}

/** A lead's history, in time order, with unique ids. */
export const history = (maxLength = 30): fc.Arbitrary<LeadEvent[]> =>
  fc
    .array(fc.record({ spec, gap, session: fc.integer({ min: 0, max: 3 }) }), {
      minLength: 1,
      maxLength: maxLength,
    })
    .map(toEvents);

/** A moment at or after the history's end: soon after, or long after. */
export const afterEnd = (events: LeadEvent[]): fc.Arbitrary<number> => {
  const end = (events[events.length - 1] as LeadEvent).at;
  return fc
    .oneof(fc.integer({ min: 0, max: DAY_MS }), fc.integer({ min: 0, max: 200 * DAY_MS }))
    .map((d) => end + d);
};
