/**
 * The scoring state of one lead and the one fold that builds it: `applyEvent` adds an event,
 * `finalize` reads the result at `now`. A replay is the same fold over the deduplicated history
 * sorted by (time, id), so incremental scoring equals replay by construction.
 *
 * The fold runs one step at a time: everything that happens in a step (events, expiries,
 * inactivity) is applied, then bands and stage are settled once. A step is one millisecond, or,
 * around an identity, everything within IDENTITY_WINDOW_MS of it (a form submission, its
 * identify, its page view). An identity (e-mail, traits) counts as known at every event up to
 * IDENTITY_WINDOW_MS before it. So a form and the identify of the same submission score alike
 * whatever order, batch and small clock skew they arrive in. Events therefore wait in a short
 * tail until nothing that can still arrive in order would change them; a late event that lands in
 * the tail costs nothing more, one that lands before it (a retry, a slow queue) refolds the
 * history from the start, because caps, frequencies and hysteresis depend on order.
 *
 * Between events the state moves on its own (decay, expiries, inactivity): `advanceTo` walks that
 * time exactly, segment by segment (see trajectory.ts), recording band and stage changes with their
 * cause. Nothing here reads a clock.
 */
import { type Aggregates, cloneAggregates, newAggregates, recordVisit } from './aggregates';
import { type StageState, shownBand, stageClauses, stepBand, stepStage } from './bands';
import type { Clauses, CompiledBandSet, CompiledModel, CompiledRule, PageInfo } from './compile';
import { DAY_MS, decayedValue, toCents } from './decay';
import { lineReason } from './describe';
import { emailDomain } from './email-domain';
import {
  type LeadEvent,
  type LeadEventType,
  type NetworkInfo,
  type Props,
  TRAIT_SOURCES,
  type TraitSource,
} from './events';
import type { MatchContext, Origin, ProfileState } from './match';
import { AXES } from './model';
import type { Cause, DisqualifiedBy, LedgerLine, ProfileOrigin, ScoreResult, Transition } from './result';
import { mergeTopics } from './topics';
import {
  addToBucket,
  type Bucket,
  buildSegment,
  clearBucket,
  cloneBucket,
  expireHead,
  firstTime,
  mayHold,
  newBucket,
  newSegment,
  prepareEnds,
  prepareForever,
  type Segment,
  segValues,
} from './trajectory';

/**
 * An identity (e-mail, traits) counts as known at every event up to this long before it: a form
 * and the identify of one submission are one fact, whichever the SDK sent first and however the
 * collector corrected each batch's clock (a second or two apart at most).
 */
export const IDENTITY_WINDOW_MS = 5_000;

/**
 * Events that count as a visit to the site (inactivity is measured from the last one). A switch,
 * not a set: it runs for every event, and comparing a type with constant strings is cheaper than
 * hashing it.
 */
function isVisit(type: LeadEventType): boolean {
  switch (type) {
    case 'pageview':
    case 'engagement':
    case 'download':
    case 'outbound':
    case 'mailto':
    case 'tel':
    case 'form':
    case 'custom':
      return true;
    default:
      return false;
  }
}

/** @internal (snapshot.ts) */
export type Line = {
  rule: CompiledRule;
  eventId: string;
  event: LeadEvent | null;
  topics: readonly string[];
  at: number;
  axisIndex: 0 | 1 | 2;
  raw: number;
  capped: number;
  anonymous: boolean;
  reset: boolean;
  /** Its words, made on the first read (a line never changes, and every read shows it). */
  reason: string | undefined;
  /**
   * The member whose event earned it (an account's fold); kept on the line, which a snapshot
   * restores without its event. Always present (undefined on a lead's lines): one shape for every line.
   */
  member: string | undefined;
};

/** @internal (snapshot.ts) */
export type Counter = {
  count: number;
  points: number;
  lastDay: number;
  /** The last firing's time (NaN: never), for `everyDays`. */
  lastAt: number;
  sessions: Set<string> | null;
  /** Per-topic and per-member rules: one counter per topic and member (this one then stays unused). */
  byTopic: Map<string, Counter> | null;
};

export const newCounter = (): Counter => ({
  count: 0,
  points: 0,
  lastDay: Number.NaN,
  lastAt: Number.NaN,
  sessions: null,
  byTopic: null,
});

/** The rule's counter, made on first use. */
function counterOf(acc: Acc, index: number): Counter {
  let counter = acc.counters[index] as Counter | null;
  if (counter === null) {
    counter = newCounter();
    acc.counters[index] = counter;
  }
  return counter;
}

function cloneCounter(c: Counter): Counter {
  return {
    ...c,
    sessions: c.sessions && new Set(c.sessions),
    byTopic: c.byTopic && new Map([...c.byTopic].map(([k, v]) => [k, cloneCounter(v)])),
  };
}

/** @internal (snapshot.ts) */
export type PageState = {
  topics: readonly string[];
  url: string | undefined;
  engagedMs: number;
  scroll: number;
  fired: Uint8Array | null;
  /** A page view's rules as its URL decided them (see `pageInfo`), for its own event; else null. */
  info: PageInfo | null;
};

/** One value an identity carries: the e-mail or a trait, with the trust of its source. */
/** @internal (snapshot.ts) */
export type Fact = {
  /** `email`, or `t:<trait>`. */
  key: string;
  value: string | number | boolean;
  /** What "the same value" means when sources are compared: trimmed, lower case. */
  norm: string;
  /** The source's index in TRAIT_SOURCES: 0 is the most trusted. */
  rank: number;
};

/** An event that carries identity facts, with them (computed once, when the event is added). */
/** @internal (snapshot.ts) */
export type Identity = { at: number; event: LeadEvent; facts: readonly Fact[] };

/**
 * Every value each source gave for each profile field, anywhere in the history: per key, per
 * rank, the normalised values. A value that a more trusted source contradicts never counts.
 */
/** @internal (snapshot.ts) */
export type FactIndex = Map<string, (Set<string> | undefined)[]>;

/** The fold's accumulator: everything the result and the next event depend on. */
/** @internal (snapshot.ts) */
export type Acc = {
  /** Events folded: `events[0, committed)`. */
  committed: number;
  /** The time of the last folded event (−∞ before the first). */
  lastAt: number;
  /** The end of the last folded step: an event at or before it belongs to the folded past (−∞). */
  lastBound: number;
  /** Identities in the profile: `identities[0, merged)` (may run ahead of the folded events). */
  merged: number;
  /**
   * The distinct (rank, value) pairs merged so far per key, to tell when a new fact voids one.
   * Null in a copy made by `finalize` (only the state's own fold needs it).
   */
  mergedFacts: Map<string, readonly string[]> | null;
  /** The time the state is settled at. */
  cursor: number;
  buckets: Bucket[];
  /** The score functions since the last change, rebuilt in place on demand. */
  seg: Segment;
  /** Scratch for the scores at one moment. */
  values: Float64Array;
  /** The next breakpoint, as found by `nextBreakpoint` (fields, not an object: it runs per event). */
  bpAt: number;
  bpBucket: number;
  bpInactivity: number;
  lines: Line[];
  /** Per rule, its counter; null until the rule first matches (most rules never do for a lead). */
  counters: (Counter | null)[];
  /** Page views by event id; in a copy made by `finalize`, only the pages the copy created or changed. */
  pages: Map<string, PageState>;
  /**
   * In a copy made by `finalize`: the state's pages, read through and never written, so that
   * folding the tail into the copy leaves the state as it was. Null in a state.
   */
  sharedPages: Map<string, PageState> | null;
  profile: ProfileState;
  /** In a copy made by `finalize`, until its first identity: the profile's traits and origins are the state's. */
  sharedProfile: boolean;
  /** When the lead became known (the millisecond whose fold first saw an e-mail). */
  knownAt: number | undefined;
  band: number[];
  shown: number[];
  stage: StageState;
  disqualifiedBy: DisqualifiedBy | undefined;
  outcome: 'won' | 'lost' | undefined;
  transitions: Transition[];
  firstSeenAt: number | undefined;
  lastVisitAt: number | undefined;
  /**
   * Browser sessions for events that carry no session id: a session starts at a browser event
   * more than 30 minutes after the previous one (the SDK no longer sends ids; the log's times decide).
   */
  sessionStart: number;
  lastBrowserAt: number;
  /** Per inactivity rule: the `lastVisitAt` it last fired for (NaN: never). */
  inactivityFiredFor: number[];
  eventCount: number;
  /** Counts over the history for rules that look at them (members, days, topics), else null. */
  agg: Aggregates | null;
  ctx: MatchContext;
};

