import { clip } from '../lib/clip';
import { off } from '../lib/flag';
import { on } from '../lib/on';
import { topics } from '../lib/topics';
import type { Ctx } from '../types';

/**
 * Page views (`pv`: `r` referrer, `ti` title, `tp` topics). A view of the same path and query as the
 * current one is no new view unless forced (`page()`, bfcache). The first
 * view waits until the page is visible and no longer prerendering, so background tabs that are never
 * looked at and prerendered pages that are never opened do not count. A page restored from the bfcache
 * counts as a new view.
 */
export const initPageview = (ctx: Ctx): void => {
  const d = document;
  let referrer = d.referrer;
  let first = !off(ctx._o.auto);
  ctx._page = (force) => {
    const key = location.pathname + location.search;
    if (force || key !== ctx._k) {
      ctx._leave();
      ctx._k = key;
      ctx._pv = ctx._e('pv', { r: clip(referrer, 2048), ti: clip(d.title, 300), tp: topics() });
      // The next view of a single-page app was referred by this one.
      referrer = location.href;
      ctx._u = clip(referrer, 2048);
    }
  };
  const ready = () => {
    // A prerendering page is hidden until it is shown, and then fires visibilitychange.
    if (first && !d.hidden) {
      first = false;
      ctx._page();
    }
  };
  on(d, 'visibilitychange', ready);
  on(window, 'pageshow', (e: PageTransitionEvent) => e.persisted && ctx._page(1));
  ready();
};
