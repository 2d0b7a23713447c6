/**
 * Compiles a validated model once: rules indexed by event type with prebuilt matchers, decay in
 * engine units, the topic mapper and the domain categorizer. The engine's hot loop only reads this.
 */

import { bandClauses } from './bands';
import { type CompiledDecay, compileDecay, DAY_MS, HALF_CENT } from './decay';
import { compileDomainCategorizer, type DomainCategorizer } from './email-domain';
import type { LeadEventType } from './events';
import { compileConditions, type Matcher } from './match';
import {
  AXES,
  type Axis,
  type Conditions,
  type Frequency,
  type Rule,
  type ScoreTarget,
  type ScoringModel,
} from './model';
import { compileTopicMapping, type TopicMapper } from './topics';

/** Axis index: 0 interest, 1 intent, 2 fit; 3 is the total. */
export type TargetIndex = 0 | 1 | 2 | 3;
export const TOTAL: TargetIndex = 3;

export const targetIndex = (target: ScoreTarget): TargetIndex =>
  target === 'total' ? TOTAL : (AXES.indexOf(target) as TargetIndex);

export type CompiledRule = {
  index: number;
  id: string;
  rule: Rule;
  axis: Axis;
  axisIndex: 0 | 1 | 2;
  points: number;
  match: Matcher;
  frequency: Frequency;
  maxCount: number;
  maxPoints: number;
  /** Fires per matching topic, with a counter per topic. */
  perTopic: boolean;
  /** Counts per member (the event's `member`), with a counter per member. */
  perMember: boolean;
  /** `everyDays` in ms: the least time between two firings (0: no such limit). */
  everyMs: number;
  decay: CompiledDecay;
  /** Index of the bucket (axis × decay) its lines accumulate in. */
  bucket: number;
  disqualify: boolean;
  /** Inactivity rules: the quiet period in ms. */
  inactivityMs: number;
  resetBehaviour: boolean;
  /**
   * Its conditions look only at the page (URL, query, topics), or it has none: on a page view
   * whose topics come from its URL alone, whether it matches is a function of the URL (see `pageHits`).
   */
  pageStatic: boolean;
};

/**
 * A URL's page as the page-view rules see it: its topics and, per rule, bit `s` set when topic slot
 * `s` matches (bit 0 for a rule not per topic); `hits` null: every rule matched per event.
 */
export type PageInfo = {
  topics: readonly string[];
  hits: Uint32Array | null;
  /** The indices of the rules left to try per event: those not `pageStatic`, and those with a hit. */
  open: readonly number[] | null;
};

/** Lines of one axis with one decay share a bucket: their sum decays as one exponential. */
export type BucketTemplate = { axisIndex: 0 | 1 | 2; rate: number; expiresMs: number };

/** The clauses under which a band set or the stage would move, precomputed per state. */
export type Clauses = readonly (readonly Atom[])[];

export type CompiledBandSet = {
  key: string;
  target: TargetIndex;
  names: string[];
  /** The bands' `min`, as the model says. */
  mins: number[];
  hysteresis: number;
  /** Per band, the exact score at which it is entered: `min` less half a cent (the shown score reaches `min`). */
  enter: number[];
  /** Per band, the exact score below which it is left downwards: `min − hysteresis` less half a cent. */
  leave: number[];
  /** Index of the highest band a disqualified lead may show. */
  disqualifiedMax: number;
  /** Per current band: the conditions under which it would move (see bands.ts). */
  clauses: Clauses[];
};

/** An atom of a stage or band condition: `value(target) ≥ level` (or `<` when `below`). */
export type Atom = { target: TargetIndex; level: number; below: boolean };

export type CompiledModel = {
  model: ScoringModel;
  version: string;
  rules: CompiledRule[];
  byType: Record<LeadEventType, CompiledRule[]>;
  /**
   * Rules a form that carries an identity (an e-mail) is tried against: those listening to `form`
   * and those listening to `identify`, in model order. The submission and its identity are one fact.
   */
  formWithIdentity: CompiledRule[];
  inactivity: CompiledRule[];
  /**
   * Some rule looks at the fold's own counts (members, active days, topics): only then does the
   * fold keep them, so a lead model pays nothing for them.
   */
  aggregates: boolean;
  /** Rules listening to engagement events, indexed for the per-page-view "fired" flags. */
  engagementRules: CompiledRule[];
  buckets: BucketTemplate[];
  /** Indices of the buckets whose lines expire (the only ones with a queue of lines to drop). */
  expiringBuckets: number[];
  /** Distinct half-life rates; the score functions have one term per rate. */
  rates: number[];
  /** Per bucket: its rate's index in `rates`, −1 without half-life. */
  bucketRate: number[];
  topicsFor: TopicMapper;
  /**
   * Per URL, for page views whose topics are the URL's own: the topics, and which `byType.pageview`
   * rules match, computed once (`pageInfo` in incremental.ts): a site has few URLs, and page views
   * are most events.
   */
  pageHits: Map<string, PageInfo>;
  categorize: DomainCategorizer;
  bandSets: CompiledBandSet[];
  mql: Atom[][];
  /** When an MQL is recycled: total below `recycleBelow` and NOT(any MQL criterion), as clauses. */
  recycleMql: Atom[][];
  /** When a lead recycled by sales re-arms: total below `recycleBelow`. */
  rearm: Atom[][];
  requireKnown: boolean;
  recycleBelow: number;
  /** `recycleBelow` as an exact score: less half a cent (see HALF_CENT). */
  recycleAt: number;
};

const EVENT_TYPES: LeadEventType[] = [
  'pageview',
  'engagement',
  'download',
  'outbound',
  'mailto',
  'tel',
  'form',
  'custom',
  'server',
  'identify',
  'email_open',
  'email_click',
  'vitals',
  'sales',
];

