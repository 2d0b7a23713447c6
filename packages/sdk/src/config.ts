/** Options of `init()`; the script tag sets the same ones through `data-*` attributes. */
export type Options = {
  /** Site id as registered in the collector (`data-site`). Required: 1–64 of `A-Z a-z 0-9 . _ -`. */
  site: string;
  /** Where beacons are POSTed (`data-endpoint`). Default: `/e` on the script's origin (script tag) or the page's origin (ESM). */
  endpoint?: string;
  /** Seconds without input (pointer, key, scroll, touch) after which the visitor is idle (`data-idle`). Default: 30. */
  idle?: number;
  /** History navigation counts as page views; `'hash'` also counts hash changes (`data-spa`). Default: true. */
  spa?: boolean | 'hash';
  /** Send the first page view on init (`data-auto`); when false, call `page()` yourself. Default: true. */
  auto?: boolean;
  /** No identifier is stored or sent before `consent(true)` (`data-require-consent`). Default: false. */
  requireConsent?: boolean;
  /** Global Privacy Control and Do Not Track make events anonymous (`data-honor-gpc`). Default: true. */
  honorGpc?: boolean;
  /** Track browsers driven by automation, e.g. `navigator.webdriver` (`data-allow-automation`). Default: false. */
  allowAutomation?: boolean;
  /** More file extensions that count as downloads, without the dot (`data-downloads="dwg,step"`). Default: none. */
  downloads?: string[];
};

/** Site ids the collector accepts. */
export const SITE_RE = /^[\w.-]{1,64}$/;

/** Tells why options cannot work, or nothing when they can. */
export const invalid = (o: Partial<Options> | undefined): string | undefined =>
  !o || typeof o.site != 'string' || !SITE_RE.test(o.site) ? 'leadbeacon: site must be 1-64 of A-Z a-z 0-9 . _ -' : undefined;