/** The incremental scoring state of one lead. Not serialisable: rebuild it from the event log. */
export type LeadState = {
  readonly model: CompiledModel;
  /** The deduplicated history, sorted by (at, id). */
  readonly events: LeadEvent[];
  /**
   * `events[i].at`, as plain numbers: the fold reads times far more often than anything else, and
   * events come in many shapes, so reading a time off an event is a slow (megamorphic) load.
   */
  readonly ats: number[];
  readonly ids: Set<string>;
  /** Every identity fact of `events`, by field and source. */
  readonly facts: FactIndex;
  /** The events that carry identity facts, with their facts, sorted by (at, id). */
  readonly identities: Identity[];
  acc: Acc;
  /**
   * A state restored from a snapshot (see snapshot.ts): the fold at the snapshot, from which a late
   * event after it refolds (`events` then holds only what came after the snapshot). Null: the
   * state holds its whole history and refolds from the start.
   */
  base: BaseFold | null;
};

/** What a restored state refolds from: the snapshot's fold, rebuilt fresh on each call. */
export type BaseFold = {
  readonly lastBound: number;
  readonly mergedFacts: ReadonlyMap<string, readonly string[]>;
  /** The last event the snapshot folded, in (at, id) order. */
  readonly through: { readonly at: number; readonly id: string } | null;
  fresh(): Acc;
};

/**
 * What `applyEvent` did: added (in order, or late but still in the tail), ignored as a duplicate,
 * inserted before the tail and replayed, or — in a state restored from a snapshot — late even for
 * the snapshot (`stale`: the state can no longer score the history; rebuild it from an earlier
 * snapshot or from the whole log).
 */
export type ApplyOutcome = 'applied' | 'duplicate' | 'replayed' | 'stale';

