/**
 * The normalised events a lead's history is made of: what the collector stores in a lead's
 * Durable Object and what the scoring engine reads. Beacons (`schema/beacon.ts`) are mapped to
 * these by `ingest/normalize.ts`; server-side API calls, e-mail pixels and sales actions produce
 * them directly. Times are milliseconds since the epoch, already corrected for client clock skew.
 */

/** Flat, JSON-safe properties (custom events, traits). */
export type Props = Record<string, string | number | boolean>;

/**
 * Who vouches for an identity and the traits that come with it, most trusted first:
 * `api` the collector's authenticated API (a CRM, the site's server, sales), `link` a signed e-mail
 * link token, `verified` an identify the site's server signed with the site's identity secret
 * (HMAC), `form` what the visitor typed into a form the site marked, `script` a page script's
 * unsigned `identify()`. A less trusted source never overwrites what a more trusted one said.
 */
export const TRAIT_SOURCES = ['api', 'link', 'verified', 'form', 'script'] as const;
export type TraitSource = (typeof TRAIT_SOURCES)[number];

/** What kind of network a request came from (see `enrich/classify-network.ts`). */
export type NetworkType = 'company' | 'isp' | 'mobile' | 'hosting' | 'education' | 'government' | 'unknown';

/** What the edge derived from the request's network (never the IP itself). */
export type NetworkInfo = {
  /** ISO 3166-1 alpha-2 country code from `request.cf.country`. */
  country?: string;
  /** First-level region name, e.g. `Texas`. */
  region?: string;
  /** ISO 3166-2 code of the region without the country part, e.g. `TX`. */
  regionCode?: string;
  /** City name. Coarse geography only: no postal code or coordinates are kept. */
  city?: string;
  /** Autonomous system number of the network. */
  asn?: number;
  /** The AS organisation as reported, kept for company, hosting, education and government networks only. */
  asOrganization?: string;
  /** What the network is; only `company` networks name a company. */
  networkType?: NetworkType;
  /** A company name when the network is a company's own (not an ISP, carrier or cloud). */
  company?: string;
  /** Lower-case slug of `company` for grouping, e.g. `acme-manufacturing`. */
  companyKey?: string;
  /** 0–1: how sure the company attribution is. */
  confidence?: number;
  /** The network hosts machines (cloud, hosting, CDN, VPN, Tor): the bot filter flags these. */
  datacenter?: boolean;
};

type EventBase = {
  /** Unique id; the dedupe key of the event log. */
  id: string;
  /** When it happened (ms since epoch). */
  at: number;
  /** The anonymous visitor id the event came from, if any. */
  visitorId?: string;
  /** The browser session the event belongs to, if any. */
  sessionId?: string;
  /** Page URL the event happened on. */
  url?: string;
  /** Whether the visitor had explicitly granted consent when the event was recorded. */
  consent?: boolean;
  /** Network-derived enrichment at the time of the event. */
  network?: NetworkInfo;
  /**
   * The member the event comes from, in an account's history: the lead or visitor object id of
   * the person whose event it is. Absent in a lead's own history.
   */
  member?: string;
};

export type PageviewEvent = EventBase & {
  type: 'pageview';
  url: string;
  /** Topics from page markup (`lb:topic`, `article:section`, JSON-LD); the model may add more from the URL. */
  topics: string[];
  title?: string;
  referrer?: string;
};

export type EngagementEvent = EventBase & {
  type: 'engagement';
  /** Id of the page-view event this engagement belongs to. */
  pageId: string;
  /** Engaged milliseconds since the previous engagement event of the same page view (a delta). */
  engagedMs: number;
  /** Maximum scroll depth reached on the page so far, 0–100. */
  scrollDepth: number;
  /** Sequence number of this delta within its page view. */
  seq: number;
};

export type LinkEvent = EventBase & {
  type: 'download' | 'outbound' | 'mailto' | 'tel';
  href: string;
  /** File name (downloads). */
  fileName?: string;
  /** Lower-case file extension without the dot (downloads). */
  fileExt?: string;
};

export type FormEvent = EventBase & {
  type: 'form';
  formId?: string;
  /** The form's `data-lb-intent`, e.g. `demo_request`. */
  intent?: string;
  /**
   * A form marked for identification carries the address and the profile fields the site marked in
   * the same event: the submission and the identity it carries are one fact (normalised address).
   */
  email?: string;
  /** Profile fields the site marked (autocomplete tokens, `data-lb-trait`), as trait names. */
  traits?: Props;
  /** Who vouches for `email` and `traits`: `form`, or `verified` when the site signed the address. Default `form`. */
  source?: TraitSource;
};

export type CustomEvent = EventBase & {
  /** `custom` comes from the browser (`track`, `data-lb-event`); `server` from the API. */
  type: 'custom' | 'server';
  name: string;
  props?: Props;
};

export type IdentifyEvent = EventBase & {
  type: 'identify';
  /** Normalised e-mail address (lower case, trimmed). */
  email: string;
  traits?: Props;
  /** Who vouches for the address and the traits. Default `script` (events stored before sources existed). */
  source?: TraitSource;
};

export type EmailEvent = EventBase & {
  type: 'email_open' | 'email_click';
  /** Campaign or newsletter id carried by the signed token. */
  campaign?: string;
  /** Destination of a click. */
  href?: string;
};

export type VitalsEvent = EventBase & {
  type: 'vitals';
  pageId: string;
  lcp?: number;
  inp?: number;
  cls?: number;
};

/** Sales actions and outcomes are part of the history, so replays reproduce the stage. */
export type SalesEvent = EventBase & {
  type: 'sales';
  action: 'accept' | 'reject' | 'won' | 'lost';
  reason?: string;
  /** Deal value for `won`. */
  value?: number;
};

export type LeadEvent =
  | PageviewEvent
  | EngagementEvent
  | LinkEvent
  | FormEvent
  | CustomEvent
  | IdentifyEvent
  | EmailEvent
  | VitalsEvent
  | SalesEvent;

export type LeadEventType = LeadEvent['type'];
