import { compileNamePatterns } from '../scoring/topics';
import type {
  LeadNotification,
  NotificationKind,
  ScoreAxis,
  SignalEvent,
  SignalEventType,
} from './notification';

/**
 * A single-signal alert ("a known lead from a company with ≥ 2 people read pricing"): conditions
 * on the new event that triggers it and on the lead. Every condition given must hold; a list means
 * "any of". Small on purpose, so every alert can say in words why it went out.
 */
export type SignalConditions = {
  /** The event is of one of these types. Default: any signal event type. */
  eventTypes?: readonly SignalEventType[];
  /** The event's page has a topic matching one of these (globs such as `product-*`). */
  topics?: readonly string[];
  /** The event is a form with one of these intents (`demo_request`). */
  intents?: readonly string[];
  /** The event is a custom or server event of one of these names. */
  eventNames?: readonly string[];
  /** The lead is known (`true`: has an address) or anonymous (`false`). Default: either. */
  known?: boolean;
  /** At least this many known people of the lead's company are in the index, the lead included. */
  minCompanyPeople?: number;
};

/** The filters of a subscription; an unset list (null or absent) matches everything. */
export type SubscriptionFilter = {
  kinds: readonly NotificationKind[];
  /** Bands the lead must be in after the change (for a band change: the band it moved to). */
  bands: readonly string[] | null;
  /** Stages the lead must be in after the change (for a stage change: the stage it moved to). */
  stages: readonly string[] | null;
  /** Axes a band change must be on (band changes only). */
  axes: readonly ScoreAxis[] | null;
  sites: readonly string[] | null;
  /** Direction of band and stage changes; identifications and disqualifications have none. */
  direction: 'up' | 'down' | 'both';
  /** Whether changes of anonymous visitors (no known address yet) are wanted too. Default false. */
  includeAnonymous: boolean;
  /** The lead read a page on a topic matching one of these (globs): the team of product X gets product X's leads. */
  topics?: readonly string[] | null;
  /** The lead's country (ISO code) is one of these. */
  countries?: readonly string[] | null;
  /** The lead's company contains one of these names (case-insensitive). */
  companies?: readonly string[] | null;
  /**
   * The lead's owner is one of these users, named by user id or e-mail address (case-insensitive);
   * `null` in the list stands for "nobody owns the lead".
   */
  owners?: readonly (string | null)[] | null;
  /** The lead's total moved at least this many points (either way) with the change. */
  minScoreChange?: number | null;
  /** Conditions of `signal` alerts. */
  signal?: SignalConditions | null;
};

/** A subscription's reasons to hear about a notification: its top three, in words. */
export type Match = {
  /** For a signal: the new event that met the subscription's conditions. */
  event?: SignalEvent;
  /** The conditions a signal met, in words (empty for other kinds). */
  matched: string[];
  /** The alert's top three reasons: a signal's conditions first, then the ledger lines worth most. */
  reasons: string[];
};

/** How many reasons an alert states. */
export const TOP_REASONS = 3;

/**
 * Whether a subscription wants a notification, and why. A disqualified lead only ever produces
 * `disqualified` deliveries: it never reaches sales, whatever its score or stage. An anonymous
 * visitor reaches only subscriptions that ask for anonymous visitors.
 */
export function match(filter: SubscriptionFilter, n: LeadNotification): Match | null {
  if (!filter.kinds.includes(n.kind)) return null;
  if (n.lead.anonymous && !filter.includeAnonymous) return null;
  if (n.lead.disqualified && n.kind !== 'disqualified') return null;
  if (filter.sites && !filter.sites.includes(n.site)) return null;

  // Band and stage changes of a lead or of an account (account kinds are asked for by name).
  const isBand = n.kind === 'band_changed' || n.kind === 'account_band_changed';
  const isStage = n.kind === 'stage_changed' || n.kind === 'account_stage_changed';
  if ((isBand || isStage) && filter.direction !== 'both' && n.change?.direction !== filter.direction) {
    return null;
  }

  const band = isBand && n.change ? n.change.to : n.lead.band;
  if (filter.bands && !filter.bands.includes(band)) return null;

  const stage = isStage && n.change ? n.change.to : n.lead.stage;
  if (filter.stages && !filter.stages.includes(stage)) return null;

  if (filter.axes && isBand && !filter.axes.includes(n.change?.axis ?? 'total')) {
    return null;
  }
  if (filter.topics && !(n.lead.topics ?? []).some(compileNamePatterns(filter.topics))) return null;
  if (filter.countries && !filter.countries.some((c) => c.toUpperCase() === n.lead.country?.toUpperCase()))
    return null;
  if (filter.companies) {
    const company = n.lead.company?.toLowerCase();
    if (!company || !filter.companies.some((c) => company.includes(c.toLowerCase()))) return null;
  }
  if (filter.owners && !ownedBy(filter.owners, n.lead.owner)) return null;
  if (filter.minScoreChange) {
    const moved = n.scoreChange ? Math.abs(n.scoreChange.to - n.scoreChange.from) : 0;
    if (moved < filter.minScoreChange) return null;
  }

  if (n.kind !== 'signal') return { matched: [], reasons: scoreReasons(n).slice(0, TOP_REASONS) };
  const signal = filter.signal ?? {};
  if (signal.known !== undefined && signal.known === n.lead.anonymous) return null;
  if (signal.minCompanyPeople !== undefined) {
    if (!n.lead.company || (n.lead.companyPeople ?? 0) < signal.minCompanyPeople) return null;
  }
  const event = (n.events ?? []).find((e) => eventMeets(signal, e));
  if (!event) return null;
  const matched = [eventWords(event)];
  if (signal.known === true) matched.push(`A known lead (${n.lead.email ?? 'with an address'})`);
  if (signal.known === false) matched.push('An anonymous visitor');
  if (signal.minCompanyPeople !== undefined)
    matched.push(`${n.lead.companyPeople} people from ${n.lead.company} among your leads`);
  return { event, matched, reasons: [...matched, ...scoreReasons(n)].slice(0, TOP_REASONS) };
}