/** The order of a history: by time, then by id so that equal times are deterministic. */
export function compareEvents(a: LeadEvent, b: LeadEvent): number {
  return a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function newAcc(model: CompiledModel): Acc {
  // Every field present from the start, none ever deleted: the profile keeps one fast shape (a
  // `delete` of a field added before another turns an object into a slow dictionary, and the
  // profile is read for every event).
  const profile: ProfileState = {
    email: undefined,
    domain: undefined,
    category: undefined,
    traits: {},
    company: undefined,
    country: undefined,
    origins: {},
    netCompany: undefined,
    netCountry: undefined,
  };
  return {
    committed: 0,
    lastAt: Number.NEGATIVE_INFINITY,
    lastBound: Number.NEGATIVE_INFINITY,
    merged: 0,
    mergedFacts: new Map(),
    cursor: Number.NEGATIVE_INFINITY,
    buckets: model.buckets.map(newBucket),
    seg: newSegment(model.rates),
    values: new Float64Array(4),
    bpAt: 0,
    bpBucket: -1,
    bpInactivity: -1,
    lines: [],
    sessionStart: Number.NaN,
    lastBrowserAt: Number.NaN,
    counters: model.rules.map(() => null),
    pages: new Map(),
    sharedPages: null,
    profile,
    sharedProfile: false,
    knownAt: undefined,
    band: model.bandSets.map(() => 0),
    shown: model.bandSets.map(() => 0),
    stage: { stage: 'visitor', armed: true },
    disqualifiedBy: undefined,
    outcome: undefined,
    transitions: [],
    firstSeenAt: undefined,
    lastVisitAt: undefined,
    inactivityFiredFor: model.inactivity.map(() => Number.NaN),
    eventCount: 0,
    agg: model.aggregates ? newAggregates() : null,
    ctx: {
      event: undefined as unknown as LeadEvent,
      topics: [],
      parts: undefined,
      engagedMs: 0,
      scrollDepth: 0,
      profile,
      agg: null,
    },
  };
}

/** A copy that can be advanced (and fold the tail) without touching the original. */
function cloneAcc(model: CompiledModel, acc: Acc): Acc {
  // Every field written out, in `newAcc`'s order: one object shape for states and copies (a
  // spread of this many fields is several times slower, and `finalize` runs per read).
  return {
    committed: acc.committed,
    lastAt: acc.lastAt,
    lastBound: acc.lastBound,
    merged: acc.merged,
    mergedFacts: null,
    cursor: acc.cursor,
    buckets: acc.buckets.map(cloneBucket),
    seg: newSegment(model.rates),
    values: new Float64Array(4),
    bpAt: acc.bpAt,
    bpBucket: acc.bpBucket,
    bpInactivity: acc.bpInactivity,
    lines: acc.lines.slice(),
    sessionStart: acc.sessionStart,
    lastBrowserAt: acc.lastBrowserAt,
    counters: acc.counters.map((c) => c && cloneCounter(c)),
    pages: new Map(),
    sharedPages: acc.pages,
    profile: { ...acc.profile },
    sharedProfile: true,
    knownAt: acc.knownAt,
    band: acc.band.slice(),
    shown: acc.shown.slice(),
    stage: acc.stage,
    disqualifiedBy: acc.disqualifiedBy,
    outcome: acc.outcome,
    transitions: acc.transitions.slice(),
    firstSeenAt: acc.firstSeenAt,
    lastVisitAt: acc.lastVisitAt,
    inactivityFiredFor: acc.inactivityFiredFor.slice(),
    eventCount: acc.eventCount,
    agg: acc.agg && cloneAggregates(acc.agg),
    // Scratch, set before every use: a copy may share it (reads never interleave with folds).
    ctx: acc.ctx,
  };
}

export function createLeadState(model: CompiledModel): LeadState {
  return {
    model,
    events: [],
    ats: [],
    ids: new Set(),
    facts: new Map(),
    identities: [],
    acc: newAcc(model),
    base: null,
  };
}

/** A state built from a whole history: deduplicated by id, sorted, folded up to its tail. */
export function stateOf(model: CompiledModel, events: Iterable<LeadEvent>): LeadState {
  const state = createLeadState(model);
  for (const event of events) {
    if (state.ids.has(event.id)) continue;
    state.ids.add(event.id);
    state.events.push(event);
    const facts = event.type === 'identify' || event.type === 'form' ? factsOf(event) : null;
    if (facts) {
      registerFacts(state.facts, facts);
      state.identities.push({ at: event.at, event, facts });
    }
  }
  state.events.sort(compareEvents);
  for (const event of state.events) state.ats.push(event.at);
  state.identities.sort((a, b) => compareEvents(a.event, b.event));
  foldReady(state);
  return state;
}

/**
 * Adds one event. Duplicates (same id) are ignored. An event that lands in the unfolded tail
 * is simply inserted; one that lands before it, or an identity that earlier folded events would
 * have seen (or that contradicts, with more trust, a value they saw), refolds the history.
 */
export function applyEvent(state: LeadState, event: LeadEvent): ApplyOutcome {
  // One hash lookup, not two (`has`, then `add`): this is the costliest line of live scoring.
  const ids = state.ids;
  const size = ids.size;
  ids.add(event.id);
  if (ids.size === size) return 'duplicate';
  const events = state.events;
  const ats = state.ats;
  const at = event.at;
  let i = events.length;
  while (
    i > 0 &&
    ((ats[i - 1] as number) > at || (ats[i - 1] === at && (events[i - 1] as LeadEvent).id > event.id))
  )
    i--;
  if (i === events.length) {
    events.push(event);
    ats.push(at);
  } else {
    events.splice(i, 0, event);
    ats.splice(i, 0, at);
  }
  const facts = event.type === 'identify' || event.type === 'form' ? factsOf(event) : null;
  if (facts) {
    registerFacts(state.facts, facts);
    const list = state.identities;
    let j = list.length;
    while (j > 0 && compareEvents((list[j - 1] as Identity).event, event) > 0) j--;
    list.splice(j, 0, { at, event, facts });
  }
  const acc = state.acc;
  if (isLate(acc.lastBound, acc.mergedFacts, at, facts)) {
    const base = state.base;
    if (base !== null && isLate(base.lastBound, base.mergedFacts, at, facts)) return 'stale';
    state.acc = base === null ? newAcc(state.model) : base.fresh();
    foldReady(state);
    return 'replayed';
  }
  // Not late: a new identity lies beyond every merged one (those reach the window after `lastBound`).
  foldReady(state);
  return 'applied';
}

/**
 * Folds every step that no event still to come in order can change: its bounds and every
 * identity its events see lie more than the window before the last event.
 */
export function foldReady(state: LeadState): void {
  const ats = state.ats;
  const last = ats[ats.length - 1];
  if (last === undefined) return;
  const acc = state.acc;
  while (acc.committed < ats.length) {
    const start = ats[acc.committed] as number;
    if (!(start + IDENTITY_WINDOW_MS < last)) return;
    const bound = stepBound(state, start);
    if (!(bound + IDENTITY_WINDOW_MS < last)) return;
    foldStep(state, acc, bound);
  }
}

/**
 * Folds the whole tail into the state itself, as if no event could still arrive at or before its
 * last one: true of a history retention compacts (src/scoring/compaction.ts), which chooses its
 * cut so that no step reaches past it.
 */
export function foldComplete(state: LeadState): void {
  foldAll(state, state.acc);
}

/**
 * A copy of the state with its tail folded, to read at `now`. Read long after the last event
 * (later than any step can reach), the tail is folded into the state itself first: no event that
 * may still come changes it without refolding anyway, and the next read is spared the work. The
 * result is the same either way.
 */
function readAt(state: LeadState, now: number): Acc {
  const last = state.ats[state.ats.length - 1];
  if (last !== undefined && now > last + 2 * IDENTITY_WINDOW_MS) foldAll(state, state.acc);
  const acc = cloneAcc(state.model, state.acc);
  foldAll(state, acc);
  return acc;
}

/** Folds the whole tail into `acc` (a copy, when reading). */
function foldAll(state: LeadState, acc: Acc): void {
  const ats = state.ats;
  while (acc.committed < ats.length) foldStep(state, acc, stepBound(state, ats[acc.committed] as number));
}

/**
 * Where the step that starts at `start` ends: at `start` itself, or, when an identity arrives
 * within the window after it, the window after the latest such identity (so one submission's page
 * view, form and identify settle as one step in any order and skew). At most twice the window.
 */
function stepBound(state: LeadState, start: number): number {
  const list = state.identities;
  // Most steps have no identity anywhere near (the hot path: one comparison).
  if (list.length === 0 || (list[list.length - 1] as Identity).at < start) return start;
  const limit = start + IDENTITY_WINDOW_MS;
  // The latest identity at or before `limit` (few per lead: a scan from the end is enough).
  let j = list.length - 1;
  while (j >= 0 && (list[j] as Identity).at > limit) j--;
  const latest = list[j]?.at;
  return latest !== undefined && latest >= start ? latest + IDENTITY_WINDOW_MS : start;
}

// ---------------------------------------------------------------------------------------------
// Identity facts: who says what about the lead, and with how much trust.

function sourceRank(source: TraitSource | undefined, fallback: TraitSource): number {
  const rank = TRAIT_SOURCES.indexOf(source ?? fallback);
  return rank < 0 ? TRAIT_SOURCES.indexOf(fallback) : rank;
}

const normalise = (value: string | number | boolean): string => String(value).trim().toLowerCase();

/**
 * The identity facts an event carries, or null: an identify's e-mail and traits (source default
 * `script`); a form's e-mail and the profile fields the site marked (source default `form`).
 * Empty values say nothing (an optional field left blank does not erase a known value).
 */
export function factsOf(event: LeadEvent): Fact[] | null {
  let email: string | undefined;
  let traits: Props | undefined;
  let rank: number;
  if (event.type === 'identify') {
    email = event.email;
    traits = event.traits;
    rank = sourceRank(event.source, 'script');
  } else if (event.type === 'form' && (event.email !== undefined || event.traits !== undefined)) {
    email = event.email;
    traits = event.traits;
    rank = sourceRank(event.source, 'form');
  } else return null;
  const facts: Fact[] = [];
  if (email) facts.push({ key: 'email', value: email, norm: normalise(email), rank });
  if (traits) {
    for (const name of Object.keys(traits)) {
      const value = traits[name] as string | number | boolean;
      const norm = normalise(value);
      if (norm !== '') facts.push({ key: `t:${name}`, value, norm, rank });
    }
  }
  return facts.length > 0 ? facts : null;
}

export function registerFacts(index: FactIndex, facts: readonly Fact[]): void {
  for (const f of facts) {
    let byRank = index.get(f.key);
    if (byRank === undefined) {
      byRank = [];
      index.set(f.key, byRank);
    }
    let values = byRank[f.rank];
    if (values === undefined) {
      values = new Set();
      byRank[f.rank] = values;
    }
    values.add(f.norm);
  }
}

/** A value is void when a more trusted source gave the same field another value, anywhere in the history. */
function isVoid(index: FactIndex, f: Fact): boolean {
  const byRank = index.get(f.key);
  if (byRank === undefined) return false;
  for (let rank = 0; rank < f.rank; rank++) {
    const values = byRank[rank];
    if (values !== undefined && (values.size > 1 || !values.has(f.norm))) return true;
  }
  return false;
}

/**
 * Whether an event is late for a fold that reached `lastBound` and merged `mergedFacts`: inside a
 * folded step; or an identity that folded events would have seen (or that a folded step's bounds
 * depend on), or one that contradicts, with more trust, a merged value.
 */
export function isLate(
  lastBound: number,
  mergedFacts: ReadonlyMap<string, readonly string[]> | null,
  at: number,
  facts: readonly Fact[] | null,
): boolean {
  return (
    at <= lastBound ||
    (facts !== null && (at <= lastBound + IDENTITY_WINDOW_MS || voidsMerged(mergedFacts, facts)))
  );
}

/** Whether new facts contradict, with more trust, a value already merged into the profile. */
function voidsMerged(
  mergedFacts: ReadonlyMap<string, readonly string[]> | null,
  facts: readonly Fact[],
): boolean {
  for (const f of facts) {
    const seen = mergedFacts?.get(f.key);
    if (seen === undefined) continue;
    for (const pair of seen) {
      const colon = pair.indexOf(':');
      if (Number(pair.slice(0, colon)) > f.rank && pair.slice(colon + 1) !== f.norm) return true;
    }
  }
  return false;
}

/**
 * Merges the identity facts of every event up to `until` into the profile: per field the most
 * trusted source wins, then the latest (facts come in (at, id) order); void values are skipped.
 * Returns whether the profile changed.
 */
function mergeFacts(state: LeadState, acc: Acc, until: number): boolean {
  const list = state.identities;
  let changed = false;
  while (acc.merged < list.length && (list[acc.merged] as Identity).at <= until) {
    const { event, facts } = list[acc.merged++] as Identity;
    for (const f of facts) {
      const merged = acc.mergedFacts;
      if (merged !== null) {
        const pair = `${f.rank}:${f.norm}`;
        const seen = merged.get(f.key);
        if (seen === undefined) merged.set(f.key, [pair]);
        else if (!seen.includes(pair)) merged.set(f.key, [...seen, pair]);
      }
      if (isVoid(state.facts, f)) continue;
      if (mergeFact(state.model, acc, f, event)) changed = true;
    }
  }
  return changed;
}

function mergeFact(model: CompiledModel, acc: Acc, f: Fact, event: LeadEvent): boolean {
  const p = acc.profile;
  const current = p.origins[f.key];
  if (current !== undefined && current.rank < f.rank) return false;
  if (acc.sharedProfile) {
    // A copy made by `finalize` shares these with the state: copy before the first write.
    p.origins = { ...p.origins };
    p.traits = { ...p.traits };
    acc.sharedProfile = false;
  }
  p.origins[f.key] = { rank: f.rank, at: event.at, id: event.id };
  if (f.key === 'email') {
    const email = String(f.value);
    if (email !== p.email) {
      p.email = email;
      p.domain = emailDomain(email);
      p.category = p.domain === undefined ? undefined : model.categorize(p.domain);
    }
  } else {
    p.traits[f.key.slice(2)] = f.value;
    deriveCompanyAndCountry(p);
  }
  return true;
}

/** Company and country: what the lead said (trait), else what the network says. */
function deriveCompanyAndCountry(p: ProfileState): void {
  const { company, country } = p.traits;
  p.company = typeof company === 'string' && company !== '' ? company : p.netCompany;
  p.country = typeof country === 'string' && country !== '' ? country : p.netCountry;
}

function updateNetwork(p: ProfileState, network: NetworkInfo): void {
  if (network.country && network.country !== p.netCountry) {
    p.netCountry = network.country;
    deriveCompanyAndCountry(p);
  }
  if (network.company && network.company !== p.netCompany) {
    p.netCompany = network.company;
    deriveCompanyAndCountry(p);
  }
}

// ---------------------------------------------------------------------------------------------
// Time: breakpoints (expiries, inactivity) and continuous changes between them.

/** Finds the earliest expiry or inactivity firing into `acc.bp…` (`bpAt` Infinity: none). */
function nextBreakpoint(model: CompiledModel, acc: Acc): void {
  acc.bpAt = Number.POSITIVE_INFINITY;
  acc.bpBucket = -1;
  acc.bpInactivity = -1;
  // Only buckets whose lines expire hold a queue (most of a model's decay by half-life).
  const expiring = model.expiringBuckets;
  for (let k = 0; k < expiring.length; k++) {
    const i = expiring[k] as number;
    const b = acc.buckets[i] as Bucket;
    if (b.head < b.qAt.length) {
      const at = (b.qAt[b.head] as number) + b.expiresMs;
      if (at < acc.bpAt) {
        acc.bpAt = at;
        acc.bpBucket = i;
      }
    }
  }
  const lastVisit = acc.lastVisitAt;
  if (lastVisit === undefined) return;
  for (let i = 0; i < model.inactivity.length; i++) {
    if (acc.inactivityFiredFor[i] === lastVisit) continue;
    const rule = model.inactivity[i] as CompiledRule;
    const count = acc.counters[rule.index]?.count ?? 0;
    if (count >= rule.maxCount || (rule.frequency === 'once' && count > 0)) continue;
    const at = lastVisit + rule.inactivityMs;
    if (at < acc.bpAt) {
      acc.bpAt = at;
      acc.bpBucket = -1;
      acc.bpInactivity = i;
    }
  }
}

function segment(model: CompiledModel, acc: Acc): Segment {
  if (!acc.seg.valid) buildSegment(acc.seg, acc.buckets, model.bucketRate, acc.cursor);
  return acc.seg;
}

const known = (acc: Acc): boolean => acc.profile.email !== undefined;

/** The stage's conditions for moving on its own, as `stageClauses` gives them (one array per state). */
function stageMoves(model: CompiledModel, acc: Acc): Clauses {
  return stageClauses(model, acc.stage, known(acc), acc.disqualifiedBy !== undefined);
}

/** Band set `j`'s conditions for moving from its current band (precomputed per band). */
function bandMoves(model: CompiledModel, acc: Acc, j: number): Clauses {
  return (model.bandSets[j] as CompiledBandSet).clauses[acc.band[j] as number] as Clauses;
}

/**
 * The first time in [from, to] at which a band set or the stage would move, or null. When nothing
 * moves there, it also asks whether anything can move at all before the scores change again (only
 * the ends of a monotone score need checking: its value at `from` and the constant it tends to),
 * and remembers the answer on the segment: then the searches of the next steps cost nothing.
 */
function earliestMove(model: CompiledModel, acc: Acc, seg: Segment, from: number, to: number): number | null {
  const stage = stageMoves(model, acc);
  // Quiet until past `to` for these very conditions: bands only change in `settle`, which forgets it.
  if (to <= seg.quietUntil && seg.quietFor === stage) return null;
  prepareEnds(seg, from, to);
  let best: number | null = null;
  let limit = to;
  for (let j = 0; j < model.bandSets.length; j++) {
    const clauses = bandMoves(model, acc, j);
    if (!mayHold(seg, clauses)) continue;
    const t = firstTime(seg, clauses, from, limit);
    if (t !== null) {
      best = t;
      limit = t - 1;
    }
  }
  if (mayHold(seg, stage)) {
    const t = firstTime(seg, stage, from, limit);
    if (t !== null) best = t;
  }
  if (best === null) {
    prepareForever(seg);
    let quiet = !mayHold(seg, stage);
    for (let j = 0; quiet && j < model.bandSets.length; j++) quiet = !mayHold(seg, bandMoves(model, acc, j));
    seg.quietUntil = quiet ? Number.POSITIVE_INFINITY : to;
    seg.quietFor = stage;
  }
  return best;
}

/** Re-evaluates bands and stage at `t` (the scores changed) and records visible changes. */
function settle(model: CompiledModel, acc: Acc, t: number, cause: Cause, eventId?: string): void {
  const seg = segment(model, acc);
  const values = acc.values;
  segValues(seg, t, values);
  const disqualified = acc.disqualifiedBy !== undefined;
  for (let j = 0; j < model.bandSets.length; j++) {
    const set = model.bandSets[j] as CompiledBandSet;
    const band = stepBand(set, acc.band[j] as number, values[set.target] as number);
    // Another band searches for other crossings: what the segment knows of quiet no longer holds.
    if (band !== acc.band[j]) seg.quietUntil = Number.NEGATIVE_INFINITY;
    acc.band[j] = band;
    const shown = shownBand(set, band, disqualified);
    if (shown !== acc.shown[j]) {
      const from = set.names[acc.shown[j] as number] as string;
      acc.transitions.push(transition('band', from, set.names[shown] as string, cause, t, eventId, set.key));
      acc.shown[j] = shown;
    }
  }
  const input = { known: known(acc), disqualified, values };
  for (let i = 0; i < 4; i++) {
    const next = stepStage(model, acc.stage, input);
    if (next === acc.stage) break;
    if (next.stage !== acc.stage.stage) {
      acc.transitions.push(transition('stage', acc.stage.stage, next.stage, cause, t, eventId));
    }
    acc.stage = next;
  }
}

function transition(
  kind: 'band' | 'stage',
  from: string,
  to: string,
  cause: Cause,
  at: number,
  eventId: string | undefined,
  axis?: string,
): Transition {
  const t: Transition = { kind, from, to, cause, at };
  if (axis !== undefined) t.axis = axis;
  if (eventId !== undefined) t.eventId = eventId;
  // Shared by the state and every result read from it: a caller must not be able to rewrite history.
  return Object.freeze(t);
}

/**
 * Scores between two changes are sums of a few exponentials, which cross any level only a few
 * times, and the machines' conditions are exclusive; so more moves than this means a defect, and
 * failing loudly beats spinning a Durable Object until it runs out of memory.
 */
const MAX_MOVES_PER_SEGMENT = 10_000;

/** Finds and applies continuous changes in [from, to] (no breakpoint inside). */
function searchChanges(model: CompiledModel, acc: Acc, from: number, to: number, stopAfter: number): void {
  let t0 = from;
  for (let moves = 0; t0 <= to; moves++) {
    if (moves > MAX_MOVES_PER_SEGMENT) throw new Error(`scoring: bands or stage oscillate near ${t0}`);
    const seg = segment(model, acc);
    // Constant scores: nothing moves until the next change.
    if (!(seg.moving[0] || seg.moving[1] || seg.moving[2] || seg.moving[3])) return;
    const t = earliestMove(model, acc, seg, t0, to);
    if (t === null) return;
    settle(model, acc, t, 'decay');
    if (acc.transitions.length > stopAfter) return;
    t0 = t + 1;
  }
}

/** What was applied at a breakpoint and not settled yet: its cause for the transitions it brings. */
type Pending = { cause: Cause; eventId: string | undefined };

/**
 * Moves the state to time `until`: expiries and inactivity penalties up to and including it, band
 * and stage changes between. Everything that falls on one millisecond is applied before bands and
 * stage are settled, once. With `deferAtUntil`, what falls on `until` itself is applied but left
 * for the caller to settle together with the events of that millisecond (returned, or null).
 * With `stopAfter`, stops as soon as the transition count exceeds it.
 */
function advanceTo(
  model: CompiledModel,
  acc: Acc,
  until: number,
  stopAfter = Number.POSITIVE_INFINITY,
  deferAtUntil = false,
): Pending | null {
  if (acc.cursor === Number.NEGATIVE_INFINITY) {
    acc.cursor = until;
    return null;
  }
  for (;;) {
    nextBreakpoint(model, acc);
    const bpAt = acc.bpAt;
    const end = bpAt <= until ? bpAt - 1 : until;
    if (acc.cursor < end) searchChanges(model, acc, acc.cursor + 1, end, stopAfter);
    if (acc.transitions.length > stopAfter) return null;
    if (bpAt > until) {
      if (until > acc.cursor) acc.cursor = until;
      return null;
    }
    acc.cursor = bpAt;
    const pending = applyBreakpoints(model, acc, bpAt);
    if (deferAtUntil && bpAt === until) return pending;
    settle(model, acc, bpAt, pending.cause, pending.eventId);
    if (acc.transitions.length > stopAfter) return null;
  }
}

/**
 * Inside a step: applies every expiry and inactivity penalty up to `until` without settling (the
 * step settles once at its end); returns what was applied, or null.
 */
function applyUntil(model: CompiledModel, acc: Acc, until: number): Pending | null {
  let pending: Pending | null = null;
  for (;;) {
    nextBreakpoint(model, acc);
    if (acc.bpAt > until) break;
    const applied = applyBreakpoints(model, acc, acc.bpAt);
    if (pending === null || applied.cause === 'inactivity') pending = applied;
  }
  if (until > acc.cursor) acc.cursor = until;
  return pending;
}

/**
 * Applies every expiry and inactivity penalty due at `at` (found by `nextBreakpoint`), without
 * settling: a negative and a positive line expiring together are one change, not two.
 */
function applyBreakpoints(model: CompiledModel, acc: Acc, at: number): Pending {
  let inactivity: string | undefined;
  while (acc.bpAt === at) {
    if (acc.bpBucket >= 0) expireHead(acc.buckets[acc.bpBucket] as Bucket, at);
    else inactivity ??= fireInactivity(model, acc, acc.bpInactivity, at);
    nextBreakpoint(model, acc);
  }
  acc.seg.valid = false;
  return inactivity === undefined
    ? { cause: 'decay', eventId: undefined }
    : { cause: 'inactivity', eventId: inactivity };
}

/** Adds an inactivity rule's lines at `at` (not settled); returns their event id. */
function fireInactivity(model: CompiledModel, acc: Acc, i: number, at: number): string {
  const rule = model.inactivity[i] as CompiledRule;
  acc.inactivityFiredFor[i] = acc.lastVisitAt as number;
  const eventId = `inactivity:${rule.id}@${at}`;
  const anonymous = !known(acc);
  const counter = counterOf(acc, rule.index);
  counter.count++;
  if (rule.resetBehaviour) {
    for (const axisIndex of [0, 1] as const) {
      acc.lines.push({
        rule,
        eventId,
        event: null,
        topics: [],
        at,
        axisIndex,
        raw: 0,
        capped: 0,
        anonymous,
        reset: true,
        reason: undefined,
        member: undefined,
      });
    }
    for (const b of acc.buckets) if (b.axisIndex !== 2) clearBucket(b);
  }
  if (rule.points !== 0) {
    const capped = capPoints(rule, counter, rule.points);
    if (capped !== 0) {
      counter.points += Math.abs(capped);
      acc.lines.push({
        rule,
        eventId,
        event: null,
        topics: [],
        at,
        axisIndex: rule.axisIndex,
        raw: rule.points,
        capped,
        anonymous,
        reset: false,
        reason: undefined,
        member: undefined,
      });
      addToBucket(acc.buckets[rule.bucket] as Bucket, at, capped);
    }
  }
  if (rule.disqualify && acc.disqualifiedBy === undefined)
    acc.disqualifiedBy = Object.freeze({ ruleId: rule.id, eventId, at });
  return eventId;
}

/** Points after `maxPoints`: cut to what is left of the cap (0 when exhausted). */
function capPoints(rule: CompiledRule, counter: Counter, points: number): number {
  if (rule.maxPoints === Number.POSITIVE_INFINITY) return points;
  const left = rule.maxPoints - counter.points;
  if (left <= 0) return 0;
  return Math.abs(points) > left ? Math.sign(points) * left : points;
}

// ---------------------------------------------------------------------------------------------
// Events.

/**
 * The page an engagement belongs to, ready to be changed: in a copy made by `finalize`, a page of
 * the state is copied into the copy's own pages first.
 */
function pageOf(acc: Acc, id: string): PageState | undefined {
  const own = acc.pages.get(id);
  if (own !== undefined || acc.sharedPages === null) return own;
  const shared = acc.sharedPages.get(id);
  if (shared === undefined) return undefined;
  const copy: PageState = { ...shared, fired: shared.fired ? shared.fired.slice() : null };
  acc.pages.set(id, copy);
  return copy;
}

/** The page state of an event `pageFor` has already recorded (it must not count an engagement twice). */
function pageOfEvent(acc: Acc, event: LeadEvent): PageState | undefined {
  if (event.type === 'pageview') return acc.pages.get(event.id);
  if (event.type === 'engagement') return pageOf(acc, event.pageId);
  return undefined;
}

/** The page state an event belongs to: its own page view, the one an engagement refers to, or none. */
function pageFor(model: CompiledModel, acc: Acc, event: LeadEvent): PageState | undefined {
  if (event.type === 'pageview') {
    // A page view whose topics are its URL's alone: topics and rules come from one cache entry.
    const info =
      event.topics.length === 0 && event.url !== undefined ? pageInfo(model, event, acc.ctx) : null;
    const page: PageState = {
      topics: info === null ? pageTopics(model, event) : info.topics,
      url: event.url,
      engagedMs: 0,
      scroll: 0,
      fired: null,
      info,
    };
    acc.pages.set(event.id, page);
    return page;
  }
  if (event.type === 'engagement') {
    let page = pageOf(acc, event.pageId);
    if (page === undefined) {
      // The page view was never received (blocked, lost): the engagement's own URL stands in.
      page = {
        topics: model.topicsFor(event.url),
        url: event.url,
        engagedMs: 0,
        scroll: 0,
        fired: null,
        info: null,
      };
      acc.pages.set(event.pageId, page);
    }
    page.engagedMs += event.engagedMs;
    if (event.scrollDepth > page.scroll) page.scroll = event.scrollDepth;
    return page;
  }
  return undefined;
}

/**
 * A page view's topics: its markup topics plus those the model maps its URL to. The one place a
 * page gets its topics: rules, the lead's page list, the index and its filters all read them here.
 */
export function pageTopics(model: CompiledModel, event: LeadEvent & { type: 'pageview' }): readonly string[] {
  return mergeTopics(event.topics, model.topicsFor(event.url));
}

/** The one slot of a rule that is not per topic: it is tried once, against all the event's topics. */
const ALL_TOPICS: readonly null[] = [null];

/** Per-topic rules on pages with more topics than this are matched per event (bits of a 32-bit word). */
const MAX_CACHED_SLOTS = 30;
/** Distinct URLs are few compared with page views; past this many the cache starts over. */
const PAGE_HITS_LIMIT = 10_000;

/**
 * A page view's topics and which page-view rules match it, as `CompiledModel.pageHits` keeps them
 * per URL, for a page view whose topics are its URL's alone. `hits` is null when a per-topic rule
 * has more topic slots than a word holds (then every rule matches per event). Only `pageStatic`
 * rules are decided here; the others match per event.
 */
function pageInfo(
  model: CompiledModel,
  event: LeadEvent & { type: 'pageview'; url: string },
  ctx: MatchContext,
): PageInfo {
  const url = event.url;
  const cached = model.pageHits.get(url);
  if (cached !== undefined) return cached;
  const topics = model.topicsFor(url);
  const rules = model.byType.pageview;
  let hits: Uint32Array | null = new Uint32Array(rules.length);
  ctx.event = event;
  ctx.parts = undefined;
  for (let i = 0; i < rules.length && hits !== null; i++) {
    const rule = rules[i] as CompiledRule;
    if (!rule.pageStatic) continue;
    const slots: readonly (string | null)[] = rule.perTopic ? topics : ALL_TOPICS;
    if (slots.length > MAX_CACHED_SLOTS) hits = null;
    else {
      let bits = 0;
      for (let s = 0; s < slots.length; s++) {
        const topic = slots[s] as string | null;
        ctx.topics = topic === null ? topics : [topic];
        if (rule.match(ctx)) bits |= 1 << s;
      }
      hits[i] = bits;
    }
  }
  const open: number[] = [];
  for (let i = 0; hits !== null && i < rules.length; i++)
    if (!(rules[i] as CompiledRule).pageStatic || hits[i] !== 0) open.push(i);
  const info: PageInfo = { topics, hits, open: hits === null ? null : open };
  if (model.pageHits.size >= PAGE_HITS_LIMIT) model.pageHits.clear();
  model.pageHits.set(url, info);
  return info;
}

/** Idle time that ends a browser session (the common 30 minutes of web analytics). */
const SESSION_GAP_MS = 30 * 60_000;

/**
 * Follows the gap-based sessions of browser events that carry no session id: a session starts at
 * a browser event more than SESSION_GAP_MS after the previous one.
 */
function trackSession(acc: Acc, event: LeadEvent): void {
  if (event.sessionId !== undefined || event.visitorId === undefined) return;
  if (!(event.at - acc.lastBrowserAt <= SESSION_GAP_MS)) acc.sessionStart = event.at;
  acc.lastBrowserAt = event.at;
}

/**
 * The session an event belongs to: the SDK's session id when the event has one; for other browser
 * events (they carry a visitor id) the gap-based session `trackSession` follows; events from
 * outside a browser (server, e-mail) count one session per UTC day. Built only for rules that
 * count per session.
 */
function sessionOf(acc: Acc, event: LeadEvent): string {
  if (event.sessionId !== undefined) return event.sessionId;
  if (event.visitorId === undefined) return `day:${Math.floor(event.at / DAY_MS)}`;
  return `gap:${event.visitorId}:${acc.sessionStart}`;
}

/** Whether the rule's frequency lets it fire for this event; records the firing when it does. */
function frequencyAllows(rule: CompiledRule, counter: Counter, event: LeadEvent, acc: Acc): boolean {
  if (counter.count >= rule.maxCount) return false;
  if (rule.everyMs > 0) {
    if (event.at - counter.lastAt < rule.everyMs) return false;
    if (!frequencyOnly(rule, counter, event, acc)) return false;
    counter.lastAt = event.at;
    return true;
  }
  return frequencyOnly(rule, counter, event, acc);
}

function frequencyOnly(rule: CompiledRule, counter: Counter, event: LeadEvent, acc: Acc): boolean {
  switch (rule.frequency) {
    case 'always':
      return true;
    case 'once':
      return counter.count === 0;
    case 'once_per_day': {
      const day = Math.floor(event.at / DAY_MS);
      if (counter.lastDay === day) return false;
      counter.lastDay = day;
      return true;
    }
    case 'once_per_session': {
      const key = sessionOf(acc, event);
      if (counter.sessions === null) counter.sessions = new Set();
      else if (counter.sessions.has(key)) return false;
      counter.sessions.add(key);
      return true;
    }
  }
}

function applySales(acc: Acc, event: LeadEvent & { type: 'sales' }, transitions: Transition[]): void {
  const from = acc.stage.stage;
  let to = from;
  if (event.action === 'accept') to = 'sql';
  else if (event.action === 'reject') to = 'recycled';
  else if (event.action === 'lost') {
    acc.outcome = 'lost';
    to = 'recycled';
  } else {
    acc.outcome = 'won';
    to = 'sql';
  }
  if (to === 'recycled') acc.stage = { stage: 'recycled', armed: false };
  else if (to !== from) acc.stage = { stage: to, armed: true };
  if (to !== from) transitions.push(transition('stage', from, to, 'sales', event.at, event.id));
}

/**
 * Folds one step: the events up to `bound` from the first unfolded one, millisecond by
 * millisecond, each with what time brings up to it (expiries, inactivity) and the identities
 * known by then (up to the window after it); then settles bands and stage once, at the step's
 * last event, so that simultaneous changes, and one submission's events, are one change.
 */
function foldStep(state: LeadState, acc: Acc, bound: number): void {
  const model = state.model;
  const events = state.events;
  const ats = state.ats;
  let i = acc.committed;
  let cause: Cause | undefined;
  let causeId: string | undefined;
  const linesBefore = acc.lines.length;
  const start = ats[i] as number;
  let at = start;
  for (let first = true; i < ats.length && (ats[i] as number) <= bound; first = false) {
    // A sales action is no part of a submission: it starts a step of its own, so what the lead
    // reached before it (an MQL a moment before sales accepts) is settled and recorded first.
    if (!first && (events[i] as LeadEvent).type === 'sales') break;
    at = ats[i] as number;
    // The time before the step moves (and settles) as always; inside it, nothing settles.
    const pending = first
      ? advanceTo(model, acc, at, Number.POSITIVE_INFINITY, true)
      : applyUntil(model, acc, at);
    if (pending !== null && (cause === undefined || pending.cause === 'inactivity')) {
      cause = pending.cause;
      causeId = pending.eventId;
    }
    const wasKnown = acc.profile.email !== undefined;
    // Identities up to the window ahead. Most steps have none to merge: checked here, and within
    // bounds (reading past an array's end is a slow path).
    const identities = state.identities;
    const until = at + IDENTITY_WINDOW_MS;
    if (
      acc.merged < identities.length &&
      (identities[acc.merged] as Identity).at <= until &&
      mergeFacts(state, acc, until)
    )
      cause ??= 'event';
    if (!wasKnown && acc.profile.email !== undefined) {
      acc.knownAt = at;
      const origin = acc.profile.origins.email;
      if (acc.stage.stage === 'visitor') {
        acc.stage = { stage: 'known', armed: true };
        acc.transitions.push(transition('stage', 'visitor', 'known', 'event', at, origin?.id));
      }
      cause = 'event';
      causeId = origin?.id;
    }
    for (; i < ats.length && ats[i] === at; i++) {
      const event = events[i] as LeadEvent;
      const lines = acc.lines.length;
      stepEvent(model, acc, event);
      if (event.type === 'sales') {
        cause = 'sales';
        causeId = event.id;
      } else if (acc.lines.length > lines) {
        cause = 'event';
        causeId = event.id;
      }
    }
  }
  acc.committed = i;
  acc.lastAt = at;
  acc.lastBound = Math.max(bound, at);
  if (acc.lines.length > linesBefore) acc.seg.valid = false;
  // Decay went on inside a step of several milliseconds: what it crossed is settled with the rest.
  if (at > start) cause ??= 'decay';
  // Most steps earn nothing (deltas below thresholds, capped rules): the state `advanceTo`
  // settled just before stands, and the score functions need no rebuild.
  if (cause !== undefined) settle(model, acc, at, cause, causeId);
}

/** One event's own effects: network profile, sales moves, sessions, and every rule it fires. */
function stepEvent(model: CompiledModel, acc: Acc, event: LeadEvent): void {
  // The event's type and time are read once: events come in many shapes, so every property read
  // of one is a slow (megamorphic) lookup.
  const type = event.type;
  const at = event.at;
  const visit = isVisit(type);
  acc.eventCount++;
  if (acc.firstSeenAt === undefined) acc.firstSeenAt = at;
  if (event.network !== undefined) updateNetwork(acc.profile, event.network);
  if (event.type === 'sales') applySales(acc, event, acc.transitions);

  trackSession(acc, event);
  const rules =
    event.type === 'form' && event.email !== undefined ? model.formWithIdentity : model.byType[type];
  const agg = acc.agg;
  if (agg !== null && visit) {
    const page = pageFor(model, acc, event);
    const topics = page ? page.topics : model.topicsFor(event.url);
    recordVisit(agg, event.member ?? '', at, topics, event.type === 'engagement' ? event.engagedMs : 0);
  }
  if (rules.length > 0) {
    // An engagement's page was already updated above when the counts are kept (once per event).
    const page = agg !== null && visit ? pageOfEvent(acc, event) : pageFor(model, acc, event);
    const ctx = acc.ctx;
    ctx.agg = agg;
    ctx.event = event;
    ctx.parts = undefined;
    ctx.topics = page ? page.topics : model.topicsFor(event.url);
    ctx.engagedMs = page ? page.engagedMs : 0;
    ctx.scrollDepth = page ? page.scroll : 0;
    ctx.profile = acc.profile;
    const isEngagement = type === 'engagement';
    const anonymous = !known(acc);
    const member = event.member;
    const allTopics = ctx.topics;
    const info = type === 'pageview' && page !== undefined ? page.info : null;
    const hits = info === null ? null : info.hits;
    // On a page view the URL decided, only the rules it left open are tried.
    const open = info === null ? null : info.open;
    const count = open === null ? rules.length : open.length;
    for (let k = 0; k < count; k++) {
      const i = open === null ? k : (open[k] as number);
      const rule = rules[i] as CompiledRule;
      if (isEngagement && page?.fired?.[i]) continue;
      let base = acc.counters[rule.index] as Counter | null;
      let fired = false;
      // A per-topic rule is tried for each topic alone, against that topic's own counter.
      const slots: readonly (string | null)[] = rule.perTopic ? allTopics : ALL_TOPICS;
      // What the URL already decided for this rule, per slot (−1: match it here).
      const decided = hits !== null && rule.pageStatic ? (hits[i] as number) : -1;
      // An indexed loop: `for…of` here allocated an iterator result per topic (a fifth of all the
      // engine allocated while scoring live).
      for (let s = 0; s < slots.length; s++) {
        if (decided >= 0 && (decided & (1 << s)) === 0) continue;
        const topic = slots[s] as string | null;
        ctx.topics = topic === null ? allTopics : [topic];
        if (decided < 0 && !rule.match(ctx)) continue;
        if (base === null) base = counterOf(acc, rule.index);
        let counter = base;
        if (topic !== null || rule.perMember) {
          // Per member: a counter per (member, topic); the NUL cannot occur in a member id or topic.
          const key = rule.perMember ? `${member ?? ''}\u0000${topic ?? ''}` : (topic as string);
          if (base.byTopic === null) base.byTopic = new Map();
          counter = base.byTopic.get(key) ?? newCounter();
          base.byTopic.set(key, counter);
        }
        if (!frequencyAllows(rule, counter, event, acc)) continue;
        const capped = capPoints(rule, counter, rule.points);
        if (capped === 0 && rule.points !== 0) continue; // cap exhausted: the rule no longer applies
        counter.count++;
        counter.points += Math.abs(capped);
        fired = true;
        const line: Line = {
          rule,
          eventId: event.id,
          event,
          topics: ctx.topics,
          at,
          axisIndex: rule.axisIndex,
          raw: rule.points,
          capped,
          anonymous,
          reset: false,
          reason: undefined,
          member,
        };
        acc.lines.push(line);
        if (capped !== 0) addToBucket(acc.buckets[rule.bucket] as Bucket, at, capped);
        if (rule.disqualify && acc.disqualifiedBy === undefined) {
          acc.disqualifiedBy = Object.freeze({ ruleId: rule.id, eventId: event.id, at });
        }
      }
      ctx.topics = allTopics;
      if (fired && isEngagement && page) {
        if (page.fired === null) page.fired = new Uint8Array(rules.length);
        page.fired[i] = 1;
      }
    }
  } else if ((type === 'pageview' || type === 'engagement') && agg === null) {
    pageFor(model, acc, event);
  }
  if (visit) acc.lastVisitAt = at;
}

// ---------------------------------------------------------------------------------------------
// Reading.

/**
 * The lead's result at `now` (decay, expiries and inactivity up to `now` included). Does not
 * change what the state scores (see `readAt`).
 */
export function finalize(state: LeadState, now: number, opts?: FinalizeOptions): ScoreResult {
  const model = state.model;
  const acc = readAt(state, now);
  if (now > acc.cursor && acc.eventCount > 0) advanceTo(model, acc, now);
  if (opts?.ledger === false && (acc.eventCount === 0 || now >= acc.cursor))
    return summaryOf(model, acc, now);
  const lines = acc.lines;
  // Each line's exact worth at `now` (a reset line is minus the worth of its axis's earlier
  // lines), and its whole cents rounded down with the remainder, for sharing out below.
  const n = lines.length;
  const cents: number[] = new Array(n);
  if (scratch.length < n) scratch = new Float64Array(Math.max(n, 2 * scratch.length));
  const remainder = scratch;
  const sums = [0, 0, 0, 0];
  const whole = [0, 0, 0];
  // Per axis, the lines with a fraction of a cent left (those that decay, mostly).
  const fractional: [number[], number[], number[]] = [[], [], []];
  for (let i = 0; i < n; i++) {
    const line = lines[i] as Line;
    const axis = line.axisIndex;
    const value = line.reset
      ? -(sums[axis] as number)
      : decayedValue(line.capped, line.at, now, line.rule.decay);
    sums[axis] = (sums[axis] as number) + value;
    let x = value * 100;
    const r = Math.round(x);
    // 0.29 · 100 is 28.999999999999996: a worth within float noise of whole cents is whole.
    if (Math.abs(x - r) < 1e-6) x = r;
    const base = Math.floor(x) || 0; // no −0 in JSON
    cents[i] = base;
    remainder[i] = x - base;
    if (x > base) fractional[axis].push(i);
    whole[axis] = (whole[axis] as number) + base;
  }
  sums[3] = (sums[0] as number) + (sums[1] as number) + (sums[2] as number);
  // The exact scores as bands compared them (the same arithmetic), when the state stands at `now`.
  if (acc.eventCount > 0 && now >= acc.cursor) {
    segValues(segment(model, acc), now, acc.values);
    for (let t = 0; t < 4; t++) sums[t] = acc.values[t] as number;
  }
  // One rounding rule: every score is its exact value in cents, rounded half up, and that is the
  // number bands, MQL and recycling compare. The lines of an axis share out its cents exactly.
  const target = sums.map((x) => toCents(x) || 0) as [number, number, number, number]; // no −0 in JSON
  for (let axis = 0; axis < 3; axis++) {
    const left = (target[axis] as number) - (whole[axis] as number);
    if (left !== 0) shareCents(lines, cents, remainder, fractional[axis as 0 | 1 | 2], axis, left);
  }
  let anonymousCents = 0;
  const ledger: LedgerLine[] = new Array(lines.length);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as Line;
    const rule = line.rule;
    const value = cents[i] as number;
    if (line.anonymous) anonymousCents += value;
    if (line.reason === undefined) line.reason = lineReason(rule.rule, line.event, line.topics, line.at);
    const out: LedgerLine = {
      eventId: line.eventId,
      ruleId: rule.id,
      modelVersion: model.version,
      axis: AXES[line.axisIndex],
      at: line.at,
      raw: line.raw,
      capped: line.capped,
      value: value / 100,
      reason: line.reason,
      anonymous: line.anonymous,
    };
    if (rule.perTopic && line.topics[0] !== undefined) out.topic = line.topics[0];
    if (line.member !== undefined) out.member = line.member;
    if (rule.rule.decay) out.decay = rule.rule.decay;
    if (line.reset) out.reset = true;
    if (rule.disqualify) out.disqualify = true;
    ledger[i] = out;
  }
  return resultOf(model, acc, now, target, ledger, anonymousCents);
}

