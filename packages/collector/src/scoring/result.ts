/**
 * What the engine returns: JSON-serialisable, stored in the lead's Durable Object and sent to D1,
 * webhooks and the dashboard. The scores are exactly the sum of the ledger lines.
 */
import type { Props, TraitSource } from './events';
import type { Axis, Decay, DomainCategory } from './model';

export const STAGES = ['visitor', 'known', 'mql', 'sql', 'recycled'] as const;
export type Stage = (typeof STAGES)[number];

/** Why a band or stage changed. */
export type Cause = 'event' | 'decay' | 'inactivity' | 'model' | 'sales';

/** One contribution to a score. */
export type LedgerLine = {
  /** The event that earned the points; inactivity lines use `inactivity:<ruleId>@<at>`. */
  eventId: string;
  ruleId: string;
  /** `version` of the model that scored the line. */
  modelVersion: string;
  axis: Axis;
  /** When the points were earned (ms since epoch). */
  at: number;
  /** The rule's points. */
  raw: number;
  /** The points after the rule's caps (`maxPoints`). */
  capped: number;
  /** What the line is worth at `asOf`, after decay, rounded to cents. */
  value: number;
  /** The rule's decay, when it has one. */
  decay?: Decay;
  /** Human explanation, e.g. `Viewed /pricing (topic pricing)`. */
  reason: string;
  /** Whether the lead had no known e-mail when the points were earned. */
  anonymous: boolean;
  /** For per-topic rules: the topic this firing counted for (caps and frequency count per topic). */
  topic?: string;
  /** In an account's ledger: the member whose event earned the line (the event's `member`). */
  member?: string;
  /** The line cancels every earlier line of its axis (inactivity reset): its value is minus their sum. */
  reset?: true;
  /** The line disqualified the lead. */
  disqualify?: true;
};

/** A band or stage change with its cause. */
export type Transition = {
  kind: 'band' | 'stage';
  from: string;
  to: string;
  /** For bands: what the band set classifies (`total` or an axis). */
  axis?: string;
  cause: Cause;
  at: number;
  /** The event that caused it, when an event did. */
  eventId?: string;
};

export type Scores = Record<Axis, number>;

/** Where a profile value came from: the source that vouched for it, when, and the event that carried it. */
export type ProfileOrigin = { source: TraitSource; at: number; eventId: string };

export type Profile = {
  email?: string;
  emailDomain?: string;
  domainCategory?: DomainCategory;
  /**
   * Traits from identify events and marked forms: per trait the most trusted source wins, then the
   * latest; a value a more trusted source contradicts never counts.
   */
  traits: Props;
  /** The origin of `email` (key `email`) and of each trait (keyed by trait name). */
  sources?: Record<string, ProfileOrigin>;
  /** Trait `company`, else the company network of the latest visit. */
  company?: string;
  /** Trait `country`, else the network country of the latest event. */
  country?: string;
};

export type DisqualifiedBy = { ruleId: string; eventId: string; at: number };

export type ScoreResult = {
  modelVersion: string;
  /** The `now` the result was computed for. */
  asOf: number;
  /**
   * Per axis: the exact score in cents, rounded half up (the number every threshold compares);
   * exactly the sum of the axis's ledger lines.
   */
  scores: Scores;
  /** interest + intent + fit, exact, then rounded to cents (so rarely a cent off the three rounded axes). */
  total: number;
  /** The primary band (first band set). */
  band: string;
  /** Every band set's band, keyed by what it classifies. */
  bands: Record<string, string>;
  /**
   * Band sets whose band is held by hysteresis: the shown score is below the band's `min`, and the
   * band is kept until the score falls below this number (`min − hysteresis`). Absent when none is.
   */
  held?: Record<string, number>;
  stage: Stage;
  disqualified: boolean;
  disqualifiedBy?: DisqualifiedBy;
  /** The last won/lost outcome recorded by sales. */
  outcome?: 'won' | 'lost';
  ledger: LedgerLine[];
  /** Every band and stage change in the lead's history, oldest first. */
  transitions: Transition[];
  profile: Profile;
  firstSeenAt?: number;
  /** When the lead became known: the first moment an e-mail counted (an identity counts a few seconds early). */
  knownAt?: number;
  lastVisitAt?: number;
  /** Events scored (after deduplication). */
  eventCount: number;
  /** Current value of the points earned before the lead was identified. */
  anonymousPoints: number;
};
