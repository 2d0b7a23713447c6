/**
 * Rule conditions compiled once per model into small predicates, so scoring an event does no regex
 * construction, no glob parsing and no `new URL()`. A rule's conditions all hold (AND); a list
 * inside one condition means "any of".
 */
import { type Aggregates, countMembers, countSince } from './aggregates';
import { DAY_MS } from './decay';
import type { LeadEvent, Props } from './events';
import type { Conditions, DomainCategory, RangeMatch, TextMatch, ValueMatch } from './model';
import { compileNamePatterns, compileUrlPatterns, splitUrl, type UrlParts } from './topics';

/** Where a profile value came from: its source's rank in `TRAIT_SOURCES` (0 most trusted), time and event. */
export type Origin = { rank: number; at: number; id: string };

/**
 * What the lead is known to be at the moment an event is scored. `traits` and `origins` are
 * changed in place by the state that owns them; a copy made to read a result copies them first.
 */
export type ProfileState = {
  email?: string;
  domain?: string;
  category?: DomainCategory;
  traits: Props;
  /** Trait `company`, else the company network of the latest visit. */
  company?: string;
  /** Trait `country`, else the network country of the latest event. */
  country?: string;
  /** The origin of the e-mail (key `email`) and of each trait (key `t:<name>`). */
  origins: Record<string, Origin>;
  /** The latest network-derived company and country (what `company`/`country` fall back to). */
  netCompany?: string;
  netCountry?: string;
};

/** Everything a condition may look at; one object is reused for every event of a lead. */
export type MatchContext = {
  event: LeadEvent;
  /** The page's topics (markup plus URL mapping). */
  topics: readonly string[];
  /** URL parts, split on first use by `urlParts`. */
  parts: UrlParts | undefined;
  /** Engagement: engaged milliseconds accumulated on the page view, this event included. */
  engagedMs: number;
  /** Engagement: maximum scroll depth on the page view so far. */
  scrollDepth: number;
  profile: ProfileState;
  /** The fold's counts over its history, this event included (null when no rule uses them). */
  agg: Aggregates | null;
};

export type Matcher = (ctx: MatchContext) => boolean;

/** Split URLs by URL string: sites have few distinct URLs, leads revisit them. Past the limit it starts over. */
const PARTS_CACHE = new Map<string, UrlParts>();
const PARTS_CACHE_LIMIT = 10_000;

export function urlParts(ctx: MatchContext): UrlParts | undefined {
  const url = ctx.event.url;
  if (ctx.parts === undefined && url !== undefined) {
    let parts = PARTS_CACHE.get(url);
    if (parts === undefined) {
      parts = splitUrl(url);
      if (PARTS_CACHE.size >= PARTS_CACHE_LIMIT) PARTS_CACHE.clear();
      PARTS_CACHE.set(url, parts);
    }
    ctx.parts = parts;
  }
  return ctx.parts;
}

/**
 * One query parameter's value (the first), as URLSearchParams reads it, without building one per
 * event: escaped queries (rare on landing URLs) still go through URLSearchParams.
 */
export function queryParam(query: string, key: string): string | undefined {
  if (query === '') return undefined;
  if (query.includes('%')) return new URLSearchParams(query).get(key) ?? undefined;
  if (!query.includes(key)) return undefined;
  for (const pair of query.replace(/\+/g, ' ').split('&')) {
    const eq = pair.indexOf('=');
    if ((eq >= 0 ? pair.slice(0, eq) : pair) === key) return eq >= 0 ? pair.slice(eq + 1) : '';
  }
  return undefined;
}

const list = <T>(x: T | readonly T[]): readonly T[] => (Array.isArray(x) ? x : [x as T]);

/** Compiles a text match into a predicate on an optional string (absent never matches, except `exists: false`). */
export function compileText(match: TextMatch): (value: string | undefined) => boolean {
  if (typeof match === 'string') {
    const want = match.toLowerCase();
    return (value) => value !== undefined && value.toLowerCase() === want;
  }
  if (Array.isArray(match)) {
    const want = new Set(match.map((m) => m.toLowerCase()));
    return (value) => value !== undefined && want.has(value.toLowerCase());
  }
  if ('contains' in match) {
    const parts = list(match.contains).map((m) => m.toLowerCase());
    return (value) => {
      if (value === undefined) return false;
      const lower = value.toLowerCase();
      return parts.some((p) => lower.includes(p));
    };
  }
  if ('regex' in match) {
    const re = new RegExp(match.regex, match.flags ?? 'i');
    return (value) => value !== undefined && re.test(value);
  }
  const exists = match.exists;
  return (value) => (value !== undefined && value !== '') === exists;
}

const isRange = (m: ValueMatch): m is RangeMatch =>
  typeof m === 'object' && !Array.isArray(m) && ('gte' in m || 'lte' in m);

/** Compiles a property or trait match: text, numeric range, or boolean. */
export function compileValue(match: ValueMatch): (value: string | number | boolean | undefined) => boolean {
  if (typeof match === 'boolean') return (value) => value === match || String(value) === String(match);
  if (isRange(match)) {
    const { gte = Number.NEGATIVE_INFINITY, lte = Number.POSITIVE_INFINITY } = match;
    return (value) => {
      if (value === undefined || typeof value === 'boolean' || value === '') return false;
      const n = Number(value);
      return n >= gte && n <= lte;
    };
  }
  const text = compileText(match);
  return (value) => text(value === undefined ? undefined : String(value));
}

