import type { SiteConfig } from '../config';
import { fail } from '../lib/http';
import type { BeaconBatch, BeaconEvent } from '../schema/beacon';
import { EMAIL_IN_VALUE, EMAIL_PLACEHOLDER, redactEmails } from './personal-text';

/**
 * URLs as the collector stores them. Browsers report page URLs, referrers and link targets as they
 * are, and a URL can carry personal data: a GET form's thank-you page (`/thanks?email=…&name=…`),
 * a CRM link with `?phone=`, an address in any parameter. The collector is the authority on what is
 * kept (the SDK strips the same keys before sending, but an old or hand-written sender may not), so
 * every URL is cleaned here before it reaches a Durable Object.
 */

/**
 * Query parameters that name a person, compared case-insensitively. Kept in step with the SDK,
 * which strips the same keys on the wire (packages/sdk).
 */
export const PERSONAL_PARAMS: readonly string[] = [
  'email',
  'e-mail',
  'mail',
  'name',
  'first_name',
  'firstname',
  'last_name',
  'lastname',
  'fullname',
  'phone',
  'tel',
  'mobile',
];

/**
 * The e-mail link token the click redirect appends (`lb_t`, routes/email.ts). The SDK sends it in
 * the batch (`k`) and removes it from the address bar, but the first page view may still carry it.
 */
const LINK_TOKEN_PARAM = 'lb_t';

const DEFAULT_KEYS: ReadonlySet<string> = new Set([...PERSONAL_PARAMS, LINK_TOKEN_PARAM]);

const perSite = new WeakMap<readonly string[], ReadonlySet<string>>();

/** The built-in keys plus a site's own `stripParams` (already lower-cased by the config schema). */
export function strippedKeys(extra: readonly string[] | undefined): ReadonlySet<string> {
  if (!extra?.length) return DEFAULT_KEYS;
  let set = perSite.get(extra);
  if (!set) {
    set = new Set([...DEFAULT_KEYS, ...extra.map((k) => k.toLowerCase())]);
    perSite.set(extra, set);
  }
  return set;
}

/**
 * The URL without its personal data: the query parameters named in `keys` and any whose value
 * holds an e-mail address, in the query and in a fragment that carries parameters
 * (`#/thanks?email=…`, `#email=…`); a path segment that holds an address
 * (`/unsubscribe/jane@acme.com`, also in a fragment's route) becomes `EMAIL_PLACEHOLDER`; an http(s)
 * URL's user part (`https://user:password@host/`) goes. Everything else is kept exactly as
 * written, so a URL with nothing to remove comes back unchanged. Works on absolute and relative
 * URLs alike (link targets may be relative). Other schemes keep their path: the address of a
 * `mailto:` link is the one the visitor wrote to, the site's own.
 */
export function stripPersonalData(url: string, keys: ReadonlySet<string> = DEFAULT_KEYS): string {
  const hashAt = url.indexOf('#');
  const beforeHash = hashAt === -1 ? url : url.slice(0, hashAt);
  const queryAt = beforeHash.indexOf('?');
  const path = withoutPersonalPath(queryAt === -1 ? beforeHash : beforeHash.slice(0, queryAt));
  let out = queryAt === -1 ? path : withQuery(path, beforeHash.slice(queryAt + 1), keys);
  if (hashAt !== -1) {
    // A fragment is parameters (`email=…&x=1`), a route with a query (`/thanks?email=…`), or a
    // route or anchor alone.
    const hash = url.slice(hashAt + 1);
    const inner = hash.indexOf('?');
    const cleaned =
      inner !== -1
        ? withQuery(redactSegments(hash.slice(0, inner)), hash.slice(inner + 1), keys)
        : hash.includes('=')
          ? withQuery('', hash, keys).replace(/^\?/, '')
          : redactSegments(hash);
    if (cleaned !== '' || hash === '') out += `#${cleaned}`;
  }
  return out;
}

/** A scheme (`https:`, `mailto:`) at the start of a URL. */
const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/**
 * The part of a URL before its query and fragment, without personal data: an http(s) or
 * scheme-relative URL loses its user part and has its path segments redacted; a relative path has
 * its segments redacted; other schemes are kept as written.
 */