/** How `finalize` reads a state. */
export type FinalizeOptions = {
  /**
   * Whether to build the ledger (default true). Without it the result's `ledger` is empty and the
   * read costs O(rules), not O(lines): what live scoring stores and compares. Its scores, bands,
   * stage and transitions are the full read's; `anonymousPoints` is the exact worth of the
   * anonymous lines rounded once (the full read sums each line's shared-out cents, so it may differ
   * by a cent).
   */
  ledger?: boolean;
};

/** The result without its ledger: scores from the score functions, which the bands compared. */
function summaryOf(model: CompiledModel, acc: Acc, now: number): ScoreResult {
  const sums = [0, 0, 0, 0];
  if (acc.eventCount > 0) {
    segValues(segment(model, acc), now, acc.values);
    for (let t = 0; t < 4; t++) sums[t] = acc.values[t] as number;
  }
  const target = sums.map((x) => toCents(x) || 0) as [number, number, number, number];
  // Anonymous lines come first (a fold never forgets an e-mail): the loop stops at the first known one.
  let anonymous = 0;
  const lines = acc.lines;
  const axisSum = [0, 0, 0];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as Line;
    if (!line.anonymous) break;
    const value = line.reset
      ? -(axisSum[line.axisIndex] as number)
      : decayedValue(line.capped, line.at, now, line.rule.decay);
    axisSum[line.axisIndex] = (axisSum[line.axisIndex] as number) + value;
    anonymous += value;
  }
  return resultOf(model, acc, now, target, [], toCents(anonymous) || 0);
}

