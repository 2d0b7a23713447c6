/**
 * What a lead's Durable Object tells the webhooks about: one value per change worth telling a team
 * (a band or stage crossed, up or down, including by decay; an identification; a disqualification),
 * and the signals among its new events (a page read, a form sent) that a subscription may want to
 * hear about on their own. `notify` (./notify.ts) turns each into one signed delivery per matching
 * subscription.
 */

/** What a person's (or visitor's) object reports. */
export const LEAD_NOTIFICATION_KINDS = [
  'band_changed',
  'stage_changed',
  'identified',
  'disqualified',
  'signal',
] as const;
/** What an account's object reports (src/durable/account-object.ts): asked for by name. */
export const ACCOUNT_NOTIFICATION_KINDS = ['account_band_changed', 'account_stage_changed'] as const;
export const NOTIFICATION_KINDS = [...LEAD_NOTIFICATION_KINDS, ...ACCOUNT_NOTIFICATION_KINDS] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const SCORE_AXES = ['interest', 'intent', 'fit', 'total'] as const;
export type ScoreAxis = (typeof SCORE_AXES)[number];

export type ChangeDirection = 'up' | 'down';

/** What moved the lead: new behaviour, the passing of time, a model change or a sales action. */
export type ChangeCause = 'event' | 'decay' | 'inactivity' | 'model' | 'sales';

/** Event types that can be a signal on their own (not engagement deltas, identities or sales actions). */
export const SIGNAL_EVENT_TYPES = [
  'pageview',
  'download',
  'form',
  'custom',
  'server',
  'mailto',
  'tel',
  'email_click',
  'email_open',
] as const;
export type SignalEventType = (typeof SIGNAL_EVENT_TYPES)[number];

/** One new event of a lead, as a signal alert describes it. */
export type SignalEvent = {
  id: string;
  type: SignalEventType;
  at: number;
  /** The topics of its page (a page view's own; another event's: those of the page it happened on). */
  topics: string[];
  url?: string;
  /** Page title. */
  title?: string;
  /** Forms: the form's intent. */
  intent?: string;
  /** Forms: the form id. */
  formId?: string;
  /** Custom and server events: the event name. */
  name?: string;
  /** Downloads: the file name. */
  fileName?: string;
  /** E-mail events: the campaign. */
  campaign?: string;
};

/** The user who owns a lead (assigned on the lead page, through the API, or round-robin). */
export type LeadOwner = { id: string; name: string; email: string };

export type LeadNotification = {
  /** Unique per change, stable across retries of the same change: deliveries are idempotent on it. */
  id: string;
  kind: NotificationKind;
  /** When the change happened (ms since the epoch). */
  at: number;
  site: string;
  leadId: string;
  /** The lead after the change. */
  lead: {
    email?: string;
    name?: string;
    company?: string;
    scores: { interest: number; intent: number; fit: number };
    total: number;
    band: string;
    stage: string;
    disqualified: boolean;
    /**
     * An anonymous visitor: nobody known yet (a browser's own record, before it identified). Only
     * subscriptions with `includeAnonymous` get these.
     */
    anonymous: boolean;
    /** Topics of the pages the lead read (routing by topic / product interest). */
    topics?: string[];
    /** ISO country code of the lead's network, when known. */
    country?: string;
    /** Who owns the lead in sales, when someone does (routing by owner; receivers can tell that person; absent: nobody). */
    owner?: LeadOwner;
    /** Known people (leads with an address) of the lead's company in the index, the lead included; set by `notify` when a signal condition asks. */
    companyPeople?: number;
  };
  /** The lead's total before and after the change (a new lead starts at 0). */
  scoreChange?: { from: number; to: number };
  /** For `signal`: the lead's new events that may be signals, oldest first (each subscription picks the first that meets its conditions). */
  events?: SignalEvent[];
  /** For account kinds: the account (its `leadId` is `a:<site>:<domain>`, its `lead` the account's scores). */
  account?: {
    domain: string;
    name?: string;
    knownPeople: number;
    anonymousVisitors: number;
    topics: string[];
  };
  /** For `band_changed` and `stage_changed` (and their account kinds): what changed (a band change without `axis` is on `total`). */
  change?: {
    axis?: ScoreAxis;
    from: string;
    to: string;
    direction: ChangeDirection;
    cause: ChangeCause;
  };
  /** The ledger lines that explain the score best, largest first (up to five). */
  why?: Array<{ rule: string; points: number; reason: string }>;
  /** A dashboard link to the lead. */
  url?: string;
  /** Set only by `POST /api/webhooks/:id/test`: a sample, not a real lead. */
  test?: true;
};

// The Durable Object imports the one entry point from here, next to the type it hands over.
export { notify } from './notify';
