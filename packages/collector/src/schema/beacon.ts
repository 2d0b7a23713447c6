import * as v from 'valibot';

/**
 * The beacon wire format (docs/beacon-protocol.md). Short keys keep the browser script small;
 * `ingest/normalize.ts` turns a parsed batch into the long-named `LeadEvent`s the rest of the
 * collector uses. Every string and collection is bounded so a hostile body cannot grow storage.
 */

const ID = /^[A-Za-z0-9_-]{8,64}$/;
const SITE = /^[A-Za-z0-9._-]{1,64}$/;

const id = (what: string) =>
  v.pipe(v.string(`expected a string`), v.regex(ID, `${what}: 8-64 of A-Z a-z 0-9 _ -`));
const text = (max: number) =>
  v.pipe(v.string('expected a string'), v.maxLength(max, `at most ${max} characters`));
const url = v.pipe(
  v.string('expected a string'),
  v.maxLength(2048, 'at most 2048 characters'),
  v.check((s) => /^https?:\/\//i.test(s) && URL.canParse(s), 'expected an absolute http(s) URL'),
);
const href = v.pipe(text(2048), v.minLength(1, 'must not be empty'));
const time = v.pipe(
  v.number('expected a number'),
  v.integer('expected an integer'),
  v.minValue(0, 'must be ≥ 0'),
);
/**
 * Custom-event props and traits are sanitised, not refused: a page's odd value must not cost the
 * whole batch. At most 20 entries survive: string (cut to 256), finite number or boolean values
 * under keys cut to 64 characters; anything else is dropped. The SDK cuts strings to the same 256
 * characters before it queues an event (`MAX_VALUE` in `packages/sdk/src/tracker.ts`), so that one
 * long value never makes an event too large to send: keep the two in step.
 */
const props = v.pipe(
  v.unknown(),
  v.transform((input) =>
    typeof input === 'object' && input !== null && !Array.isArray(input)
      ? sanitizeProps(input as Record<string, unknown>)
      : {},
  ),
);

export function sanitizeProps(input: Record<string, unknown>): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  let n = 0;
  for (const [key, value] of Object.entries(input)) {
    if (n >= 20) break;
    const k = key.trim().slice(0, 64);
    if (!k) continue;
    if (typeof value === 'string') out[k] = value.slice(0, 256);
    else if (typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value)))
      out[k] = value;
    else continue;
    n++;
  }
  return out;
}

/**
 * Page topics as the page wrote them (protocol 1.3: the SDK sends its markup's topics raw): the
 * strings of a list, trimmed, cut to 64 characters, lower-cased, blanks and duplicates dropped, the
 * first 10 kept. Anything else (a bare string, `null`, objects) is no topic, not a refused batch.
 */
const topics = v.pipe(
  v.unknown(),
  v.transform((input) => {
    const out = new Set<string>();
    if (Array.isArray(input))
      for (const t of input) {
        if (out.size === 10) break;
        // A number is a topic too (JSON-LD `articleSection: 2026`), as the 1.2 SDK sent it.
        const raw = typeof t === 'string' ? t : Number.isFinite(t) ? String(t) : '';
        const topic = raw.trim().slice(0, 64).trim().toLowerCase();
        if (topic) out.add(topic);
      }
    return [...out];
  }),
);

