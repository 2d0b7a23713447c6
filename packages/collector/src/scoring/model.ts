/**
 * The scoring model: a typed, versioned configuration that says which events earn which points on
 * which axis, how points fade, where the bands lie and when a lead becomes an MQL. A model is data
 * (stored as JSON, hashed, previewed, published); `model-schema.ts` validates it and
 * `compile.ts` turns it into matchers once. README.md in this folder documents every field.
 */

/** The three score axes. Interest and intent are behavioural (they decay); fit never decays. */
export const AXES = ['interest', 'intent', 'fit'] as const;
export type Axis = (typeof AXES)[number];

/** What a band set or an MQL criterion can look at: one axis or the total of all three. */
export type ScoreTarget = Axis | 'total';

/** Event types a rule can listen to: the `LeadEvent` types plus the time-driven `inactivity`. */
export const RULE_EVENT_TYPES = [
  'pageview',
  'engagement',
  'download',
  'outbound',
  'mailto',
  'tel',
  'form',
  'custom',
  'server',
  'identify',
  'email_open',
  'email_click',
  'sales',
  'inactivity',
] as const;
export type RuleEventType = (typeof RULE_EVENT_TYPES)[number];

/** Categories of the lead's e-mail domain. */
export const DOMAIN_CATEGORIES = ['business', 'free', 'competitor'] as const;
export type DomainCategory = (typeof DOMAIN_CATEGORIES)[number];

export const SALES_ACTIONS = ['accept', 'reject', 'won', 'lost'] as const;
export type SalesAction = (typeof SALES_ACTIONS)[number];

/**
 * How a text value is matched (always case-insensitive):
 * `"x"` equals x; `["x","y"]` equals one of them; `{ contains }` holds a substring (or one of several);
 * `{ regex, flags? }` matches the regular expression (flags default `i`); `{ exists }` is present and non-empty (or absent).
 */
export type TextMatch =
  | string
  | string[]
  | { contains: string | string[] }
  | { regex: string; flags?: string }
  | { exists: boolean };

/** A numeric range for event properties and traits: both bounds inclusive. */
export type RangeMatch = { gte?: number; lte?: number };

/** How an event property or a trait is matched: text, a range, or a boolean. */
export type ValueMatch = TextMatch | RangeMatch | boolean;

/**
 * A count the fold keeps over its own history (distinct members, days, topics), at least `gte`,
 * counting only what happened within `withinDays` before the event (default: the whole history).
 */
export type CountMatch = {
  /** The count must reach this. */
  gte: number;
  /** Only what happened this many days before the event (the event included) counts. Default: all history. */
  withinDays?: number;
};

/** Distinct members (the events' `member`; a history without members is one), optionally engaged. */
export type MemberCountMatch = CountMatch & {
  /** A member counts only with at least this many engaged seconds within `withinDays`. Default 0. */
  engagedSeconds?: number;
};

/** Conditions of a rule: all given conditions must hold (AND); a list inside one condition means "any of". */
export type Conditions = ConditionSet & {
  /** Alternatives: at least one of these condition sets must hold too (OR), e.g. a title or a company given. */
  anyOf?: ConditionSet[];
};

/** One set of conditions (AND). */
export type ConditionSet = {
  /** Topic glob(s), e.g. `product-*`; holds when any topic of the event's page matches any of them. */
  topic?: string | string[];
  /** URL glob(s) on the path (`/pricing*`), or on the whole URL without query when the pattern holds `://`. */
  url?: string | string[];
  /** URL query parameters, e.g. `{ "utm_medium": "email" }`. */
  query?: Record<string, TextMatch>;
  /** Engagement: engaged seconds accumulated on this page view, at least. */
  engagedSeconds?: number;
  /** Engagement: maximum scroll depth reached on this page view (0–100), at least. */
  scrollDepth?: number;
  /** Downloads: lower-case file extension(s) without the dot. */
  fileExt?: string | string[];
  /** Downloads: the file name. */
  fileName?: TextMatch;
  /** Link and e-mail click events: the link target. */
  href?: TextMatch;
  /** Forms: the form's `data-lb-intent`, e.g. `demo_request`. */
  formIntent?: string | string[];
  /** Forms: the form id or name. */
  formId?: TextMatch;
  /** Custom and server events: the event name(s). */
  eventName?: string | string[];
  /** Custom and server events: property matches (all must hold). */
  props?: Record<string, ValueMatch>;
  /** The lead's traits as known at the event (merged from all identify events so far). */
  traits?: Record<string, ValueMatch>;
  /** Category of the lead's e-mail domain at the event; no e-mail known means no match. */
  emailDomain?: DomainCategory | DomainCategory[];
  /** The lead's company (trait `company`, else the company network the visit came from). */
  company?: TextMatch;
  /** ISO country code(s) of the event's network, else the lead's last known country. */
  country?: string | string[];
  /** E-mail events: the campaign or newsletter id. */
  campaign?: TextMatch;
  /** Sales events: the action(s). */
  salesAction?: SalesAction | SalesAction[];
  /**
   * Distinct members with a visit so far (this event included): the people and anonymous visitors
   * of an account. Events without a member count as one member (a lead is one person).
   */
  members?: MemberCountMatch;
  /** Distinct UTC days with a visit so far (this event included). */
  activeDays?: CountMatch;
  /** Distinct page topics visited so far (this event's included). */
  topicCount?: CountMatch;
};

