/**
 * The scoring state of one lead and the one fold that builds it: `applyEvent` adds an event,
 * `finalize` reads the result at `now`. A replay is the same fold over the deduplicated history
 * sorted by (time, id), so incremental scoring equals replay by construction: an event that arrives
 * in order is applied in O(rules); a late one (a retry, a slow queue) is inserted and the fold is
 * rebuilt from the start, because caps, frequencies and hysteresis depend on order.
 *
 * Between events the state moves on its own (decay, expiries, inactivity): `advanceTo` walks that
 * time exactly, segment by segment (see trajectory.ts), recording band and stage changes with their
 * cause. Nothing here reads a clock.
 */
import { type StageState, shownBand, stageClauses, stepBand, stepStage } from './bands';
import type { Clauses, CompiledBandSet, CompiledModel, CompiledRule } from './compile';
import { DAY_MS, decayedValue, toCents } from './decay';
import { lineReason } from './describe';
import { emailDomain } from './email-domain';
import type { LeadEvent, LeadEventType, Props } from './events';
import type { MatchContext, ProfileState } from './match';
import { AXES } from './model';
import type { Cause, DisqualifiedBy, LedgerLine, ScoreResult, Transition } from './result';
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
  type Segment,
  segValues,
} from './trajectory';

/** Events that count as a visit to the site (inactivity is measured from the last one). */
const VISIT_TYPES: ReadonlySet<LeadEventType> = new Set<LeadEventType>([
  'pageview',
  'engagement',
  'download',
  'outbound',
  'mailto',
  'tel',
  'form',
  'custom',
]);

type Line = {
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
};

type Counter = {
  count: number;
  points: number;
  lastDay: number;
  sessions: Set<string> | null;
  /** Per-topic rules: one counter per topic (this one then stays unused). */
  byTopic: Map<string, Counter> | null;
};

const newCounter = (): Counter => ({
  count: 0,
  points: 0,
  lastDay: Number.NaN,
  sessions: null,
  byTopic: null,
});

function cloneCounter(c: Counter): Counter {
  return {
    ...c,
    sessions: c.sessions && new Set(c.sessions),
    byTopic: c.byTopic && new Map([...c.byTopic].map(([k, v]) => [k, cloneCounter(v)])),
  };
}

type PageState = {
  topics: readonly string[];
  url: string | undefined;
  engagedMs: number;
  scroll: number;
  fired: Uint8Array | null;
};

/** The fold's accumulator: everything the result and the next event depend on. */
type Acc = {
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
  counters: Counter[];
  pages: Map<string, PageState>;
  profile: ProfileState;
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
  ctx: MatchContext;
};

/** The incremental scoring state of one lead. Not serialisable: rebuild it from the event log. */
export type LeadState = {
  readonly model: CompiledModel;
  /** The deduplicated history, sorted by (at, id). */
  readonly events: LeadEvent[];
  readonly ids: Set<string>;
  acc: Acc;
};

/** What `applyEvent` did: appended in order, ignored as a duplicate, or inserted late and replayed. */
export type ApplyOutcome = 'applied' | 'duplicate' | 'replayed';