function compileRecord(
  record: Record<string, ValueMatch>,
  read: (ctx: MatchContext, key: string) => string | number | boolean | undefined,
): Matcher[] {
  return Object.entries(record).map(([key, match]) => {
    const test = compileValue(match);
    return (ctx) => test(read(ctx, key));
  });
}

function eventField(
  ctx: MatchContext,
  key: 'fileExt' | 'fileName' | 'href' | 'intent' | 'formId' | 'name' | 'campaign' | 'action',
): string | undefined {
  const value = (ctx.event as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : undefined;
}

/** Compiles a rule's conditions into one predicate. */
export function compileConditions(when: Conditions | undefined): Matcher {
  if (!when) return () => true;
  const checks: Matcher[] = [];
  // Cheapest first (every check must hold): two number comparisons reject most engagements
  // before a topic or URL is looked at.
  if (when.engagedSeconds !== undefined) {
    const ms = when.engagedSeconds * 1000;
    checks.push((ctx) => ctx.engagedMs >= ms);
  }
  if (when.scrollDepth !== undefined) {
    const depth = when.scrollDepth;
    checks.push((ctx) => ctx.scrollDepth >= depth);
  }
  if (when.anyOf !== undefined) {
    const alternatives = when.anyOf.map(compileConditions);
    checks.push((ctx) => alternatives.some((alt) => alt(ctx)));
  }
  if (when.topic !== undefined) {
    const match = compileNamePatterns(list(when.topic));
    checks.push((ctx) => ctx.topics.some(match));
  }
  if (when.url !== undefined) {
    const match = compileUrlPatterns(list(when.url));
    checks.push((ctx) => {
      const parts = urlParts(ctx);
      return parts !== undefined && match(parts);
    });
  }
  if (when.query !== undefined) {
    const tests = Object.entries(when.query).map(([key, m]) => [key, compileText(m)] as const);
    checks.push((ctx) => {
      const parts = urlParts(ctx);
      if (parts === undefined) return false;
      for (let i = 0; i < tests.length; i++) {
        const [key, test] = tests[i] as (typeof tests)[number];
        if (!test(queryParam(parts.query, key))) return false;
      }
      return true;
    });
  }
  if (when.fileExt !== undefined) {
    const exts = new Set(list(when.fileExt).map((e) => e.toLowerCase().replace(/^\./, '')));
    checks.push((ctx) => {
      const ext = eventField(ctx, 'fileExt');
      return ext !== undefined && exts.has(ext.toLowerCase());
    });
  }
  const texts: [TextMatch | undefined, Parameters<typeof eventField>[1]][] = [
    [when.fileName, 'fileName'],
    [when.href, 'href'],
    [when.formId, 'formId'],
    [when.campaign, 'campaign'],
  ];
  for (const [match, field] of texts) {
    if (match === undefined) continue;
    const test = compileText(match);
    checks.push((ctx) => test(eventField(ctx, field)));
  }
  if (when.formIntent !== undefined) {
    const test = compileText(list(when.formIntent) as string[]);
    checks.push((ctx) => test(eventField(ctx, 'intent')));
  }
  if (when.eventName !== undefined) {
    const test = compileText(list(when.eventName) as string[]);
    checks.push((ctx) => test(eventField(ctx, 'name')));
  }
  if (when.salesAction !== undefined) {
    const actions = new Set<string>(list(when.salesAction));
    checks.push((ctx) => actions.has(eventField(ctx, 'action') ?? ''));
  }
  if (when.props !== undefined) {
    checks.push(
      ...compileRecord(when.props, (ctx, key) =>
        'props' in ctx.event && ctx.event.props ? ctx.event.props[key] : undefined,
      ),
    );
  }
  if (when.traits !== undefined)
    checks.push(...compileRecord(when.traits, (ctx, key) => ctx.profile.traits[key]));
  if (when.emailDomain !== undefined) {
    const categories = new Set<string>(list(when.emailDomain));
    checks.push((ctx) => ctx.profile.category !== undefined && categories.has(ctx.profile.category));
  }
  if (when.company !== undefined) {
    const test = compileText(when.company);
    checks.push((ctx) => test(ctx.profile.company));
  }
  if (when.country !== undefined) {
    const test = compileText(list(when.country) as string[]);
    checks.push((ctx) => test(ctx.event.network?.country ?? ctx.profile.country));
  }
  if (when.members !== undefined) {
    const { gte, withinDays, engagedSeconds = 0 } = when.members;
    const window = withinDays === undefined ? Number.POSITIVE_INFINITY : withinDays * DAY_MS;
    const ms = engagedSeconds * 1000;
    checks.push((ctx) => ctx.agg !== null && countMembers(ctx.agg, ctx.event.at - window, ms) >= gte);
  }
  for (const [match, key] of [
    [when.activeDays, 'days'],
    [when.topicCount, 'topics'],
  ] as const) {
    if (match === undefined) continue;
    const window = match.withinDays === undefined ? Number.POSITIVE_INFINITY : match.withinDays * DAY_MS;
    const gte = match.gte;
    checks.push((ctx) => ctx.agg !== null && countSince(ctx.agg[key], ctx.event.at - window) >= gte);
  }
  if (checks.length === 0) return () => true;
  if (checks.length === 1) return checks[0] as Matcher;
  // Indexed loops on the scoring path: a `for…of` that V8 does not optimise away allocates an
  // iterator result per step.
  return (ctx) => {
    for (let i = 0; i < checks.length; i++) if (!(checks[i] as Matcher)(ctx)) return false;
    return true;
  };
}