/** A referrer that is not an http(s) URL (`android-app://…`, a custom scheme) is dropped, not refused. */
const referrer = v.pipe(
  v.string('expected a string'),
  v.maxLength(4096, 'at most 4096 characters'),
  v.transform((s) => (/^https?:\/\//i.test(s) && s.length <= 2048 && URL.canParse(s) ? s : undefined)),
);

/** The longest engaged time one engagement delta counts: 30 minutes. */
export const MAX_ENGAGED_MS = 1_800_000;

const common = {
  i: id('event id'),
  ts: time,
  u: url,
};

const pageview = v.strictObject({
  ...common,
  n: v.literal('pv'),
  r: v.optional(referrer),
  ti: v.optional(text(300)),
  tp: v.optional(topics),
});

const engagement = v.strictObject({
  ...common,
  n: v.literal('en'),
  p: id('page-view id'),
  // Capped, not refused (protocol 1.4): the SDK leaves the 30-minute cap of one delta to the collector.
  ms: v.pipe(
    time,
    v.transform((ms) => Math.min(ms, MAX_ENGAGED_MS)),
  ),
  sd: v.pipe(time, v.maxValue(100, 'a percentage, 0-100')),
  q: v.pipe(time, v.maxValue(100_000, 'too large')),
});

const link = (n: 'dl' | 'ob' | 'ml' | 'tl') =>
  v.strictObject({
    ...common,
    n: v.literal(n),
    h: href,
    f: v.optional(text(256)),
    x: v.optional(v.pipe(text(16), v.regex(/^[A-Za-z0-9]+$/, 'letters and digits only'))),
  });

/** Any link click the SDK found worth reporting; the collector classifies it (ingest/links.ts). */
const linkClick = v.strictObject({
  ...common,
  n: v.literal('lk'),
  h: href,
  d: v.optional(v.literal(1, 'expected 1')),
});

/**
 * A verified identify's signature: the hex HMAC-SHA256 of the address keyed by the site's identity
 * secret (identity/user-hash.ts). Checked against the address in ingest/verify-identity.ts.
 */
const hash = v.pipe(
  v.string('expected a string'),
  v.regex(/^[0-9a-fA-F]{64}$/, 'expected 64 hexadecimal characters (HMAC-SHA256)'),
);

// A form marked for identification carries its address (`em`), the profile fields the site marked
// (`tr`) and, when the site signed the address, `h`: one fact, one event. Like `id`, an address that
// is not one drops the identity (em, tr, h) in ingest/normalize.ts, not the submission.
const form = v.strictObject({
  ...common,
  n: v.literal('fm'),
  fi: v.optional(text(128)),
  in: v.optional(v.pipe(text(64), v.minLength(1))),
  em: v.optional(v.pipe(text(254), v.trim())),
  tr: v.optional(props),
  h: v.optional(hash),
});

const custom = v.strictObject({
  ...common,
  n: v.literal('ev'),
  nm: v.pipe(text(64), v.minLength(1, 'must not be empty')),
  pr: v.optional(props),
});

// The address is checked per event in ingest/normalize.ts: an invalid one drops that event only.
const identify = v.strictObject({
  ...common,
  n: v.literal('id'),
  em: v.pipe(text(254), v.trim()),
  tr: v.optional(props),
  h: v.optional(hash),
});

const vitals = v.strictObject({
  ...common,
  n: v.literal('vt'),
  p: id('page-view id'),
  lcp: v.optional(v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(600_000))),
  inp: v.optional(v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(600_000))),
  cls: v.optional(v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(100))),
});

export const BeaconEvent = v.variant(
  'n',
  [
    pageview,
    engagement,
    linkClick,
    link('dl'),
    link('ob'),
    link('ml'),
    link('tl'),
    form,
    custom,
    identify,
    vitals,
  ],
  'unknown event type (expected pv, en, lk, dl, ob, ml, tl, fm, ev, id or vt)',
);

export const MAX_EVENTS_PER_BATCH = 50;

export const BeaconBatch = v.strictObject(
  {
    s: v.pipe(v.string('expected a string'), v.regex(SITE, 'site: 1-64 of A-Z a-z 0-9 . _ -')),
    v: v.optional(id('visitor id')),
    x: v.optional(id('session id')),
    t: time,
    k: v.optional(text(512)),
    g: v.optional(v.literal(1, 'expected 1')),
    e: v.pipe(
      v.array(BeaconEvent, 'expected an array of events'),
      v.minLength(1, 'at least one event'),
      v.maxLength(MAX_EVENTS_PER_BATCH, `at most ${MAX_EVENTS_PER_BATCH} events`),
    ),
  },
  'expected a beacon object',
);

export type BeaconBatch = v.InferOutput<typeof BeaconBatch>;
export type BeaconEvent = v.InferOutput<typeof BeaconEvent>;
