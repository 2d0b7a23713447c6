/**
 * What a lead's Durable Object tells the webhooks about: one value per change worth telling a team
 * (a band or stage crossed, up or down, including by decay; an identification; a disqualification).
 * `notify` (./notify.ts) turns each into one signed delivery per matching subscription.
 */

/** What a person's (or visitor's) object reports; a subscription without `kinds` gets these. */
export const LEAD_NOTIFICATION_KINDS = [
  'band_changed',
  'stage_changed',
  'identified',
  'disqualified',
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
  };
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
  /** The ledger lines that explain the score best, largest first. */
  why?: Array<{ rule: string; points: number; reason: string }>;
  /** A dashboard link to the lead. */
  url?: string;
  /** Set only by `POST /api/webhooks/:id/test`: a sample, not a real lead. */
  test?: true;
};

// The Durable Object imports the one entry point from here, next to the type it hands over.
export { notify } from './notify';
