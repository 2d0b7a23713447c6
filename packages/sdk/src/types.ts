/**
 * Flat properties of a custom event or traits of an identify. The collector keeps at most 20
 * string, finite number or boolean values (keys cut to 64, strings to 256 characters).
 */
export type Props = Record<string, string | number | boolean>;

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
