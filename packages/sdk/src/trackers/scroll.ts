import { d, w } from '../lib/globals';
import { on } from '../lib/on';
import type { Ctx } from '../types';

/**
 * Maximum scroll depth of the current page view: the share of the document that has been in view
 * (bottom of the viewport / document height), 0–100; a page shorter than the viewport is 100.
 *
 * The scroll handler reads only `scrollY` and `innerHeight`, which need no layout: the document height
 * comes from a ResizeObserver (it grows as images and lazy content load) and `resize`, off the scroll path.
 * Depth is sampled on scroll and when it is sent, not on load, so a page whose content has not loaded
 * yet does not look fully read. Sets `ctx._sd`; returns the teardown (ESM build).
 */
export const initScroll = (ctx: Ctx): (() => void) | undefined => {
  const doc = d.documentElement;
  let height = 0;
  let max = 0;
  let pv: string | undefined;
  const measure = () => {
    height = doc.scrollHeight;
  };
  ctx._sd = () => {
    // A new page view starts from zero.
    if (pv !== ctx._pv) {
      pv = ctx._pv;
      max = 0;
    }
    // Rounded to the nearest percent; `| 0` also turns the NaN of an empty layout into 0.
    max = Math.max(max, Math.min(100, ((w.scrollY + w.innerHeight) / height) * 100 + 0.5) | 0);
    return max;
  };
  const ro = new ResizeObserver(measure);
  ro.observe(doc);
  if (d.body) ro.observe(d.body);
  measure();
  on(w, 'scroll', ctx._sd);
  on(w, 'resize', measure);
  if (__ESM__) return () => ro.disconnect();
};
