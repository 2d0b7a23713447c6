import type { LeadEvent, SalesEvent } from '../scoring/events';

/**
 * Where a lead came from and how it visited, from its stored history: what sales asks first
 * ("how did they find us?") and what a CRM import wants. Pure functions of the events.
 */

/** The UTM parameters of a landing page (`utm_campaign`, `utm_source`, `utm_medium`, `utm_term`, `utm_content`). */
export type Utm = { campaign?: string; source?: string; medium?: string; term?: string; content?: string };

export type LeadSource = {
  /** The first page view of the history: its page, when, and the referrer it came from. */
  landingPage: string | null;
  landedAt: number | null;
  /** The first referrer from another site (a search engine, a partner, a social network). */
  firstReferrer: string | null;
  /** The UTM parameters of the first page view that carried any (a campaign link). */
  utm: Utm | null;
};

const UTM_KEYS = ['campaign', 'source', 'medium', 'term', 'content'] as const;

function utmOf(url: string): Utm | null {
  if (!URL.canParse(url)) return null;
  const params = new URL(url).searchParams;
  const out: Utm = {};
  for (const key of UTM_KEYS) {
    const value = params.get(`utm_${key}`)?.trim();
    if (value) out[key] = value.slice(0, 200);
  }
  return Object.keys(out).length > 0 ? out : null;
}

function hostOf(url: string): string | null {
  return URL.canParse(url) ? new URL(url).host : null;
}

export function leadSource(events: readonly LeadEvent[]): LeadSource {
  const views = events.filter((e) => e.type === 'pageview').sort((a, b) => a.at - b.at);
  const first = views[0];
  const ownHosts = new Set(views.map((v) => hostOf(v.url)).filter((h): h is string => h !== null));
  let firstReferrer: string | null = null;
  let utm: Utm | null = null;
  for (const v of views) {
    // A referrer on the site's own pages is a click inside the site, not where the lead came from.
    const host = v.referrer ? hostOf(v.referrer) : null;
    if (firstReferrer === null && v.referrer && host !== null && !ownHosts.has(host))
      firstReferrer = v.referrer;
    utm ??= utmOf(v.url);
    if (firstReferrer !== null && utm !== null) break;
  }
  return { landingPage: first?.url ?? null, landedAt: first?.at ?? null, firstReferrer, utm };
}

/** A browser session: events of one browser with no gap of more than 30 minutes (as the engine counts sessions). */
export type VisitSession = {
  start: number;
  end: number;
  /** Page views in the session, oldest first. */
  pages: { eventId: string; at: number; url: string; title?: string }[];
  /** Other browser events in it (forms, downloads, clicks). */
  actions: number;
  /** The session's first page and where it came from. */
  landingPage: string | null;
  referrer: string | null;
  utm: Utm | null;
  /** Read before the lead identified. */
  anonymous: boolean;
};

/** Idle time that ends a session: the 30 minutes web analytics (and the scoring engine) use. */
export const SESSION_GAP_MS = 30 * 60_000;

const BROWSER_TYPES = new Set<LeadEvent['type']>([
  'pageview',
  'download',
  'outbound',
  'mailto',
  'tel',
  'form',
  'custom',
]);

/**
 * The lead's visits grouped into sessions, newest first (per browser: merged browsers have their
 * own). `knownAt`: when the lead became known (the score's `knownAt`); without it, the first
 * identify among `events`.
 */
export function visitSessions(events: readonly LeadEvent[], knownAt?: number): VisitSession[] {
  const firstIdentify =
    knownAt ??
    events.find((e) => e.type === 'identify' || (e.type === 'form' && e.email !== undefined))?.at ??
    Number.POSITIVE_INFINITY;
  const browser = events
    .filter((e) => BROWSER_TYPES.has(e.type))
    .sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));
  const open = new Map<string, VisitSession>();
  const out: VisitSession[] = [];
  for (const e of browser) {
    const key = e.visitorId ?? '';
    let s = open.get(key);
    if (!s || e.at - s.end > SESSION_GAP_MS) {
      s = {
        start: e.at,
        end: e.at,
        pages: [],
        actions: 0,
        landingPage: null,
        referrer: null,
        utm: null,
        anonymous: e.at < firstIdentify,
      };
      open.set(key, s);
      out.push(s);
    }
    s.end = e.at;
    if (e.type === 'pageview') {
      if (s.pages.length === 0) {
        s.landingPage = e.url;
        s.referrer = e.referrer ?? null;
        s.utm = utmOf(e.url);
      }
      s.pages.push({ eventId: e.id, at: e.at, url: e.url, ...(e.title ? { title: e.title } : {}) });
    } else {
      s.actions++;
    }
  }
  return out.sort((a, b) => b.start - a.start);
}

/** The deal as sales recorded it: the latest won or lost outcome, with its value. */
export type Deal = { result: 'won' | 'lost'; value?: number; at: number; reason?: string };

export function dealOf(events: readonly LeadEvent[]): Deal | null {
  let latest: SalesEvent | undefined;
  for (const e of events) {
    if (e.type !== 'sales' || (e.action !== 'won' && e.action !== 'lost')) continue;
    if (!latest || e.at >= latest.at) latest = e;
  }
  if (!latest || (latest.action !== 'won' && latest.action !== 'lost')) return null;
  return {
    result: latest.action,
    at: latest.at,
    ...(latest.value !== undefined ? { value: latest.value } : {}),
    ...(latest.reason ? { reason: latest.reason } : {}),
  };
}
