import type { Options } from './config';

/** Flat, JSON-safe properties of a custom event or traits of an identify. */
export type Props = Record<string, string | number | boolean>;

/** One event of a batch, with the short keys of the beacon protocol (`docs/beacon-protocol.md`). */
export type WireEvent = {
  /** Unique event id; the collector is idempotent on it. */
  i: string;
  /** Event type: pv, en, dl, ob, ml, tl, fm, ev, id, vt. */
  n: string;
  /** Client time (ms since epoch). */
  ts: number;
  /** Page URL. */
  u: string;
  [field: string]: unknown;
};

/** One request body. */
export type Batch = {
  s: string;
  v?: string;
  x?: string;
  t?: number;
  k?: string;
  g?: 1;
  e: WireEvent[];
};

/** Web vitals of one page view, as the `vt` event carries them. */
export type Vitals = { lcp?: number; inp?: number; cls?: number };

/** The public API: the ESM functions and the script tag's global `leadbeacon`. */
export type Tracker = {
  /** Sends a custom event (`ev`). */
  track(name: string, props?: Props): void;
  /** Ties the visitor to an e-mail address (`id`); never sent without consent where consent is needed. */
  identify(email: string, traits?: Props): void;
  /** Records the visitor's consent decision; `false` also deletes the stored identifiers. */
  consent(granted: boolean): void;
  /** Records a page view of the current URL now. */
  page(): void;
  /** Reports web vitals for the current page view (used by the vitals add-on). */
  vitals(metrics: Vitals): void;
  /** Removes every listener and patch and sends what is pending. */
  stop(): void;
};

/**
 * What the trackers share. Internal: every `_` property is mangled in the minified builds.
 */
export type Ctx = {
  _o: Options;
  /** Queues an event and returns its id; `now` sends at once (intent signals). */
  _e(n: string, fields?: Record<string, unknown>, now?: unknown): string;
  /** Sends what is pending; `hidden` uses sendBeacon because the page may be going away. */
  _f(hidden?: unknown): void;
  /** Starts a page view (engagement of the previous one is flushed first); `force` skips the same-URL dedupe. */
  _page(force?: unknown): void;
  /** Flushes the current page view's engagement (set by the engagement tracker). */
  _leave(): void;
  /** Maximum scroll depth of the current page view, 0–100 (set by the scroll tracker). */
  _sd(): number;
  /** Id of the current page-view event. */
  _pv?: string;
  /** URL of the current page view. */
  _u?: string;
  /** Consent: 1 granted, 0 refused, NaN not given (the stored "1"/"0" as a number). */
  _c?: number;
  /** Anonymous: no identifier is stored or sent (see `decide`). */
  _a?: unknown;
  /** E-mail link token from the landing URL. */
  _tok?: string;
  /** Visitor id (memory copy, so a failing localStorage still gives one id per page). */
  _v?: string;
  /** Session id and the time of its last use, `id.ms` (memory copy). */
  _x?: string;
  /** The retry queue: events not yet confirmed by the collector, oldest first. */
  _q: WireEvent[];
};
