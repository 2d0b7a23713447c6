/**
 * A lead's fold as JSON: `snapshotOf` writes the folded part of a state, `restoreState` builds a
 * state from a snapshot and the events after it. What the Durable Object keeps so that a beacon
 * costs O(rules), not a replay of the whole log: it loads the latest snapshot on a cold start and
 * applies only the log's tail; a late event refolds from the snapshot, not from the first event.
 *
 * A snapshot holds the accumulator of the folded events (the ledger lines with their words, rule
 * counters, pages, profile, bands, stage, transitions, the score functions exactly as they were)
 * and the identity events among them (few per lead: the profile's facts are merged from the whole
 * history). It does not hold the events themselves nor the unfolded tail: the tail is whatever
 * the log holds after `through`, so an event that arrives late but after the snapshot's fold is
 * read with it. An event the snapshot's fold would have seen (`snapshotAccepts` false) makes the
 * snapshot useless; the caller drops it.
 *
 * A restored state knows the ids of its tail only: the caller (the event log, keyed by id)
 * deduplicates before applying.
 */
import type { CompiledModel } from './compile';
import { lineReason } from './describe';
import type { LeadEvent } from './events';
import {
  type Acc,
  type BaseFold,
  type Counter,
  compareEvents,
  factsOf,
  foldReady,
  isLate,
  type LeadState,
  type Line,
  newAcc,
  newCounter,
  type PageState,
  registerFacts,
} from './incremental';
import type { ProfileState } from './match';
import type { DisqualifiedBy, Transition } from './result';

/** Numbers that JSON cannot hold (±Infinity, NaN) travel as strings. */
type Num = number | string;
const enc = (x: number): Num => (Number.isFinite(x) ? x : String(x));
const dec = (v: Num): number => (typeof v === 'string' ? Number(v) : v);

/** A ledger line: rule index, event id, time, axis, raw, capped, flags (1 anonymous, 2 reset), words, topics, member. */
type SavedLine = [number, string, number, number, number, number, number, string, string[], string?];
/** count, points, last day, sessions, per topic/member, last firing (`everyDays`; absent in older snapshots: never). */
type SavedCounter = [number, number, Num, string[] | null, [string, SavedCounter][] | null, Num?];
/** The fold's own counts (src/scoring/aggregates.ts): members (id, last visit, engaged pairs), days, topics. */
type SavedAggregates = {
  members: [string, number, number[]][];
  days: [number, number][];
  topics: [string, number][];
};
type SavedPage = [string, string[], string | null, number, number, number[] | null];

export type LeadSnapshot = {
  format: 1;
  /** The compiled model's version: a snapshot is only restored into the same model. */
  model: string;
  /** The last folded event in (at, id) order; null when nothing was folded. */
  through: { at: number; id: string } | null;
  /** The identity events among the folded ones (the profile merges facts from the whole history). */
  identities: LeadEvent[];
  acc: {
    lastAt: Num;
    lastBound: Num;
    merged: number;
    mergedFacts: [string, string[]][];
    cursor: Num;
    buckets: { amp: number; ampAt: number; qAt: number[]; qV: number[] }[];
    seg: { t0: number; valid: boolean; consts: Num[]; amps: Num[]; mixed: number[]; moving: number[] };
    bp: [Num, number, number];
    lines: SavedLine[];
    counters: SavedCounter[];
    /** Absent in older snapshots and for models without count conditions. */
    agg?: SavedAggregates | null;
    pages: SavedPage[];
    profile: ProfileState;
    knownAt: number | null;
    band: number[];
    shown: number[];
    stage: Acc['stage'];
    disqualifiedBy: DisqualifiedBy | null;
    outcome: 'won' | 'lost' | null;
    transitions: Transition[];
    firstSeenAt: number | null;
    lastVisitAt: number | null;
    sessionStart: Num;
    lastBrowserAt: Num;
    inactivityFiredFor: Num[];
    eventCount: number;
  };
};

