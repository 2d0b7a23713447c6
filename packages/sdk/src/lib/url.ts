import { clip } from './clip';
import { safe } from './safe';

/**
 * Query parameters that name a person, checked case-insensitively: email, e-mail, mail, name,
 * first_name, firstname, last_name, lastname, fullname, phone, tel, mobile. The same list is in
 * docs/beacon-protocol.md; the collector keeps its own copy (plus a list per site) and is the
 * authority, this copy keeps the values off the wire.
 */
export const PERSONAL_PARAM = /^(e-?mail|mail|((first|last)_?|full)?name|phone|tel|mobile)$/i;

/**
 * A URL as it may leave the page: without the query parameters above, without any parameter whose
 * value holds an e-mail address (`x@y.z`, after decoding) and without its fragment (`#…` can carry
 * tokens and addresses, and a view is told by path and query), cut to the protocol's 2,048
 * characters. A query with nothing to remove is sent exactly as it was written (it is only
 * re-encoded when a parameter goes). Anything that is not a URL (an empty referrer) is left out.
 */
export const url = safe((href: string): string | undefined => {
  const u = new URL(href);
  u.hash = '';
  for (const [k, v] of [...u.searchParams])
    if (PERSONAL_PARAM.test(k) || /\S@\S+\.\S/.test(v)) u.searchParams.delete(k);
  return clip(u, 2048);
});
