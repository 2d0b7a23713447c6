import { d, now, w } from '../lib/globals';
import { on } from '../lib/on';
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
 * An `en` event (`p` page view, `ms` delta, `sd` max scroll depth, `q` sequence) is queued before the
 * next page view, and when the page is hidden (`visibilitychange` to hidden, `pagehide`; never
 * `unload`, which is unreliable on mobile and blocks the bfcache), if a second or more was engaged or
 * the depth grew; on hide the batch is then sent by beacon, because the page may be going away.
 */
export const initEngagement = (ctx: Ctx): void => {
  const idle = (+(ctx._o.idle as number) || 30) * 1e3;
  /** When the last input was, if the page was visible and focused then (else 0); ms not yet sent; sequence; depth sent. */
  let since: number | false = 0;
  let ms = 0;
  let seq = 0;
  let depth = -1;
  const tick = () => {
    const t = now();
    ms += (since && Math.min(t - since, idle)) as number;
    since = !d.hidden && d.hasFocus() && t;
  };
  const send = () => {
    tick();
    const sd = ctx._sd();
    if (ctx._pv && (ms >= MIN_MS || sd > depth)) {
      ctx._e('en', { u: ctx._u, p: ctx._pv, ms: Math.min(ms, MAX_MS), sd, q: seq++ });
      ms = 0;
      depth = sd;
    }
  };
  const hide = () => {
    send();
    ctx._f(1);
  };
  ctx._leave = () => {
    send();
    ms = seq = 0;
    depth = -1;
  };
  // Capture phase on window: `scroll` and `focus` do not bubble, inner scrollers and fields count too,
  // and `visibilitychange` (fired at the document) is seen before any document listener.
  on(w, 'pointerdown pointermove keydown scroll focus blur visibilitychange', tick, 1);
  // At the document itself: the vitals add-on queues its event in a capture listener on window first.
  on(d, 'visibilitychange', () => d.hidden && hide());
  on(w, 'pagehide', hide);
  tick();
};
