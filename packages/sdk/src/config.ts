/**
 * Options of `init()`. The script tag sets the same ones as `data-*` attributes (`requireConsent` is
 * `data-require-consent`), so every reader of an option also accepts its string form.
 */
export type Options = {
  /** Site id as registered in the collector (`data-site`). Required: 1–64 of `A-Z a-z 0-9 . _ -`. */
  site: string;
  /** Where beacons are POSTed. Default: `/e` on the script's origin (script tag) or on the page's origin (ESM). */
  endpoint?: string;
  /** Seconds without input (pointer, key, scroll, touch) after which the visitor is idle. Default: 30. */
  idle?: number;
  /** History navigation (`pushState`, `replaceState`, back and forward) counts as page views. Default: true. */
  spa?: boolean;
  /** Send the first page view on init; when false, call `page()` yourself. Default: true. */
  auto?: boolean;
  /** No identifier is stored or sent before `consent(true)`. Default: false. */
  requireConsent?: boolean;
  /** Global Privacy Control and Do Not Track make events anonymous. Default: true. */
  honorGpc?: boolean;
  /** Track browsers driven by automation (`navigator.webdriver`, headless). Default: false. */
  allowAutomation?: boolean;
};

/** A site id the collector accepts. */
export const SITE = /^[\w.-]{1,64}$/;
