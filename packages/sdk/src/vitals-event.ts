import type { Ctx, Vitals } from './types';

/**
 * Queues a `vt` event (`lcp` and `inp` in ms, `cls`) for the current page view. It is not sent at
 * once: the add-on reports while the page is being hidden, just before the hide flush, so the event
 * shares the engagement's beacon. Only the three known fields are taken (the collector refuses others).
 */
export const sendVitals = (ctx: Ctx, m: Vitals): unknown =>
  ctx._pv && ctx._e('vt', { p: ctx._pv, lcp: m.lcp, inp: m.inp, cls: m.cls });
