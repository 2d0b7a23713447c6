import type { Ctx, Vitals } from './types';

/**
 * Queues a `vt` event for the current page view. It is not sent at once: the add-on reports while the
 * page is being hidden, just before the hide flush, so it shares the engagement's beacon.
 */
export const sendVitals = (ctx: Ctx, m: Vitals): void => {
  const num = (v: unknown, d: number) => (typeof v == 'number' && v >= 0 && v < 1e9 ? Math.round(v * d) / d : undefined);
  if (ctx._pv && m) ctx._e('vt', { p: ctx._pv, lcp: num(m.lcp, 1), inp: num(m.inp, 1), cls: num(m.cls, 1e4) });
};
