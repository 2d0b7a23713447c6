import { off } from '../lib/flag';
import { w } from '../lib/globals';
import { on } from '../lib/on';
import type { Ctx } from '../types';

/** Routers update the title and meta tags after they change the URL: read them a moment later. */
const SETTLE_MS = 100;

/**
 * Client-side navigation: wraps `history.pushState` and `replaceState` and listens to `popstate`.
 * Changes within 100 ms make one page view of the final URL; a URL equal to the current view's is no
 * new view. Returns the teardown (ESM build), which unwraps history unless someone wrapped it after
 * us; then our wrapper stays in their chain, inert.
 */
export const initSpa = (ctx: Ctx): (() => void) | undefined => {
  if (off(ctx._o.spa)) return;
  const h = history as History & Record<string, (...a: unknown[]) => unknown>;
  const undo: (() => void)[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let live = 1;
  const change = () => {
    clearTimeout(timer);
    if (live) timer = setTimeout(ctx._page, SETTLE_MS);
  };
  for (const m of ['pushState', 'replaceState']) {
    const fn = h[m] as (...a: unknown[]) => unknown;
    const own = __ESM__ && Object.hasOwn(h, m);
    // The original first, and its result returned: the wrapper changes nothing for the page.
    const wrapped = function (this: History, ...a: unknown[]) {
      const r = fn.apply(this, a);
      change();
      return r;
    };
    h[m] = wrapped;
    if (__ESM__)
      undo.push(() => {
        if (h[m] === wrapped) {
          if (own) h[m] = fn;
          else delete h[m];
        }
      });
  }
  on(w, 'popstate', change);
  if (__ESM__)
    return () => {
      live = 0;
      for (const f of undo) f();
    };
};
