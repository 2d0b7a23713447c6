import { on } from '../lib/on';
import type { Ctx } from '../types';

/**
 * Maximum scroll depth of the current page view: the share of the document that has been in view
 * (bottom of the viewport / document height), 0–100. A page shorter than the viewport is 100.
 *
 * The scroll handler reads only `scrollY`: the document height comes from a ResizeObserver (it changes
 * when images and lazy content load) and the viewport height from `resize`, both outside the scroll
 * path. Depth is sampled on scroll and when it is sent, never on load, so a page whose content has not
 * loaded yet does not look fully read.
 */
export const initScroll = (ctx: Ctx) => {
  const doc = document.documentElement;
  let height = 0;
  let view = 0;
  let max = 0;
  let pv: string | undefined;
  const measure = () => {
    height = Math.max(doc.scrollHeight, document.body?.scrollHeight || 0);
    view = innerHeight;
  };
  const sample = () => {
    // A new page view starts from zero.
    if (pv != ctx._pv) (pv = ctx._pv), (max = 0);
    const d = height ? Math.min(100, Math.round(((scrollY + view) / height) * 100)) : 0;
    return (max = Math.max(max, d));
  };
  ctx._sd = sample;
  let ro: ResizeObserver | undefined;
  try {
    ro = new ResizeObserver(measure);
    ro.observe(doc);
    if (document.body) ro.observe(document.body);
  } catch {
    // No ResizeObserver (old browsers): the height measured below and on resize is used.
  }
  measure();
  const off = on(window, 'scroll', sample);
  const off2 = on(window, 'resize', measure);
  return () => {
    ro?.disconnect();
    off();
    off2();
  };
};
