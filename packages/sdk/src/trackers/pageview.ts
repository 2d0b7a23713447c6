import { clip } from '../lib/clip';
import { on } from '../lib/on';
import { topics } from '../lib/topics';
import type { Ctx } from '../types';

/** What makes two URLs the same page view: path and query, plus the hash in hash mode. */
export const pageKey = (ctx: Ctx) => location.pathname + location.search + (ctx._o.spa == 'hash' ? location.hash : '');

/**
 * Page views (`pv`: `r` referrer, `ti` title, `tp` topics). The first waits until the page is visible
 * and no longer prerendering, so background tabs that are never looked at and prerendered pages that
 * are never opened do not count. A page restored from the bfcache counts as a new view.
 */
export const initPageview = (ctx: Ctx) => {
  let referrer = document.referrer;
  ctx._page = (force) => {
    const key = pageKey(ctx);
    if (!force && key == ctx._k) return;
    ctx._leave();
    ctx._k = key;
    ctx._u = clip(location.href, 2048);
    ctx._pv = ctx._e('pv', { r: clip(referrer, 2048), ti: clip(document.title, 300), tp: topics() });
    // The next view of a single-page app was referred by this one.
    referrer = location.href;
  };
  const d = document as Document & { prerendering?: boolean };
  const ready = () => d.visibilityState == 'visible' && !d.prerendering;
  let off = () => {};
  if (ctx._o.auto !== false) {
    if (ready()) ctx._page();
    else
      off = on(d, 'visibilitychange prerenderingchange', () => {
        if (ready()) {
          off();
          ctx._page();
        }
      });
  }
  const off2 = on(window, 'pageshow', (e: PageTransitionEvent) => e.persisted && ctx._page(1));
  return () => {
    off();
    off2();
  };
};
