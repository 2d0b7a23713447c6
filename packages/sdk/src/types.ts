/**
 * A value of a prop or trait. Strings are cut to 256 characters before the event is queued; the
 * collector keeps strings, finite numbers and booleans; `null` and `undefined` are accepted and
 * dropped (a field that is not set).
 */
export type PropValue = string | number | boolean | null | undefined;

/**
 * Flat properties of a custom event or traits of an identify: any object whose values are
 * `PropValue`s, an interface included (`Props<T>` checks the keys of `T`). The collector keeps at most
 * 20 values (keys cut to 64 characters) and drops the rest, never the event. An event still over
 * 10,000 characters of JSON once its strings are cut (hundreds of entries, a huge key) cannot be
 * sent: it is dropped when it is made (the ESM build warns in the console).
 */
export type Props<T = Record<string, PropValue>> = { [K in keyof T]: PropValue };

/** Options of `identify`. */
export type IdentifyOptions = {
  /**
   * The site server's signature of the address: HMAC-SHA256 (hex, 64 characters) of the trimmed,
   * lower-cased address, keyed with the site's identity secret. The collector checks it and then
   * trusts the identity as verified. Default: none (an unverified identify).
   */
  hash?: string;
};

/** One event of a batch, with the short keys of the beacon protocol (`docs/beacon-protocol.md`). */
export type WireEvent = {
  /** Unique event id; the collector is idempotent on it. */
  i: string;
  /** Event type: pv, en, lk, fm, ev, id, vt. */
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
  track<T extends Props<T>>(name: string, props?: T): void;
  /**
   * Ties the visitor to an e-mail address (`id`); never sent without consent where consent is needed.
   * `options.hash` verifies it (see `IdentifyOptions`).
   */
  identify<T extends Props<T>>(email: string, traits?: T, options?: IdentifyOptions): void;
  /** Records the visitor's consent decision; `false` also deletes the stored identifiers. */
  consent(granted: boolean): void;
  /** Records a page view of the current URL now. */
  page(): void;
  /** Reports web vitals for the current page view (used by the vitals add-on). */
  vitals(metrics: Vitals): void;
  /** Removes every listener and patch and sends what is pending. */
  stop(): void;
};