function withoutPersonalPath(part: string): string {
  const scheme = SCHEME.exec(part)?.[0].toLowerCase();
  if (scheme !== undefined && scheme !== 'http:' && scheme !== 'https:') return part;
  const rest = scheme === undefined ? part : part.slice(scheme.length);
  if (!rest.startsWith('//')) return (scheme ?? '') + redactSegments(rest);
  const pathAt = rest.indexOf('/', 2);
  const authority = pathAt === -1 ? rest.slice(2) : rest.slice(2, pathAt);
  // The last `@` ends the user part (an `@` inside it is percent-encoded by browsers).
  const host = authority.slice(authority.lastIndexOf('@') + 1);
  return `${scheme ?? ''}//${host}${pathAt === -1 ? '' : redactSegments(rest.slice(pathAt))}`;
}

/** Each `/`-separated segment that holds an e-mail address (decoded as a query value is) is replaced whole. */
function redactSegments(path: string): string {
  if (!path.includes('@') && !path.includes('%')) return path;
  return path
    .split('/')
    .map((segment) => (EMAIL_IN_VALUE.test(decode(segment, false)) ? EMAIL_PLACEHOLDER : segment))
    .join('/');
}

/** `path?query` without the personal pairs; exactly as written when there is nothing to remove. */
function withQuery(path: string, query: string, keys: ReadonlySet<string>): string {
  const pairs = query.split('&');
  const kept = pairs.filter((pair) => pair === '' || !isPersonal(pair, keys));
  if (kept.length === pairs.length) return `${path}?${query}`;
  const rest = kept.join('&');
  return rest.replace(/&/g, '') === '' ? path : `${path}?${rest}`;
}

function isPersonal(pair: string, keys: ReadonlySet<string>): boolean {
  const eq = pair.indexOf('=');
  const key = decode(eq === -1 ? pair : pair.slice(0, eq));
  const value = decode(eq === -1 ? '' : pair.slice(eq + 1));
  return keys.has(key.trim().toLowerCase()) || EMAIL_IN_VALUE.test(value) || EMAIL_IN_VALUE.test(key);
}

/**
 * Decoded up to three times, so an address inside an encoded URL inside a parameter
 * (`next=%2Fthanks%3Fwho%3Dada%2540x.example`) is seen too; a broken escape is judged as written.
 * In a query (form encoding) `+` is a space; in a path it is itself (`/u/a+b@x.example`).
 */
function decode(part: string, form = true): string {
  let text = form ? part.replace(/\+/g, ' ') : part;
  for (let i = 0; i < 3 && text.includes('%'); i++) {
    try {
      const next = decodeURIComponent(text);
      if (next === text) break;
      text = next;
    } catch {
      break;
    }
  }
  return text;
}

/** The origin of an absolute http(s) URL, or null. */
export function urlOrigin(url: string): string | null {
  if (!URL.canParse(url)) return null;
  const parsed = new URL(url);
  return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : null;
}

/**
 * A beacon batch as the collector keeps it: every event's page URL must belong to one of the
 * site's origins (else `400` naming the event, and nothing is stored), page URLs, referrers and
 * link targets lose their personal data (`stripPersonalData`), and page titles their e-mail
 * addresses. A beacon can name any page it likes; one the site does not serve is not a page of
 * this site, and the dashboard would show it as a link.
 */
export function cleanBeaconPages(batch: BeaconBatch, site: SiteConfig): BeaconBatch {
  const keys = strippedKeys(site.stripParams);
  const events = batch.e.map((event, i): BeaconEvent => {
    const origin = urlOrigin(event.u);
    if (origin === null || !site.origins.includes(origin)) {
      fail(400, `e[${i}].u: ${origin ?? 'the page URL'} is not an origin of site "${batch.s}" (LB_SITES)`);
    }
    const cleaned = { ...event, u: stripPersonalData(event.u, keys) };
    if ('r' in cleaned && cleaned.r !== undefined) cleaned.r = stripPersonalData(cleaned.r, keys);
    if ('ti' in cleaned && cleaned.ti !== undefined) cleaned.ti = redactEmails(cleaned.ti);
    // `h` is a link's target on link events, but the site's signature on `id` and `fm`: only links are URLs.
    if (
      cleaned.n === 'lk' ||
      cleaned.n === 'dl' ||
      cleaned.n === 'ob' ||
      cleaned.n === 'ml' ||
      cleaned.n === 'tl'
    )
      cleaned.h = stripPersonalData(cleaned.h, keys);
    return cleaned;
  });
  return { ...batch, e: events };
}