/** The last event a state has folded (null: none), in (at, id) order. */
export function foldedThrough(state: LeadState): { at: number; id: string } | null {
  const i = state.acc.committed;
  if (i === 0) return state.base?.through ?? null;
  const e = state.events[i - 1] as LeadEvent;
  return { at: e.at, id: e.id };
}

/** How many events a state has folded (its snapshot's size in events). */
export const foldedCount = (state: LeadState): number => state.acc.eventCount;

/** The folded part of a state, as JSON-serialisable data. Does not change the state. */
export function snapshotOf(state: LeadState): LeadSnapshot {
  const acc = state.acc;
  const through = foldedThrough(state);
  const identities = state.identities
    .filter(
      (x) => through !== null && compareEvents(x.event, { at: through.at, id: through.id } as LeadEvent) <= 0,
    )
    .map((x) => x.event);
  return {
    format: 1,
    model: state.model.version,
    through,
    identities,
    acc: {
      lastAt: enc(acc.lastAt),
      lastBound: enc(acc.lastBound),
      merged: acc.merged,
      mergedFacts: [...(acc.mergedFacts ?? new Map<string, readonly string[]>())].map(([k, v]) => [
        k,
        [...v],
      ]),
      cursor: enc(acc.cursor),
      buckets: acc.buckets.map((b) => ({
        amp: b.amp,
        ampAt: b.ampAt,
        qAt: b.qAt.slice(b.head),
        qV: b.qV.slice(b.head),
      })),
      seg: {
        t0: acc.seg.t0,
        valid: acc.seg.valid,
        consts: [...acc.seg.consts].map(enc),
        amps: [...acc.seg.amps].map(enc),
        mixed: [...acc.seg.mixed],
        moving: [...acc.seg.moving],
      },
      bp: [enc(acc.bpAt), acc.bpBucket, acc.bpInactivity],
      lines: acc.lines.map(saveLine),
      // A rule that never matched saves as a fresh counter: the format does not know about laziness.
      counters: acc.counters.map((c) => saveCounter(c ?? newCounter())),
      agg: acc.agg
        ? {
            members: [...acc.agg.members].map(([id, m]) => [id, m.lastVisit, m.engaged.slice()]),
            days: [...acc.agg.days],
            topics: [...acc.agg.topics],
          }
        : null,
      pages: [...acc.pages].map(([id, p]) => [
        id,
        [...p.topics],
        p.url ?? null,
        p.engagedMs,
        p.scroll,
        p.fired ? [...p.fired] : null,
      ]),
      // Copied: the state goes on changing its profile in place.
      profile: structuredClone(acc.profile),
      knownAt: acc.knownAt ?? null,
      band: acc.band.slice(),
      shown: acc.shown.slice(),
      stage: { ...acc.stage },
      disqualifiedBy: acc.disqualifiedBy ?? null,
      outcome: acc.outcome ?? null,
      transitions: acc.transitions.slice(),
      firstSeenAt: acc.firstSeenAt ?? null,
      lastVisitAt: acc.lastVisitAt ?? null,
      sessionStart: enc(acc.sessionStart),
      lastBrowserAt: enc(acc.lastBrowserAt),
      inactivityFiredFor: acc.inactivityFiredFor.map(enc),
      eventCount: acc.eventCount,
    },
  };
}

function saveLine(line: Line): SavedLine {
  // Words are made now: a restored line has no event to make them from.
  line.reason ??= lineReason(line.rule.rule, line.event, line.topics, line.at);
  const flags = (line.anonymous ? 1 : 0) | (line.reset ? 2 : 0);
  return [
    line.rule.index,
    line.eventId,
    line.at,
    line.axisIndex,
    line.raw,
    line.capped,
    flags,
    line.reason,
    [...line.topics],
    ...(line.member !== undefined ? [line.member] : []),
  ] as SavedLine;
}

