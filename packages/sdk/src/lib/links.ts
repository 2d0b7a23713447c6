import { l } from './globals';

/**
 * A path that ends in a file extension (1–5 letters or digits) other than a page's (`.html`, `.htm`,
 * `.php`, `.asp`, `.aspx`, `.jsp`): a same-host link to a file.
 */
const FILE = /\.(?!(?:html?|php|aspx?|jsp)$)[a-z\d]{1,5}$/i;

/**
 * Whether a click on this link is worth an `lk` event: a link marked as a download (`download`,
 * `data-lb-download`), a `mailto:` or `tel:` link (no host), an http(s) link to another host, or a
 * same-host link to a file. Ordinary navigation within the site costs nothing. The collector sorts
 * what arrives into downloads (with its extension list), outbound, mailto and tel, and drops the rest.
 */
export const worthSending = (a: HTMLAnchorElement, download: unknown): unknown =>
  download || (/^(https?|mailto|tel):$/.test(a.protocol) && (a.host !== l.host || FILE.test(a.pathname)));
