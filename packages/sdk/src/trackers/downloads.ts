import { clip } from '../lib/clip';
import { onLinkClick } from '../lib/link-click';
import type { Ctx } from '../types';

/**
 * Default download extensions, tuned for B2B collateral: documents, sheets, decks (MS Office,
 * OpenDocument, Apple iWork), archives, installers, calendar and contact cards, e-books, media, CAD.
 * Listed one by one in the README.
 */
export const EXTENSIONS =
  'pdf|docx?|xlsx?|xlsm|pptx?|pps|ppsx|key|pages|numbers|od[tsp]|rtf|txt|csv|zip|rar|7z|gz|tgz|dmg|exe|msi|pkg|apk|ics|vcf|epub|mp[34]|mpe?g|mov|avi|wmv|wav|wma|midi?|dwg';

const cache = new WeakMap<Ctx, RegExp>();

/** File name and extension of a download link, or nothing when the link is no download. */
export const download = (ctx: Ctx, a: HTMLAnchorElement): [string, string] | undefined => {
  let re = cache.get(ctx);
  if (!re) {
    const extra = (ctx._o.downloads || []).map((x) => x.trim().replace(/^\./, '').replace(/\W/g, '\\$&'));
    // `name.ext` followed by the end, `?` or `#`: the path of a file link, or the end of a download
    // script's query string (`/get?file=a.pdf`). Case-insensitive, so `REPORT.PDF` counts.
    re = new RegExp(`([^/?#=&]+)\\.(${[EXTENSIONS, ...extra].filter(Boolean).join('|')})([?#]|$)`, 'i');
    cache.set(ctx, re);
  }
  const m = re.exec(a.href);
  if (m || a.hasAttribute('download') || a.hasAttribute('data-lb-download')) {
    let name = m ? `${m[1]}.${m[2]}` : a.getAttribute('download') || a.pathname.split('/').pop() || '';
    try {
      name = decodeURIComponent(name);
    } catch {
      // Malformed escapes: keep the name as written.
    }
    return [name, (m ? m[2] : /\.(\w+)$/.exec(name)?.[1] || '').toLowerCase()];
  }
};

/** Download clicks (`dl`: `h` href, `f` file name, `x` extension). */
export const initDownloads = (ctx: Ctx) =>
  onLinkClick((a) => {
    const d = download(ctx, a);
    if (d) ctx._e('dl', { h: clip(a.href, 2048), f: clip(d[0], 256), x: clip(d[1], 16) });
  });
