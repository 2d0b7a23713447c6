/**
 * Link clicks, classified at the edge. The SDK reports a click (`lk`) on mailto:/tel: links, on links
 * marked as downloads (`download` attribute, `data-lb-download`), on links to other hosts and on
 * same-host links to a file; the collector decides what it was. Keeping the extension list here keeps
 * it out of every visitor's download and lets a site extend it without a new script.
 */

/**
 * Download extensions, tuned for B2B collateral: documents, sheets and decks (MS Office,
 * OpenDocument, Apple iWork), plain data, archives, installers, calendar and contact cards, e-books,
 * video, CAD. Union of GA4's and Matomo's lists where they matter for B2B, plus ics/vcf/pages/
 * numbers/odp, which neither has.
 */
export const DOWNLOAD_EXTENSIONS: readonly string[] = [
  'pdf',
  'doc',
  'docx',
  'xls',
  'xlsx',
  'ppt',
  'pptx',
  'pps',
  'ppsx',
  'key',
  'pages',
  'numbers',
  'odt',
  'ods',
  'odp',
  'rtf',
  'txt',
  'csv',
  'xml',
  'json',
  'zip',
  'rar',
  '7z',
  'gz',
  'tgz',
  'tar',
  'dmg',
  'exe',
  'msi',
  'pkg',
  'deb',
  'rpm',
  'apk',
  'ics',
  'vcf',
  'epub',
  'mobi',
  'mp3',
  'mp4',
  'mov',
  'avi',
  'wmv',
  'webm',
  'dwg',
  'dxf',
  'step',
  'stp',
  'stl',
];

export type LinkKind =
  | { type: 'mailto' | 'tel' | 'outbound'; href: string }
  | { type: 'download'; href: string; fileName: string; fileExt: string };

/**
 * What a reported click was: a download (marked, or its path ends in a listed extension,
 * case-insensitively, before `?` or `#`), mailto, tel, or an outbound link (http(s), another host
 * than the page). Anything else (a same-host link that is not a file) is null: not an event.
 */
export function classifyLink(
  href: string,
  pageUrl: string,
  marked: boolean,
  extensions: ReadonlySet<string> = DEFAULT_SET,
): LinkKind | null {
  const lower = href.slice(0, 8).toLowerCase();
  if (lower.startsWith('mailto:')) return { type: 'mailto', href };
  if (lower.startsWith('tel:')) return { type: 'tel', href };
  if (!URL.canParse(href, pageUrl)) return null;
  const url = new URL(href, pageUrl);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const name = decodeName(url.pathname.split('/').pop() ?? '');
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  if (marked || (ext && extensions.has(ext))) {
    return {
      type: 'download',
      href: url.href,
      fileName: (name || url.hostname).slice(0, 256),
      fileExt: /^[a-z0-9]{1,16}$/.test(ext) ? ext : '',
    };
  }
  const page = URL.canParse(pageUrl) ? new URL(pageUrl).host : '';
  return url.host !== page ? { type: 'outbound', href: url.href } : null;
}

const DEFAULT_SET: ReadonlySet<string> = new Set(DOWNLOAD_EXTENSIONS);

const perSite = new WeakMap<readonly string[], ReadonlySet<string>>();

/** The default list plus a site's own extensions (from `LB_SITES`), built once per configuration. */
export function extensionSet(extra: readonly string[] | undefined): ReadonlySet<string> {
  if (!extra?.length) return DEFAULT_SET;
  let set = perSite.get(extra);
  if (!set) {
    set = new Set([...DOWNLOAD_EXTENSIONS, ...extra.map((e) => e.toLowerCase())]);
    perSite.set(extra, set);
  }
  return set;
}

function decodeName(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