/**
 * The result of a read: the scores (in cents) the bands compared, the bands with what hysteresis
 * holds, the stage and the rest of the fold, with the ledger given (or none).
 */
function resultOf(
  model: CompiledModel,
  acc: Acc,
  now: number,
  target: readonly number[],
  ledger: LedgerLine[],
  anonymousCents: number,
): ScoreResult {
  const bands: Record<string, string> = {};
  let held: Record<string, number> | undefined;
  model.bandSets.forEach((set, j) => {
    const shown = acc.shown[j] as number;
    bands[set.key] = set.names[shown] as string;
    // Hysteresis keeps the band although the shown score is below its `min`: say until when.
    if (shown > 0 && (target[set.target] as number) < Math.round((set.mins[shown] as number) * 100)) {
      held ??= {};
      held[set.key] = (set.mins[shown] as number) - set.hysteresis;
    }
  });
  const result: ScoreResult = {
    modelVersion: model.version,
    asOf: now,
    scores: {
      interest: (target[0] as number) / 100,
      intent: (target[1] as number) / 100,
      fit: (target[2] as number) / 100,
    },
    total: (target[3] as number) / 100,
    band: bands[model.bandSets[0]?.key ?? 'total'] as string,
    bands,
    stage: acc.stage.stage,
    disqualified: acc.disqualifiedBy !== undefined,
    ledger,
    transitions: acc.transitions,
    profile: profileOf(acc.profile),
    eventCount: acc.eventCount,
    anonymousPoints: anonymousCents / 100,
  };
  if (held !== undefined) result.held = held;
  if (acc.disqualifiedBy) result.disqualifiedBy = acc.disqualifiedBy;
  if (acc.outcome) result.outcome = acc.outcome;
  if (acc.firstSeenAt !== undefined) result.firstSeenAt = acc.firstSeenAt;
  if (acc.knownAt !== undefined) result.knownAt = acc.knownAt;
  if (acc.lastVisitAt !== undefined) result.lastVisitAt = acc.lastVisitAt;
  return result;
}