/** How often a rule may fire: every time, once ever, once per browser session, or once per UTC day. */
export const FREQUENCIES = ['always', 'once', 'once_per_session', 'once_per_day'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

/** How a rule's points fade. Both may be given: the points halve every `halfLifeDays` until they expire. */
export type Decay = {
  /** Points halve every this many days (exact: `points · 2^(−age/halfLife)`). */
  halfLifeDays?: number;
  /** Points count fully (or decayed) until this many days after the event, then nothing. */
  expiresAfterDays?: number;
};

export type Rule = {
  /** Stable id, unique in the model; ledger lines and reports refer to it. */
  id: string;
  /** What the rule means, for people. */
  description?: string;
  /** The event type(s) the rule listens to. */
  on: RuleEventType | RuleEventType[];
  /** Conditions that must all hold. Default: none (every event of the type). */
  when?: Conditions;
  /** The axis the points go to. */
  axis: Axis;
  /** Points per firing; negative takes points away. */
  points: number;
  /** How often the rule may fire. Default `always`. Engagement rules fire at most once per page view anyway. */
  frequency?: Frequency;
  /** At most this many firings ever. Default: unlimited. */
  maxCount?: number;
  /** At most this many points (in absolute value) ever; the firing that reaches the cap is cut. Default: unlimited. */
  maxPoints?: number;
  /**
   * The rule fires once for every topic of the event that meets its conditions, and its frequency
   * and caps count per topic: "+2 per topic page, once a day per topic". Default false.
   */
  perTopic?: boolean;
  /**
   * The rule counts per member (the events' `member`: a person or visitor of an account): its
   * frequency and caps apply to each member alone, "+1 per person per topic and day". Default false.
   */
  perMember?: boolean;
  /**
   * At most one firing every this many days (rolling, from the rule's last firing; per topic and
   * member when the rule counts per topic or member), on top of `frequency`. Default: no such limit.
   */
  everyDays?: number;
  /** How the points fade with age. Default: they never fade. Not allowed on the fit axis. */
  decay?: Decay;
  /** A firing disqualifies the lead: it keeps its scores but never becomes an MQL nor reaches the top band. */
  disqualify?: boolean;
  /** Inactivity rules: days without a visit after which the rule fires (once per period of inactivity). */
  inactivityDays?: number;
  /** Inactivity rules: also cancel every behavioural (interest and intent) point earned before. */
  resetBehaviour?: boolean;
};

/** URL patterns that give a page a topic, so a site needs no markup. */
export type TopicMapping = {
  /** The topic name (lower case). */
  topic: string;
  /** URL globs, as in `Conditions.url`. */
  urls: string[];
};

/** One band: entered when the score reaches `min`. */
export type BandLevel = { name: string; min: number };

/** A set of bands on one target (the total, or one axis). */
export type BandSet = {
  /** What the bands classify. */
  on: ScoreTarget;
  /** Bands from lowest to highest; the lowest band's `min` is informational (it holds everything below the next). */
  levels: BandLevel[];
  /** A band is left downwards only when the score falls this many points below its `min`. Default 3. */
  hysteresis?: number;
  /** The highest band a disqualified lead may show. Default: the band below the highest. */
  disqualifiedMax?: string;
};

/** An MQL criterion: every given minimum must be reached (AND). */
export type MqlCriterion = Partial<Record<ScoreTarget, number>>;

export type StageConfig = {
  /** A lead becomes an MQL when any criterion holds (OR), it is not disqualified and (by default) it is known. */
  mql: MqlCriterion[];
  /** Whether only known leads (with an e-mail) can become MQLs. Default true. */
  requireKnown?: boolean;
  /** An MQL whose total falls below this is recycled; a lead recycled by sales re-arms below it. Default 26. */
  recycleBelow?: number;
};

export type ScoringModel = {
  /** A version label, copied into every ledger line (the content hash is `modelHash`). */
  version: string;
  /** A human name. */
  name?: string;
  /** URL → topic mapping. Default: none. */
  topics?: TopicMapping[];
  /** E-mail domains of competitors (subdomains included). Default: none. */
  competitors?: string[];
  /** Extra free-mail domains on top of the `free-email-domains` list. Default: none. */
  freeMailDomains?: string[];
  /**
   * `strip`: `ada+news@example.com` and `ada@example.com` are the same lead (the `+tag` is dropped
   * when the address names the lead). Default `keep`: some companies give `+` addresses to
   * different people.
   */
  plusAddressing?: 'keep' | 'strip';
  /** The rules, in the order they are applied to each event. */
  rules: Rule[];
  /** Band sets; the first is the lead's primary band. */
  bands: BandSet[];
  /** Lifecycle stage criteria. */
  stages: StageConfig;
};
