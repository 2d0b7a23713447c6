import { on } from '../lib/on';
import type { Ctx } from '../types';

/** Routers update the title and meta tags after they change the URL; read them a moment later. */
const SETTLE_MS = 100;

/**
 * Client-side navigation: wraps `history.pushState` and `replaceState` and listens to `popstate`
 * (and `hashchange` in hash mode). Changes that settle within 100 ms make one page view of the final
 * URL, and a URL equal to the current view's (path + query) is no new view.
 */
export const initSpa = (ctx: Ctx) => {
  if (ctx._o.spa === false) return () => {};
  let timer: ReturnType<typeof setTimeout> | undefined;
  let live = 1;
  const change = () => {
    clearTimeout(timer);
    if (live) timer = setTimeout(() => ctx._page(), SETTLE_MS);
  };
  const h = history as History & Record<string, (...a: unknown[]) => unknown>;
  const patch = (m: 'pushState' | 'replaceState') => {
    const orig = h[m] as (...a: unknown[]) => unknown;
    const wrapped = function (this: History, ...a: unknown[]) {
      const r = orig.apply(this, a);
      change();
      return r;
    };
    h[m] = wrapped;
    // Restore only if no one wrapped it after us; otherwise stay in the chain but do nothing (`live`).
    return () => h[m] == wrapped && (h[m] = orig);
  };
  const offs = [
    patch('pushState'),
    patch('replaceState'),
    on(window, ctx._o.spa == 'hash' ? 'popstate hashchange' : 'popstate', change),
  ];
  return () => {
    live = 0;
    clearTimeout(timer);
    for (const f of offs) f();
  };
};
