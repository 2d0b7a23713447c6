import { clip } from '../lib/clip';
import { off } from '../lib/flag';
import { d, l, w } from '../lib/globals';
import { on } from '../lib/on';
import { topics } from '../lib/topics';
import type { Ctx } from '../types';

/**
 * Page views (`pv`: `r` referrer, `ti` title, `tp` topics). A view of the same path and query as the
 * current one is no new view unless forced (`page()`, bfcache). The first view waits until the page is
 * visible and no longer prerendering, so background tabs that are never looked at and prerendered
 * pages that are never opened do not count. A page restored from the bfcache counts as a new view.
 */
export const initPageview = (ctx: Ctx): void => {
  const auto = !off(ctx._o.auto);
  let referrer = d.referrer;
  let key: string;
  ctx._page = (force) => {
    const was = key;
    key = l.pathname + l.search;
    if (force || key !== was) {
      ctx._leave();
      ctx._pv = ctx._e('pv', { r: clip(referrer, 2048), ti: clip(d.title, 300), tp: topics() });
      // The next view of a single-page app was referred by this one.
      referrer = l.href;
      ctx._u = clip(referrer, 2048);
    }
  };
  // A prerendering page is hidden until it is shown, and then fires visibilitychange. Later calls
  // find the same URL and add nothing.
  const ready = () => auto && !d.hidden && ctx._page();
  on(d, 'visibilitychange', ready);
  on(w, 'pageshow', (e: PageTransitionEvent) => e.persisted && ctx._page(1));
  ready();
};
