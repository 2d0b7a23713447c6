import type { IdentifyOptions, Props, Tracker, Vitals } from './types';

/** The tracker `init` started last; the functions below call it. */
export const state: { _t?: Tracker } = {};

const use = (): Tracker | undefined => state._t || void console.warn('leadbeacon: call init() first');

/** Sends a custom event `name` with optional flat props (the collector keeps ≤ 20 string/number/boolean values). */
export const track = <T extends Props<T>>(name: string, props?: T): void => use()?.track(name, props);
/**
 * Ties this visitor to an e-mail address, with optional traits such as `name`, `title`, `company`;
 * `{ hash }` is the site server's HMAC of the address, which makes it a verified identify.
 */
export const identify = <T extends Props<T>>(email: string, traits?: T, options?: IdentifyOptions): void =>
  use()?.identify(email, traits, options);
/** Records the visitor's consent decision (`false` also deletes stored identifiers). */
export const consent = (granted: boolean): void => use()?.consent(granted);
/** Records a page view of the current URL (for `auto: false` or `spa: false` setups). */
export const page = (): void => use()?.page();
/** Reports web vitals of the current page view; `@leadbeacon/sdk/vitals` calls it for you. */
export const vitals = (metrics: Vitals): void => use()?.vitals(metrics);
/** Stops the tracker started by `init`: removes its listeners and history patches, sends what is pending. */
export const stop = (): void => state._t?.stop();
