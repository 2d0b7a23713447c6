import { on } from './on';

/**
 * Calls `fn` when the page may be going away: `visibilitychange` to hidden (tab switch, minimise,
 * the first step of every navigation on mobile) and `pagehide` (navigation, bfcache). Never
 * `unload`/`beforeunload`: they are unreliable on mobile and block the bfcache.
 */
export const onHidden = (fn: () => void) => {
  const a = on(document, 'visibilitychange', () => document.visibilityState == 'hidden' && fn());
  const b = on(window, 'pagehide', fn);
  return () => {
    a();
    b();
  };
};
