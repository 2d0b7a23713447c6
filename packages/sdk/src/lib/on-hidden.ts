import { on } from './on';

/** Whether the document is hidden (another tab, minimised, being left, prerendering). */
export const isHidden = (): boolean => document.hidden;

/**
 * Calls `fn` when the page may be going away: `visibilitychange` to hidden (tab switch, minimise,
 * the first step of every navigation on mobile) and `pagehide` (navigation, bfcache). Never
 * `unload`/`beforeunload`: they are unreliable on mobile and block the bfcache.
 */
export const onHidden = (fn: () => void): void => {
  on(document, 'visibilitychange', () => isHidden() && fn());
  on(window, 'pagehide', fn);
};
