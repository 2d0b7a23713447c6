/**
 * What a lead's Durable Object tells the webhooks about: one value per change worth telling a team
 * (a band or stage crossed, up or down, including by decay; an identification; a disqualification).
 * `notify` (./notify.ts) turns each into one signed delivery per matching subscription.
 */

export const NOTIFICATION_KINDS = ['band_changed', 'stage_changed', 'identified', 'disqualified'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const SCORE_AXES = ['interest', 'intent', 'fit', 'total'] as const;
export type ScoreAxis = (typeof SCORE_AXES)[number];

export type ChangeDirection = 'up' | 'down';

/** What moved the lead: new behaviour, the passing of time, a model change or a sales action. */
export type ChangeCause = 'event' | 'decay' | 'inactivity' | 'model' | 'sales';

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
    /** The lead's owner when it has one: routing and receivers can send the news to that person. */
    owner?: LeadOwner;
  };
  /** For `band_changed` and `stage_changed`: what changed (a band change without `axis` is on `total`). */
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
