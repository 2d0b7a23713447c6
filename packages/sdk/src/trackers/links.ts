import { clip } from '../lib/clip';
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
    document,
    'click auxclick',
    (e: MouseEvent) => {
      const a = e.button < 2 && target<HTMLAnchorElement>(e, 'a[href]');
      if (a) {
        const h = clip(a.href, 2048);
        const p = a.protocol;
        const d = download(a);
        if (d) ctx._e('dl', { h, f: clip(d[0], 256), x: clip(d[1], 16) });
        else if (p === 'mailto:' || p === 'tel:') ctx._e(p[0] === 'm' ? 'ml' : 'tl', { h });
        else if (/^http/.test(p) && a.host !== location.host) ctx._e('ob', { h });
      }
    },
    true,
  );
