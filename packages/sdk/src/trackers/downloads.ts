/**
 * Default download extensions, tuned for B2B collateral: documents, sheets and decks (MS Office,
 * OpenDocument, Apple iWork), archives, installers, calendar and contact cards, e-books, media, CAD.
 * Listed one by one in the README. Other links are marked with `data-lb-download`.
 */
export const EXTENSIONS =
  'pdf|docx?|xlsx?|pptx?|key|pages|numbers|od[tsp]|rtf|txt|csv|zip|rar|7z|gz|dmg|exe|msi|pkg|ics|vcf|epub|mp[34]|mov|dwg';

/**
 * `name.ext` followed by the end, `?` or `#`: the path of a file link, or the end of a download
 * script's query (`/get?file=a.pdf`). Case-insensitive, so `REPORT.PDF` counts.
 */
const FILE = new RegExp(`[^/?#=&]+\\.(${EXTENSIONS})(?=[?#]|$)`, 'i');

/**
 * Download detection: the file name (as in the URL, percent-encoded) when a link is a file link, or
 * the last path segment when it has a `download` or `data-lb-download` attribute; else undefined.
 * The links tracker sends it as a `dl` event (`h` href, `f` file name, `x` the lower-case extension:
 * whatever follows the name's last dot).
 */
export const download = (a: HTMLAnchorElement): string | undefined =>
  FILE.exec(a.href)?.[0] ??
  (a.matches('[download],[data-lb-download]') ? (a.pathname.split('/').pop() as string) : undefined);