/** Scratch for `finalize`'s remainders (reads run one at a time): grown, never shrunk. */
let scratch = new Float64Array(256);

/**
 * Shares out the `left` cents of an axis's score over its lines, each of which holds its exact
 * worth rounded down: the cents go to the lines with the largest remainders (the earlier on a
 * tie). So each line is within a cent of its exact worth (most are its plain rounding), and the
 * lines of an axis sum exactly to the axis's score.
 */
function shareCents(
  lines: readonly Line[],
  cents: number[],
  remainder: Float64Array,
  order: number[],
  axis: number,
  left: number,
): void {
  order.sort((a, b) => (remainder[b] as number) - (remainder[a] as number) || a - b);
  // Float noise between the score and its lines can leave a cent more or less than the
  // remainders hold: it goes to (or comes from) the axis's lines in turn, so the sum stays exact.
  if (left < 0 || left > order.length) {
    for (let i = 0; i < lines.length; i++) if ((lines[i] as Line).axisIndex === axis) order.push(i);
  }
  const step = left > 0 ? 1 : -1;
  for (let k = 0; left !== 0 && order.length > 0; k = (k + 1) % order.length) {
    const i = order[k] as number;
    cents[i] = (cents[i] as number) + step;
    left -= step;
  }
}

function profileOf(p: ProfileState): ScoreResult['profile'] {
  const profile: ScoreResult['profile'] = { traits: { ...p.traits } };
  if (p.email !== undefined) profile.email = p.email;
  if (p.domain !== undefined) profile.emailDomain = p.domain;
  if (p.category !== undefined) profile.domainCategory = p.category;
  if (p.company !== undefined) profile.company = p.company;
  if (p.country !== undefined) profile.country = p.country;
  const sources: Record<string, ProfileOrigin> = {};
  let any = false;
  for (const key of Object.keys(p.origins)) {
    // Keyed `email` and by trait name; a trait that calls itself "email" cannot shadow the address.
    const name = key === 'email' ? key : key.slice(2);
    if (key !== 'email' && name === 'email') continue;
    const o = p.origins[key] as Origin;
    sources[name] = { source: TRAIT_SOURCES[o.rank] as TraitSource, at: o.at, eventId: o.id };
    any = true;
  }
  if (any) profile.sources = sources;
  return profile;
}