function saveCounter(c: Counter): SavedCounter {
  return [
    c.count,
    c.points,
    enc(c.lastDay),
    c.sessions ? [...c.sessions] : null,
    c.byTopic ? [...c.byTopic].map(([k, v]) => [k, saveCounter(v)]) : null,
    enc(c.lastAt),
  ];
}

function loadCounter(s: SavedCounter): Counter {
  return {
    count: s[0],
    points: s[1],
    lastDay: dec(s[2]),
    lastAt: s[5] === undefined ? Number.NaN : dec(s[5]),
    sessions: s[3] ? new Set(s[3]) : null,
    byTopic: s[4] ? new Map(s[4].map(([k, v]) => [k, loadCounter(v)])) : null,
  };
}

/** A fresh accumulator from a snapshot (every call builds new objects: a refold may change them). */
function loadAcc(model: CompiledModel, snap: LeadSnapshot): Acc {
  const s = snap.acc;
  const acc = newAcc(model);
  acc.committed = 0;
  acc.lastAt = dec(s.lastAt);
  acc.lastBound = dec(s.lastBound);
  acc.merged = s.merged;
  acc.mergedFacts = new Map(s.mergedFacts.map(([k, v]) => [k, v.slice()]));
  acc.cursor = dec(s.cursor);
  s.buckets.forEach((b, i) => {
    const bucket = acc.buckets[i];
    if (!bucket) return;
    bucket.amp = b.amp;
    bucket.ampAt = b.ampAt;
    bucket.qAt = b.qAt.slice();
    bucket.qV = b.qV.slice();
    bucket.head = 0;
  });
  acc.seg.t0 = s.seg.t0;
  acc.seg.valid = s.seg.valid;
  acc.seg.consts.set(s.seg.consts.map(dec));
  acc.seg.amps.set(s.seg.amps.map(dec));
  acc.seg.mixed.set(s.seg.mixed);
  acc.seg.moving.set(s.seg.moving);
  acc.bpAt = dec(s.bp[0]);
  acc.bpBucket = s.bp[1];
  acc.bpInactivity = s.bp[2];
  acc.lines = s.lines.map((l) => ({
    rule: model.rules[l[0]] as Line['rule'],
    eventId: l[1],
    event: null,
    topics: l[8],
    at: l[2],
    axisIndex: l[3] as Line['axisIndex'],
    raw: l[4],
    capped: l[5],
    anonymous: (l[6] & 1) !== 0,
    reset: (l[6] & 2) !== 0,
    reason: l[7],
    member: l[9],
  }));
  acc.counters = s.counters.map(loadCounter);
  if (acc.agg !== null && s.agg) {
    acc.agg = {
      members: new Map(
        s.agg.members.map(([id, lastVisit, engaged]) => [id, { lastVisit, engaged: engaged.slice() }]),
      ),
      days: new Map(s.agg.days),
      topics: new Map(s.agg.topics),
    };
  }
  acc.pages = new Map(
    s.pages.map(([id, topics, url, engagedMs, scroll, fired]): [string, PageState] => [
      id,
      {
        topics,
        url: url ?? undefined,
        engagedMs,
        scroll,
        fired: fired ? Uint8Array.from(fired) : null,
        info: null,
      },
    ]),
  );
  const profile: ProfileState = structuredClone(s.profile);
  acc.profile = profile;
  acc.ctx.profile = profile;
  acc.knownAt = s.knownAt ?? undefined;
  acc.band = s.band.slice();
  acc.shown = s.shown.slice();
  acc.stage = { ...s.stage };
  acc.disqualifiedBy = s.disqualifiedBy ? Object.freeze({ ...s.disqualifiedBy }) : undefined;
  acc.outcome = s.outcome ?? undefined;
  acc.transitions = s.transitions.map((t) => Object.freeze({ ...t }));
  acc.firstSeenAt = s.firstSeenAt ?? undefined;
  acc.lastVisitAt = s.lastVisitAt ?? undefined;
  acc.sessionStart = dec(s.sessionStart);
  acc.lastBrowserAt = dec(s.lastBrowserAt);
  acc.inactivityFiredFor = s.inactivityFiredFor.map(dec);
  acc.eventCount = s.eventCount;
  return acc;
}

