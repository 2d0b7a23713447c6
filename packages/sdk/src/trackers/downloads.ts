/**
 * `name.ext` followed by the end, `?` or `#`: the path of a file link, or the end of a download
 * script's query (`/get?file=a.pdf`). Case-insensitive, so `REPORT.PDF` counts. The extensions are
 * tuned for B2B collateral: documents, sheets and decks (MS Office, OpenDocument, Apple iWork),
 * archives and installers, calendar and contact cards, e-books, video. Listed one by one in the
 * README; other links are marked with `data-lb-download`.
 */
const FILE =
  /[^/?#=&]+\.(pdf|docx?|xlsx?|pptx?|key|od[tsp]|pages|numbers|rtf|txt|csv|zip|dmg|exe|msi|ics|vcf|epub|mp4)(?=[?#]|$)/i;

/** The alternation inside the first group of a regular expression. */
const group = (r: RegExp): string => r.source.split(/[()]/)[1] as string;

/**
 * The default download extensions, as a regular expression alternation (`pdf|docx?|…`). Pure, so
 * that the script-tag build, which does not export it, leaves it out.
 */
export const EXTENSIONS: string = /* @__PURE__ */ group(FILE);

/**
 * The last path segment, and what follows its last dot when that is letters and digits (the
 * collector accepts nothing else as an extension).
 */
const SEGMENT = /[^/]*?(?:\.([a-z\d]+))?$/i;

/**
 * Download detection: `[file name, extension]` when a link is a file link (the name as in the URL,
 * percent-encoded), or has a `download` or `data-lb-download` attribute (the last path segment);
 * else null. The links tracker sends it as a `dl` event (`h` href, `f` file name, `x` the extension
 * in lower case).
 */
export const download = (a: HTMLAnchorElement): RegExpExecArray | null =>
  FILE.exec(a.href) || (a.matches('[download],[data-lb-download]') ? SEGMENT.exec(a.pathname) : null);