/** The earliest time after `now` at which a band or the stage changes if no event arrives, or null. */
export function nextChangeAfter(state: LeadState, now: number): number | null {
  const model = state.model;
  if (state.events.length === 0 && state.acc.eventCount === 0) return null;
  const acc = readAt(state, now);
  if (now > acc.cursor) advanceTo(model, acc, now);
  const before = acc.transitions.length;
  advanceTo(model, acc, horizon(model, acc), before);
  const next = acc.transitions[before];
  return next ? next.at : null;
}

/** A time after which nothing can change: past every pending expiry and inactivity, plus 64 half-lives. */
function horizon(model: CompiledModel, acc: Acc): number {
  let end = acc.cursor;
  let slowest = 0;
  for (const b of acc.buckets) {
    if (b.qAt.length > b.head) end = Math.max(end, (b.qAt[b.qAt.length - 1] as number) + b.expiresMs);
    if (b.rate > 0) slowest = Math.max(slowest, Math.LN2 / b.rate);
  }
  if (acc.lastVisitAt !== undefined) {
    for (const rule of model.inactivity) {
      const expires = Number.isFinite(rule.decay.expiresMs) ? rule.decay.expiresMs : 0;
      end = Math.max(end, acc.lastVisitAt + rule.inactivityMs + expires);
    }
  }
  // After 64 half-lives a decaying term is below 2^−64 of itself: under any band's resolution.
  return Math.ceil(end + 64 * slowest + 1);
}

/**
 * Every topic of the pages the lead viewed (markup and URL mapping, as `pageTopics` gives them):
 * from the fold's pages and the unfolded tail, without reading the history again.
 */
export function viewedTopics(state: LeadState): string[] {
  const topics = new Set<string>();
  for (const page of state.acc.pages.values()) for (const t of page.topics) topics.add(t);
  for (let i = state.acc.committed; i < state.events.length; i++) {
    const e = state.events[i] as LeadEvent;
    if (e.type === 'pageview') for (const t of pageTopics(state.model, e)) topics.add(t);
  }
  return [...topics];
}
