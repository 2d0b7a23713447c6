import { on } from '../lib/on';
import { onHidden } from '../lib/on-hidden';
import type { Ctx } from '../types';

/** Engaged milliseconds below this are carried to the next send instead of costing a request. */
const MIN_MS = 1e3;
/** Protocol limit of one delta. */
const MAX_MS = 18e5;

/**
 * Engaged time of the current page view. Every input (pointer incl. touch, key, scroll, focus) adds
 * the time since the previous one, capped at the idle limit, provided the document was visible and
 * focused since then (`document.hasFocus()`, which stays true while an iframe of the page has focus).
 * So a reader who sits still keeps counting up to the idle limit and no further, a hidden tab or a
 * window in the background adds nothing, and no timer is needed: time is settled on input, on focus
 * and visibility changes, and when it is sent.
 *
 * An `en` event (`p` page view, `ms` delta, `sd` max scroll depth, `q` sequence) is queued when the
 * page is hidden and before the next page view, if a second or more was engaged or the depth grew.
 */
export const initEngagement = (ctx: Ctx): void => {
  const idle = (+(ctx._o.idle as number) || 30) * 1e3;
  /** When the last input was, if the page was visible and focused then (else 0); ms not yet sent; sequence; depth sent. */
  let since: number | false = 0;
  let ms = 0;
  let seq = 0;
  let depth = -1;
  const tick = () => {
    const t = Date.now();
    if (since) ms += Math.min(t - since, idle);
    since = !document.hidden && document.hasFocus() && t;
  };
  const send = () => {
    tick();
    const sd = ctx._sd();
    if (ctx._pv && (ms >= MIN_MS || sd > depth)) {
      ctx._e('en', { u: ctx._u, p: ctx._pv, ms: Math.min(Math.round(ms), MAX_MS), sd, q: seq++ });
      ms = 0;
      depth = sd;
    }
  };
  ctx._leave = () => {
    send();
    ms = seq = 0;
    depth = -1;
  };
  // Capture phase: `scroll` and `focus` do not bubble, and inner scrollers and fields count too.
  on(window, 'pointerdown pointermove keydown scroll focus blur', tick, true);
  on(document, 'visibilitychange', tick);
  onHidden(send);
  tick();
};
