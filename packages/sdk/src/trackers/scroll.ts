import { on } from '../lib/on';
import type { Ctx } from '../types';

/**
 * Maximum scroll depth of the current page view: the share of the document that has been in view
 * (bottom of the viewport / document height), 0–100; a page shorter than the viewport is 100.
 *
 * The scroll handler reads only `scrollY`: the document height comes from a ResizeObserver (it grows
 * as images and lazy content load) and the viewport height from `resize`, both off the scroll path.
 * Depth is sampled on scroll and when it is sent, not on load, so a page whose content has not loaded
 * yet does not look fully read. Sets `ctx._sd`; returns the teardown (ESM build).
 */
export const initScroll = (ctx: Ctx): (() => void) | undefined => {
  const doc = document.documentElement;
  let height = 0;
  let view = 0;
  let max = 0;
  let pv: string | undefined;
  const measure = () => {
    height = doc.scrollHeight;
    view = innerHeight;
  };
  ctx._sd = () => {
    // A new page view starts from zero.
    if (pv !== ctx._pv) {
      pv = ctx._pv;
      max = 0;
    }
    max = Math.max(max, Math.min(100, Math.round(((scrollY + view) / height) * 100)) || 0);
    return max;
  };
  const ro = new ResizeObserver(measure);
  ro.observe(doc);
  if (document.body) ro.observe(document.body);
  measure();
  on(window, 'scroll', ctx._sd);
  on(window, 'resize', measure);
  if (__ESM__) return () => ro.disconnect();
};