/** Compiles a model that `parseModel` accepted. */
export function compileModel(model: ScoringModel): CompiledModel {
  const buckets: BucketTemplate[] = [];
  const bucketKeys = new Map<string, number>();
  const rules = model.rules.map((rule, index): CompiledRule => {
    const axisIndex = AXES.indexOf(rule.axis) as 0 | 1 | 2;
    const decay = compileDecay(rule.decay);
    const key = `${axisIndex}|${decay.rate}|${decay.expiresMs}`;
    let bucket = bucketKeys.get(key);
    if (bucket === undefined) {
      bucket = buckets.push({ axisIndex, rate: decay.rate, expiresMs: decay.expiresMs }) - 1;
      bucketKeys.set(key, bucket);
    }
    return {
      index,
      id: rule.id,
      rule,
      axis: rule.axis,
      axisIndex,
      points: rule.points,
      match: compileConditions(rule.when),
      frequency: rule.frequency ?? 'always',
      maxCount: rule.maxCount ?? Number.POSITIVE_INFINITY,
      maxPoints: rule.maxPoints ?? Number.POSITIVE_INFINITY,
      perTopic: rule.perTopic === true,
      perMember: rule.perMember === true,
      everyMs: (rule.everyDays ?? 0) * DAY_MS,
      decay,
      bucket,
      disqualify: rule.disqualify === true,
      inactivityMs: (rule.inactivityDays ?? 0) * DAY_MS,
      resetBehaviour: rule.resetBehaviour === true,
      pageStatic: pageStatic(rule.when),
    };
  });
  const byType = Object.fromEntries(EVENT_TYPES.map((t) => [t, [] as CompiledRule[]])) as Record<
    LeadEventType,
    CompiledRule[]
  >;
  const inactivity: CompiledRule[] = [];
  for (const rule of rules) {
    const on = Array.isArray(rule.rule.on) ? rule.rule.on : [rule.rule.on];
    for (const type of on) {
      if (type === 'inactivity') inactivity.push(rule);
      else byType[type].push(rule);
    }
  }
  const bandSets = model.bands.map((set): CompiledBandSet => {
    const names = set.levels.map((l) => l.name);
    const mins = set.levels.map((l) => l.min);
    const cap = set.disqualifiedMax === undefined ? names.length - 2 : names.indexOf(set.disqualifiedMax);
    const hysteresis = set.hysteresis ?? 3;
    const compiled: CompiledBandSet = {
      key: set.on,
      target: targetIndex(set.on),
      names,
      mins,
      hysteresis,
      enter: mins.map((m) => m - HALF_CENT),
      leave: mins.map((m) => m - hysteresis - HALF_CENT),
      disqualifiedMax: cap,
      clauses: [],
    };
    compiled.clauses = names.map((_, band) => bandClauses(compiled, band));
    return compiled;
  });
  const mql = model.stages.mql.map((criterion) =>
    Object.entries(criterion).map(
      ([target, level]): Atom => ({
        target: targetIndex(target as ScoreTarget),
        level: (level as number) - HALF_CENT,
        below: false,
      }),
    ),
  );
  const recycleBelow = model.stages.recycleBelow ?? 26;
  const recycleAt = recycleBelow - HALF_CENT;
  const below: Atom = { target: TOTAL, level: recycleAt, below: true };
  const rates = [...new Set(buckets.map((b) => b.rate).filter((r) => r > 0))];
  return {
    model,
    version: model.version,
    recycleMql: negate(mql).map((clause) => [below, ...clause]),
    rearm: [[below]],
    rates,
    bucketRate: buckets.map((b) => (b.rate > 0 ? rates.indexOf(b.rate) : -1)),
    rules,
    byType,
    formWithIdentity: rules.filter((rule) => {
      const on = Array.isArray(rule.rule.on) ? rule.rule.on : [rule.rule.on];
      return on.includes('form') || on.includes('identify');
    }),
    inactivity,
    aggregates: model.rules.some((rule) => usesAggregates(rule.when)),
    engagementRules: byType.engagement,
    buckets,
    expiringBuckets: buckets.flatMap((b, i) => (b.expiresMs === Number.POSITIVE_INFINITY ? [] : [i])),
    topicsFor: compileTopicMapping(model.topics ?? []),
    pageHits: new Map(),
    categorize: compileDomainCategorizer(model.competitors, model.freeMailDomains),
    bandSets,
    mql,
    requireKnown: model.stages.requireKnown ?? true,
    recycleBelow,
    recycleAt,
  };
}

/** Conditions a page view's URL and topics alone decide. */
const PAGE_CONDITIONS: ReadonlySet<string> = new Set(['topic', 'url', 'query', 'anyOf']);

function pageStatic(when: Conditions | undefined): boolean {
  if (!when) return true;
  for (const [key, value] of Object.entries(when)) {
    if (value === undefined) continue;
    if (!PAGE_CONDITIONS.has(key)) return false;
    if (key === 'anyOf' && !(value as Conditions[]).every(pageStatic)) return false;
  }
  return true;
}

function usesAggregates(when: Conditions | undefined): boolean {
  if (!when) return false;
  if (when.members !== undefined || when.activeDays !== undefined || when.topicCount !== undefined)
    return true;
  return when.anyOf?.some(usesAggregates) ?? false;
}

/** NOT(OR of ANDs) as OR of ANDs: one negated atom from each clause, in every combination. */
function negate(clauses: Atom[][]): Atom[][] {
  let out: Atom[][] = [[]];
  for (const clause of clauses) {
    const next: Atom[][] = [];
    for (const partial of out)
      for (const atom of clause) next.push([...partial, { ...atom, below: !atom.below }]);
    out = next;
  }
  return out;
}