/** Whether a subscription wants a notification (see `match`). */
export function matches(filter: SubscriptionFilter, n: LeadNotification): boolean {
  return match(filter, n) !== null;
}

/** Whether matching needs the number of known people of the lead's company (a D1 count). */
export function needsCompanyPeople(filter: SubscriptionFilter, n: LeadNotification): boolean {
  return (
    n.kind === 'signal' &&
    filter.kinds.includes('signal') &&
    filter.signal?.minCompanyPeople !== undefined &&
    Boolean(n.lead.company)
  );
}

function eventMeets(signal: SignalConditions, e: SignalEvent): boolean {
  if (signal.eventTypes && !signal.eventTypes.includes(e.type)) return false;
  if (signal.topics && !e.topics.some(compileNamePatterns(signal.topics))) return false;
  if (signal.intents && !(e.type === 'form' && e.intent && signal.intents.includes(e.intent))) return false;
  if (signal.eventNames) {
    const named = (e.type === 'custom' || e.type === 'server') && e.name !== undefined;
    if (!named || !signal.eventNames.includes(e.name as string)) return false;
  }
  return true;
}

/** The score's biggest ledger lines in words: "+15 Read the pricing page". */
export function scoreReasons(n: LeadNotification): string[] {
  return (n.why ?? []).map((w) => `${signed(w.points)} ${w.reason}`);
}

function signed(points: number): string {
  const x = Math.round(points * 10) / 10;
  return x >= 0 ? `+${x}` : `−${-x}`;
}

function path(url: string | undefined): string {
  if (!url) return 'a page';
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*([^?#]*)/i.exec(url);
  return m ? m[1] || '/' : url;
}

/** A signal event in words: "Read "Pricing" (/pricing.html, topic pricing)". */
export function eventWords(e: SignalEvent): string {
  const topics = e.topics.length > 0 ? `topic ${e.topics.join(', ')}` : '';
  switch (e.type) {
    case 'pageview': {
      const where = [path(e.url), topics].filter(Boolean).join(', ');
      return `Read ${e.title ? `"${e.title}" (${where})` : where}`;
    }
    case 'form':
      return `Sent ${e.formId ? `the form "${e.formId}"` : 'a form'}${e.intent ? ` (${e.intent})` : ''} on ${path(e.url)}`;
    case 'download':
      return `Downloaded ${e.fileName ?? path(e.url)}`;
    case 'custom':
    case 'server':
      return `Did ${e.name ?? 'an event'}${e.url ? ` on ${path(e.url)}` : ''}`;
    case 'mailto':
      return 'Clicked an e-mail address';
    case 'tel':
      return 'Clicked a phone number';
    case 'email_click':
      return `Clicked a newsletter link${e.campaign ? ` (${e.campaign})` : ''}`;
    case 'email_open':
      return `Opened a newsletter${e.campaign ? ` (${e.campaign})` : ''}`;
  }
}

/** Whether the owner is in the list (by user id or e-mail), or nobody owns the lead and `null` is. */
function ownedBy(
  owners: readonly (string | null)[],
  owner: { id: string; email: string } | undefined,
): boolean {
  if (!owner) return owners.includes(null);
  const email = owner.email.toLowerCase();
  return owners.some((o) => o !== null && (o === owner.id || o.toLowerCase() === email));
}