/** Whether a snapshot fits a model (the same compiled version). */
export const snapshotFits = (snap: LeadSnapshot, model: CompiledModel): boolean =>
  snap.format === 1 && snap.model === model.version;

/**
 * Whether `event` leaves the snapshot's fold as it is (an event after it, or late but inside the
 * part it left unfolded). When false, a state restored from it cannot score that event: use an
 * earlier snapshot, or the whole log.
 */
export function snapshotAccepts(snap: LeadSnapshot | { acc: SnapshotHead }, event: LeadEvent): boolean {
  const facts = factsOf(event);
  const lastBound = dec(snap.acc.lastBound);
  // Most events carry no identity: one comparison, no map built.
  if (facts === null) return event.at > lastBound;
  return !isLate(lastBound, new Map(snap.acc.mergedFacts), event.at, facts);
}

/**
 * Whether `restoreState(model, snap, tail)` may be used: a history whose identity facts (identify
 * events, forms with an address) lie on both sides of the snapshot is replayed whole instead. A
 * lead's identity can change after a snapshot (a shared browser identifies as someone else, a more
 * trusted source names another address) and the restored profile does not then reproduce when the
 * lead became known. Such histories are rare: one identity, or none, is the rule.
 */
export function restoreSafe(snap: LeadSnapshot, tail: readonly LeadEvent[]): boolean {
  if (snap.identities.length === 0) return true;
  return !tail.some((e) => factsOf(e) !== null);
}

/** What `snapshotAccepts` reads of a snapshot (kept beside it, so the check needs no parse). */
export type SnapshotHead = Pick<LeadSnapshot['acc'], 'lastBound' | 'mergedFacts'>;

/**
 * A state from a snapshot and the history after it (`tail`: the events after `snap.through` in
 * (at, id) order, any order given, no duplicates of folded events). Scores exactly as a replay of
 * the whole history would, and takes later events with `applyEvent` as any state does.
 */
export function restoreState(model: CompiledModel, snap: LeadSnapshot, tail: Iterable<LeadEvent>): LeadState {
  if (!snapshotFits(snap, model)) throw new Error('snapshot of another model version');
  const base: BaseFold = {
    lastBound: dec(snap.acc.lastBound),
    mergedFacts: new Map(snap.acc.mergedFacts),
    through: snap.through,
    fresh: () => loadAcc(model, snap),
  };
  const state: LeadState = {
    model,
    events: [],
    ats: [],
    ids: new Set(),
    facts: new Map(),
    identities: [],
    acc: base.fresh(),
    base,
  };
  for (const event of snap.identities) {
    const facts = factsOf(event);
    if (!facts) continue;
    registerFacts(state.facts, facts);
    state.identities.push({ at: event.at, event, facts });
  }
  const rest: LeadEvent[] = [];
  for (const event of tail) {
    if (state.ids.has(event.id)) continue;
    state.ids.add(event.id);
    rest.push(event);
    const facts = factsOf(event);
    if (facts) {
      registerFacts(state.facts, facts);
      state.identities.push({ at: event.at, event, facts });
    }
  }
  rest.sort(compareEvents);
  state.events.push(...rest);
  for (const e of rest) state.ats.push(e.at);
  state.identities.sort((a, b) => compareEvents(a.event, b.event));
  foldReady(state);
  return state;
}

/**
 * The same state with its folded part replaced by its snapshot: memory for the tail only, and
 * (for tests) the proof that a snapshot restores what it saved.
 */
export function rebase(state: LeadState, snap: LeadSnapshot = snapshotOf(state)): LeadState {
  return restoreState(state.model, snap, state.events.slice(state.acc.committed));
}
