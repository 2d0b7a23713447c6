import { diff, type ScoreResult, type ScoringModel, type Transition } from '../scoring';
import type { LeadEvent } from '../scoring/events';
import {
  type LeadNotification,
  type LeadOwner,
  type ScoreAxis,
  SIGNAL_EVENT_TYPES,
  type SignalEvent,
  type SignalEventType,
} from '../webhooks/notification';
import type { PageVisit } from './page-visits';

/**
 * How long an anonymous visitor holds its notifications before sending them. Older SDKs send a
 * form and the identify it carries in two requests (about 0.1 s apart, seconds when a send is
 * retried): the change then reaches sales once, from the known lead, and the visitor's own
 * notification is dropped when it merges. Known leads never wait.
 */
export const DEFAULT_ANONYMOUS_HOLD_MS = 10_000;

/** `LB_ANONYMOUS_NOTIFY_DELAY_SECONDS`, parsed (0-600); a bad value falls back to the default. */
export function anonymousHoldMs(raw: string | undefined): number {
  const n = raw === undefined || raw.trim() === '' ? Number.NaN : Number(raw);
  return Number.isFinite(n) && n >= 0 && n <= 600 ? n * 1000 : DEFAULT_ANONYMOUS_HOLD_MS;
}

/** A notification an anonymous visitor holds back until `due` (ms since the epoch). */
export type HeldNotification = { due: number; notification: LeadNotification };

/**
 * The changes to report when a browser's history joins a lead (it identified, was named by the API
 * or by an e-mail link): per band set and for the stage, one change from where the lead stood before
 * (for a new lead: where its history starts) to where it stands now. The steps the anonymous
 * history took on the way (cold → warm → hot) happened to a visitor, not to this lead; reporting
 * each again would tell sales twice, or about a band the lead has already left.
 */
export function changesOnJoin(prev: ScoreResult | undefined, next: ScoreResult): Transition[] {
  if (prev !== undefined && prev.modelVersion !== next.modelVersion) return diff(prev, next);
  const tracks: { kind: 'band' | 'stage'; axis?: string; after: string }[] = [
    ...Object.entries(next.bands).map(([axis, after]) => ({ kind: 'band' as const, axis, after })),
    { kind: 'stage', after: next.stage },
  ];
  const out: Transition[] = [];
  for (const track of tracks) {
    const steps = next.transitions.filter((t) => t.kind === track.kind && t.axis === track.axis);
    const before = prev
      ? track.kind === 'band'
        ? prev.bands[track.axis ?? '']
        : prev.stage
      : steps[0]?.from;
    if (before === undefined || before === track.after) continue;
    // Dated like the step that arrived where the lead is: the same history gives the same id.
    const last = steps.findLast((t) => t.to === track.after);
    const change: Transition = {
      kind: track.kind,
      from: before,
      to: track.after,
      cause: last?.cause ?? 'event',
      at: last?.at ?? next.asOf,
    };
    if (track.axis !== undefined) change.axis = track.axis;
    if (last?.eventId !== undefined) change.eventId = last.eventId;
    out.push(change);
  }
  return out.sort((a, b) => a.at - b.at);
}

const STAGE_ORDER = ['visitor', 'recycled', 'known', 'mql', 'sql'];

export type NotificationContext = {
  site: string;
  leadId: string;
  model: ScoringModel;
  /** Public base URL of the collector, for dashboard links (optional). */
  publicUrl?: string;
  /** The object is an anonymous visitor's (not yet a known lead's). */
  anonymous: boolean;
  /** Topics of the pages the lead read, for routing by topic. Default: none. */
  topics?: readonly string[];
  /** The lead's owner after the change, if it has one: routing by owner, and receivers can tell that person. */
  owner?: LeadOwner | null;
  /** The new events that may be signals (`signalEvents`); a signal notification lists them. Default: none. */
  signals?: readonly SignalEvent[];
};

/**
 * Only an event that happened within this long is a signal: a browser's older history arriving when
 * it identifies (or a send retried much later) is history, not news for sales.
 */
export const SIGNAL_WINDOW_MS = 60 * 60 * 1000;

/** At most this many new events are listed in one signal notification (the latest). */
const MAX_SIGNAL_EVENTS = 20;

const SIGNAL_TYPES: ReadonlySet<string> = new Set(SIGNAL_EVENT_TYPES);

function pathOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*([^?#]*)/i.exec(url);
  return m ? m[1] || '/' : url;
}

/**
 * The new events that may be signals, as alerts describe them: page views, downloads, forms, custom
 * and server events, contact and newsletter clicks of the last hour. A page view's topics are the
 * page's as the index knows them; another event's are those of the page it happened on.
 */
export function signalEvents(
  fresh: readonly LeadEvent[],
  pages: readonly PageVisit[],
  now: number,
): SignalEvent[] {
  const byId = new Map(pages.map((p) => [p.eventId, p]));
  const out: SignalEvent[] = [];
  for (const e of fresh) {
    if (!SIGNAL_TYPES.has(e.type) || e.at < now - SIGNAL_WINDOW_MS) continue;
    const path = pathOf(e.url);
    const page =
      e.type === 'pageview' ? byId.get(e.id) : pages.findLast((p) => p.at <= e.at && pathOf(p.url) === path);
    const signal: SignalEvent = {
      id: e.id,
      type: e.type as SignalEventType,
      at: e.at,
      topics: page?.topics ?? (e.type === 'pageview' ? e.topics : []),
      ...(e.url ? { url: e.url } : {}),
    };
    if (page?.title) signal.title = page.title;
    if (e.type === 'form') {
      if (e.intent) signal.intent = e.intent;
      if (e.formId) signal.formId = e.formId;
    }
    if ((e.type === 'custom' || e.type === 'server') && e.name) signal.name = e.name;
    if (e.type === 'download' && e.fileName) signal.fileName = e.fileName;
    if ((e.type === 'email_click' || e.type === 'email_open') && e.campaign) signal.campaign = e.campaign;
    out.push(signal);
  }
  return out.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1)).slice(-MAX_SIGNAL_EVENTS);
}

/**
 * Turns the changes between two results of a lead into webhook notifications: every band and
 * stage change (up or down, whatever caused it), plus identification and disqualification. Ids
 * are derived from the change itself, so re-running the same change notifies nobody twice.
 */
export function notificationsFor(
  prev: ScoreResult | undefined,
  next: ScoreResult,
  changes: readonly Transition[],
  ctx: NotificationContext,
): LeadNotification[] {
  const lead = leadSnapshot(next, ctx);
  const base = {
    site: ctx.site,
    leadId: ctx.leadId,
    lead,
    scoreChange: { from: prev?.total ?? 0, to: next.total },
    why: topReasons(next),
    ...(ctx.publicUrl ? { url: `${ctx.publicUrl.replace(/\/$/, '')}/dashboard/leads/${ctx.leadId}` } : {}),
  };
  const out: LeadNotification[] = [];
  for (const t of changes) {
    const axis = (t.axis ?? 'total') as ScoreAxis;
    out.push({
      ...base,
      id: `${ctx.leadId.slice(0, 20)}:${t.kind}:${axis}:${t.from}>${t.to}@${t.at}`,
      kind: t.kind === 'band' ? 'band_changed' : 'stage_changed',
      at: t.at,
      change: {
        ...(t.kind === 'band' ? { axis } : {}),
        from: t.from,
        to: t.to,
        direction: rank(t, ctx.model, t.to) > rank(t, ctx.model, t.from) ? 'up' : 'down',
        cause: t.cause,
      },
    });
  }
  if (next.profile.email && next.profile.email !== prev?.profile.email) {
    out.push({
      ...base,
      id: `${ctx.leadId.slice(0, 20)}:identified:${next.profile.email}`,
      kind: 'identified',
      at: next.asOf,
    });
  }
  if (next.disqualified && !prev?.disqualified) {
    const by = next.disqualifiedBy;
    out.push({
      ...base,
      id: `${ctx.leadId.slice(0, 20)}:disqualified:${by?.ruleId ?? ''}@${by?.at ?? next.asOf}`,
      kind: 'disqualified',
      at: by?.at ?? next.asOf,
    });
  }
  const signals = ctx.signals ?? [];
  const first = signals[0];
  if (first) {
    // One per batch of new events; each event is new only once, so it is told at most once.
    out.push({
      ...base,
      id: `${ctx.leadId.slice(0, 20)}:signal:${first.id}`,
      kind: 'signal',
      at: signals.at(-1)?.at ?? first.at,
      events: [...signals],
    });
  }
  return out;
}

function rank(t: Transition, model: ScoringModel, name: string): number {
  if (t.kind === 'stage') return STAGE_ORDER.indexOf(name);
  const set = model.bands.find((b) => b.on === (t.axis ?? 'total')) ?? model.bands[0];
  return set ? set.levels.findIndex((l) => l.name === name) : 0;
}

function leadSnapshot(r: ScoreResult, ctx: NotificationContext): LeadNotification['lead'] {
  const name = r.profile.traits.name;
  return {
    ...(r.profile.email ? { email: r.profile.email } : {}),
    ...(typeof name === 'string' ? { name } : {}),
    ...(r.profile.company ? { company: r.profile.company } : {}),
    scores: r.scores,
    total: r.total,
    band: r.band,
    stage: r.stage,
    disqualified: r.disqualified,
    anonymous: ctx.anonymous,
    topics: [...(ctx.topics ?? [])],
    ...(r.profile.country ? { country: r.profile.country } : {}),
    ...(ctx.owner ? { owner: ctx.owner } : {}),
  };
}

/** The five ledger lines worth most now: "why this score" in the message itself. */
export function topReasons(r: ScoreResult, n = 5): NonNullable<LeadNotification['why']> {
  return [...r.ledger]
    .filter((l) => l.value !== 0)
    .sort((a, b) => Math.abs(b.value) - Math.abs(a.value))
    .slice(0, n)
    .map((l) => ({ rule: l.ruleId, points: l.value, reason: l.reason }));
}