/** The order of a history: by time, then by id so that equal times are deterministic. */
export function compareEvents(a: LeadEvent, b: LeadEvent): number {
  return a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function newAcc(model: CompiledModel): Acc {
  const profile: ProfileState = { traits: {} };
  return {
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
    counters: model.rules.map(newCounter),
    pages: new Map(),
    profile,
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
    ctx: {
      event: undefined as unknown as LeadEvent,
      topics: [],
      parts: undefined,
      engagedMs: 0,
      scrollDepth: 0,
      profile,
    },
  };
}

/** A copy that can be advanced without touching the original (pages and lines are never mutated in place). */
function cloneAcc(model: CompiledModel, acc: Acc): Acc {
  return {
    ...acc,
    seg: newSegment(model.rates),
    values: new Float64Array(4),
    buckets: acc.buckets.map(cloneBucket),
    lines: acc.lines.slice(),
    counters: acc.counters.map(cloneCounter),
    profile: { ...acc.profile },
    band: acc.band.slice(),
    shown: acc.shown.slice(),
    transitions: acc.transitions.slice(),
    inactivityFiredFor: acc.inactivityFiredFor.slice(),
  };
}

export function createLeadState(model: CompiledModel): LeadState {
  return { model, events: [], ids: new Set(), acc: newAcc(model) };
}

/** Adds one event. Duplicates (same id) are ignored; a late event is inserted and the history replayed. */
export function applyEvent(state: LeadState, event: LeadEvent): ApplyOutcome {
  if (state.ids.has(event.id)) return 'duplicate';
  state.ids.add(event.id);
  const events = state.events;
  const last = events[events.length - 1];
  if (last === undefined || compareEvents(last, event) < 0) {
    events.push(event);
    step(state.model, state.acc, event);
    return 'applied';
  }
  let i = events.length - 1;
  while (i >= 0 && compareEvents(events[i] as LeadEvent, event) > 0) i--;
  events.splice(i + 1, 0, event);
  state.acc = newAcc(state.model);
  for (const e of events) step(state.model, state.acc, e);
  return 'replayed';
}

// ---------------------------------------------------------------------------------------------
// Time: breakpoints (expiries, inactivity) and continuous changes between them.

/** Finds the earliest expiry or inactivity firing into `acc.bp…` (`bpAt` Infinity: none). */
function nextBreakpoint(model: CompiledModel, acc: Acc): void {
  acc.bpAt = Number.POSITIVE_INFINITY;
  acc.bpBucket = -1;
  acc.bpInactivity = -1;
  for (let i = 0; i < acc.buckets.length; i++) {
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
    const counter = acc.counters[rule.index] as Counter;
    if (counter.count >= rule.maxCount || (rule.frequency === 'once' && counter.count > 0)) continue;
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

/** The first time in [from, to] at which a band set or the stage would move, or null. */
function earliestMove(model: CompiledModel, acc: Acc, seg: Segment, from: number, to: number): number | null {
  prepareEnds(seg, from, to);
  let best: number | null = null;
  let limit = to;
  for (let j = 0; j < model.bandSets.length; j++) {
    const clauses = (model.bandSets[j] as CompiledBandSet).clauses[acc.band[j] as number] as Clauses;
    if (!mayHold(seg, clauses)) continue;
    const t = firstTime(seg, clauses, from, limit);
    if (t !== null) {
      best = t;
      limit = t - 1;
    }
  }
  const stage = stageClauses(model, acc.stage, {
    known: known(acc),
    disqualified: acc.disqualifiedBy !== undefined,
  });
  if (mayHold(seg, stage)) {
    const t = firstTime(seg, stage, from, limit);
    if (t !== null) best = t;
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

/**
 * Moves the state to time `until`: expiries and inactivity penalties up to and including it, band
 * and stage changes between. With `stopAfter`, stops as soon as the transition count exceeds it.
 */
function advanceTo(
  model: CompiledModel,
  acc: Acc,
  until: number,
  stopAfter = Number.POSITIVE_INFINITY,
): void {
  if (acc.cursor === Number.NEGATIVE_INFINITY) {
    acc.cursor = until;
    return;
  }
  for (;;) {
    nextBreakpoint(model, acc);
    const bpAt = acc.bpAt;
    const end = bpAt <= until ? bpAt - 1 : until;
    if (acc.cursor < end) searchChanges(model, acc, acc.cursor + 1, end, stopAfter);
    if (acc.transitions.length > stopAfter) return;
    if (bpAt > until) {
      if (until > acc.cursor) acc.cursor = until;
      return;
    }
    acc.cursor = bpAt;
    if (acc.bpBucket >= 0) {
      expireHead(acc.buckets[acc.bpBucket] as Bucket, bpAt);
      acc.seg.valid = false;
      settle(model, acc, bpAt, 'decay');
    } else {
      fireInactivity(model, acc, acc.bpInactivity, bpAt);
    }
    if (acc.transitions.length > stopAfter) return;
  }
}

function fireInactivity(model: CompiledModel, acc: Acc, i: number, at: number): void {
  const rule = model.inactivity[i] as CompiledRule;
  acc.inactivityFiredFor[i] = acc.lastVisitAt as number;
  const eventId = `inactivity:${rule.id}@${at}`;
  const anonymous = !known(acc);
  const counter = acc.counters[rule.index] as Counter;
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
      });
      addToBucket(acc.buckets[rule.bucket] as Bucket, at, capped);
    }
  }
  if (rule.disqualify && acc.disqualifiedBy === undefined)
    acc.disqualifiedBy = Object.freeze({ ruleId: rule.id, eventId, at });
  acc.seg.valid = false;
  settle(model, acc, at, 'inactivity', eventId);
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

function updateProfile(model: CompiledModel, acc: Acc, event: LeadEvent): void {
  const p = acc.profile;
  if (event.network?.country) p.country = event.network.country;
  if (event.network?.company && typeof p.traits.company !== 'string') p.company = event.network.company;
  if (event.type !== 'identify') return;
  if (event.email !== p.email) {
    p.email = event.email;
    p.domain = emailDomain(event.email);
    p.category = p.domain === undefined ? undefined : model.categorize(p.domain);
  }
  if (event.traits) {
    // A new object rather than an in-place merge: clones share the profile's traits.
    const traits: Props = { ...p.traits, ...event.traits };
    p.traits = traits;
    if (typeof traits.company === 'string' && traits.company !== '') p.company = traits.company;
    if (typeof traits.country === 'string' && traits.country !== '') p.country = traits.country;
  }
}

/** The page state an event belongs to: its own page view, the one an engagement refers to, or none. */
function pageFor(model: CompiledModel, acc: Acc, event: LeadEvent): PageState | undefined {
  if (event.type === 'pageview') {
    const page: PageState = {
      topics: mergeTopics(event.topics, model.topicsFor(event.url)),
      url: event.url,
      engagedMs: 0,
      scroll: 0,
      fired: null,
    };
    acc.pages.set(event.id, page);
    return page;
  }
  if (event.type === 'engagement') {
    let page = acc.pages.get(event.pageId);
    if (page === undefined) {
      // The page view was never received (blocked, lost): the engagement's own URL stands in.
      page = { topics: model.topicsFor(event.url), url: event.url, engagedMs: 0, scroll: 0, fired: null };
      acc.pages.set(event.pageId, page);
    }
    page.engagedMs += event.engagedMs;
    if (event.scrollDepth > page.scroll) page.scroll = event.scrollDepth;
    return page;
  }
  return undefined;
}

/** Idle time that ends a browser session (the common 30 minutes of web analytics). */
const SESSION_GAP_MS = 30 * 60_000;

/**
 * The session an event belongs to: the SDK's session id when the event has one; for other browser
 * events (they carry a visitor id) a gap-based session over the log's times; events from outside
 * a browser (server, e-mail) count one session per UTC day.
 */
function sessionOf(acc: Acc, event: LeadEvent): string {
  if (event.sessionId !== undefined) return event.sessionId;
  if (event.visitorId === undefined) return `day:${Math.floor(event.at / DAY_MS)}`;
  if (!(event.at - acc.lastBrowserAt <= SESSION_GAP_MS)) acc.sessionStart = event.at;
  acc.lastBrowserAt = event.at;
  return `gap:${event.visitorId}:${acc.sessionStart}`;
}

/** Whether the rule's frequency lets it fire for this event; records the firing when it does. */
function frequencyAllows(rule: CompiledRule, counter: Counter, event: LeadEvent, session: string): boolean {
  if (counter.count >= rule.maxCount) return false;
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
      const key = session;
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

/** The fold: one event, in (at, id) order. */
function step(model: CompiledModel, acc: Acc, event: LeadEvent): void {
  advanceTo(model, acc, event.at);
  const linesBefore = acc.lines.length;
  acc.eventCount++;
  if (acc.firstSeenAt === undefined) acc.firstSeenAt = event.at;
  const wasKnown = known(acc);
  updateProfile(model, acc, event);
  if (!wasKnown && known(acc) && acc.stage.stage === 'visitor') {
    acc.stage = { stage: 'known', armed: true };
    acc.transitions.push(transition('stage', 'visitor', 'known', 'event', event.at, event.id));
  }
  if (event.type === 'sales') applySales(acc, event, acc.transitions);

  const session = sessionOf(acc, event);
  const rules = model.byType[event.type];
  if (rules.length > 0) {
    const page = pageFor(model, acc, event);
    const ctx = acc.ctx;
    ctx.event = event;
    ctx.parts = undefined;
    ctx.topics = page ? page.topics : model.topicsFor(event.url);
    ctx.engagedMs = page ? page.engagedMs : 0;
    ctx.scrollDepth = page ? page.scroll : 0;
    ctx.profile = acc.profile;
    const isEngagement = event.type === 'engagement';
    const anonymous = !known(acc);
    const allTopics = ctx.topics;
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i] as CompiledRule;
      if (isEngagement && page?.fired?.[i]) continue;
      const base = acc.counters[rule.index] as Counter;
      let fired = false;
      // A per-topic rule is tried for each topic alone, against that topic's own counter.
      const slots: readonly (string | null)[] = rule.perTopic ? allTopics : [null];
      for (const topic of slots) {
        ctx.topics = topic === null ? allTopics : [topic];
        if (!rule.match(ctx)) continue;
        let counter = base;
        if (topic !== null) {
          if (base.byTopic === null) base.byTopic = new Map();
          counter = base.byTopic.get(topic) ?? newCounter();
          base.byTopic.set(topic, counter);
        }
        if (!frequencyAllows(rule, counter, event, session)) continue;
        const capped = capPoints(rule, counter, rule.points);
        if (capped === 0 && rule.points !== 0) continue; // cap exhausted: the rule no longer applies
        counter.count++;
        counter.points += Math.abs(capped);
        fired = true;
        acc.lines.push({
          rule,
          eventId: event.id,
          event,
          topics: ctx.topics,
          at: event.at,
          axisIndex: rule.axisIndex,
          raw: rule.points,
          capped,
          anonymous,
          reset: false,
        });
        if (capped !== 0) addToBucket(acc.buckets[rule.bucket] as Bucket, event.at, capped);
        if (rule.disqualify && acc.disqualifiedBy === undefined) {
          acc.disqualifiedBy = Object.freeze({ ruleId: rule.id, eventId: event.id, at: event.at });
        }
      }
      ctx.topics = allTopics;
      if (fired && isEngagement && page) {
        if (page.fired === null) page.fired = new Uint8Array(rules.length);
        page.fired[i] = 1;
      }
    }
  } else if (event.type === 'pageview' || event.type === 'engagement') {
    pageFor(model, acc, event);
  }
  if (VISIT_TYPES.has(event.type)) acc.lastVisitAt = event.at;
  // Most events earn nothing (deltas below thresholds, capped rules): the state `advanceTo` settled
  // at this moment stands, and the score functions need no rebuild.
  if (acc.lines.length === linesBefore && event.type !== 'identify' && event.type !== 'sales') return;
  acc.seg.valid = false;
  settle(model, acc, event.at, event.type === 'sales' ? 'sales' : 'event', event.id);
}

// ---------------------------------------------------------------------------------------------
// Reading.

/** The lead's result at `now` (decay, expiries and inactivity up to `now` included). Does not change the state. */
export function finalize(state: LeadState, now: number): ScoreResult {
  const model = state.model;
  const acc = cloneAcc(model, state.acc);
  if (now > acc.cursor && acc.eventCount > 0) advanceTo(model, acc, now);
  const cents = [0, 0, 0];
  let anonymousCents = 0;
  const ledger: LedgerLine[] = new Array(acc.lines.length);
  for (let i = 0; i < acc.lines.length; i++) {
    const line = acc.lines[i] as Line;
    const rule = line.rule;
    const value = line.reset
      ? 0 - (cents[line.axisIndex] as number) // not unary minus: no −0 in JSON
      : toCents(decayedValue(line.capped, line.at, now, rule.decay));
    cents[line.axisIndex] = (cents[line.axisIndex] as number) + value;
    if (line.anonymous) anonymousCents += value;
    const out: LedgerLine = {
      eventId: line.eventId,
      ruleId: rule.id,
      modelVersion: model.version,
      axis: AXES[line.axisIndex],
      at: line.at,
      raw: line.raw,
      capped: line.capped,
      value: value / 100,
      reason: lineReason(rule.rule, line.event, line.topics, line.at),
      anonymous: line.anonymous,
    };
    if (rule.perTopic && line.topics[0] !== undefined) out.topic = line.topics[0];
    if (rule.rule.decay) out.decay = rule.rule.decay;
    if (line.reset) out.reset = true;
    if (rule.disqualify) out.disqualify = true;
    ledger[i] = out;
  }
  const [interest, intent, fit] = cents as [number, number, number];
  const p = acc.profile;
  const profile: ScoreResult['profile'] = { traits: { ...p.traits } };
  if (p.email !== undefined) profile.email = p.email;
  if (p.domain !== undefined) profile.emailDomain = p.domain;
  if (p.category !== undefined) profile.domainCategory = p.category;
  if (p.company !== undefined) profile.company = p.company;
  if (p.country !== undefined) profile.country = p.country;
  const bands: Record<string, string> = {};
  model.bandSets.forEach((set, j) => {
    bands[set.key] = set.names[acc.shown[j] as number] as string;
  });
  const result: ScoreResult = {
    modelVersion: model.version,
    asOf: now,
    scores: { interest: interest / 100, intent: intent / 100, fit: fit / 100 },
    total: (interest + intent + fit) / 100,
    band: bands[model.bandSets[0]?.key ?? 'total'] as string,
    bands,
    stage: acc.stage.stage,
    disqualified: acc.disqualifiedBy !== undefined,
    ledger,
    transitions: acc.transitions,
    profile,
    eventCount: acc.eventCount,
    anonymousPoints: anonymousCents / 100,
  };
  if (acc.disqualifiedBy) result.disqualifiedBy = acc.disqualifiedBy;
  if (acc.outcome) result.outcome = acc.outcome;
  if (acc.firstSeenAt !== undefined) result.firstSeenAt = acc.firstSeenAt;
  if (acc.lastVisitAt !== undefined) result.lastVisitAt = acc.lastVisitAt;
  return result;
}

/** The earliest time after `now` at which a band or the stage changes if no event arrives, or null. */
export function nextChangeAfter(state: LeadState, now: number): number | null {
  const model = state.model;
  if (state.acc.eventCount === 0) return null;
  const acc = cloneAcc(model, state.acc);
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
