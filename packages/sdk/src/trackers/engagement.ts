import { on } from '../lib/on';
import { onHidden } from '../lib/on-hidden';
import type { Ctx } from '../types';

/** Input that shows a visitor is there. `scroll` does not bubble, so it is caught in the capture phase. */
const ACTIVITY = 'pointerdown pointermove keydown scroll wheel touchstart';
/** Engaged milliseconds below this are carried to the next send instead of costing a request. */
const MIN_MS = 1e3;
/** Protocol limit of one delta. */
const MAX_MS = 18e5;

/**
 * Engaged time of the current page view: it runs while the document is visible and focused
 * (`document.hasFocus()`, which stays true while an iframe of the page has focus) and the last input
 * is less than `idle` seconds old. A reader who sits still keeps counting until the idle limit, then the
 * clock stops at that limit. No timers: time is added up when something happens and when it is sent.
 *
 * An `en` event (`p` page view, `ms` delta, `sd` max scroll, `q` sequence) is queued when the page is
 * hidden and before the next page view, if a second or more was engaged or the scroll depth grew.
 */
export const initEngagement = (ctx: Ctx) => {
  const idle = (ctx._o.idle || 30) * 1e3;
  const now = () => performance.now();
  /** When counting started (0: not counting), last input, engaged ms not yet sent, sequence, depth sent. */
  let start = 0;
  let last = now();
  let ms = 0;
  let seq = 0;
  let sentDepth = -1;
  const tick = () => {
    const t = now();
    if (start) ms += Math.max(0, Math.min(t, last + idle) - start);
    start = document.visibilityState == 'visible' && document.hasFocus() ? t : 0;
  };
  const activity = () => {
    const t = now();
    // Within the idle limit nothing changes but `last`; after a gap, or when not counting, settle first.
    if (!start || t - last > idle) tick();
    last = t;
  };
  const send = () => {
    tick();
    const sd = ctx._sd();
    if (ctx._pv && (ms >= MIN_MS || sd > sentDepth)) {
      ctx._e('en', { u: ctx._u, p: ctx._pv, ms: Math.min(Math.round(ms), MAX_MS), sd, q: seq++ });
      ms = 0;
      sentDepth = sd;
    }
  };
  ctx._leave = () => {
    send();
    ms = seq = 0;
    sentDepth = -1;
    last = now();
  };
  const offs = [
    on(window, ACTIVITY, activity, true),
    // Coming back to the tab or the window is input too.
    on(window, 'focus blur', (e: Event) => (e.type == 'focus' ? activity() : tick())),
    on(document, 'visibilitychange', () => document.visibilityState == 'visible' && activity()),
    onHidden(send),
  ];
  tick();
  return () => {
    for (const f of offs) f();
  };
};
