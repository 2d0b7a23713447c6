import { clip } from '../lib/clip';
import { onLinkClick } from '../lib/link-click';
import type { Ctx } from '../types';
import { download } from './downloads';

/**
 * Outbound link clicks (`ob`: a http(s) link to another host), `mailto:` (`ml`) and `tel:` (`tl`)
 * clicks, each with `h` the href. A download link is a download, not an outbound link.
 */
export const initLinks = (ctx: Ctx) =>
  onLinkClick((a) => {
    const p = a.protocol;
    const n =
      p == 'mailto:' ? 'ml' : p == 'tel:' ? 'tl' : /^https?:$/.test(p) && a.host != location.host ? 'ob' : '';
    if (n && !download(ctx, a)) ctx._e(n, { h: clip(a.href, 2048) });
  });
