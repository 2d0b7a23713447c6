import { clip } from '../lib/clip';
import { d, l } from '../lib/globals';
import { on } from '../lib/on';
import { target } from '../lib/target';
import type { Ctx } from '../types';
import { download } from './downloads';

/**
 * Link clicks: downloads (`dl`: `h` href, `f` file name, `x` extension, see `downloads.ts`), outbound
 * links (`ob`: an http(s) link to another host), `mailto:` (`ml`) and `tel:` (`tl`), each with `h`.
 * Left click (mouse or keyboard, and `a.click()` on an attached link) and middle click (`auxclick`, a
 * new tab) count; right click opens a menu, not the link. Document level, capture phase: links added
 * later count, and a page's `stopPropagation` does not hide them.
 */
export const initLinks = (ctx: Ctx): void =>
  on(
    d,
    'click auxclick',
    (e: MouseEvent) => {
      const a = e.button < 2 && target<HTMLAnchorElement>(e, 'a[href]');
      if (a) {
        const p = a.protocol;
        const m = download(a);
        const n = m
          ? 'dl'
          : p === 'mailto:'
            ? 'ml'
            : p === 'tel:'
              ? 'tl'
              : /^http/.test(p) && a.host !== l.host && 'ob';
        if (n) ctx._e(n, { h: clip(a.href, 2048), f: clip(m?.[0], 256), x: clip(m?.[1]?.toLowerCase(), 16) });
      }
    },
    1,
  );
