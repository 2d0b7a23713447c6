/**
 * E-mail addresses in what a page reports about itself. A page title ("Welcome jane@acme.com") or
 * a path segment (`/unsubscribe/jane@acme.com`) names the visitor as surely as a query parameter
 * does; the collector replaces the address by one placeholder, so the page stays recognisable
 * (and its topic and URL rules still match) without the person.
 */

/** What stands where an address was, in titles and URL paths alike. */
export const EMAIL_PLACEHOLDER = '[email]';

/**
 * Something with an address in it: a character, `@`, a domain with a top-level part. Broad on
 * purpose, for deciding whether a whole value (a query value, a path segment) must go.
 */
export const EMAIL_IN_VALUE = /[^\s@]@[^\s@]+\.[a-z]{2,}/i;

/**
 * One address and only the address, for replacing it inside text: the local part's characters of
 * RFC 5322 (dot-atom, any script), `@`, labels of letters, digits and hyphens, a top-level part of
 * letters. Brackets, quotes, commas and a sentence's last full stop stay outside it.
 */
const ADDRESS_IN_TEXT = /[\p{L}\p{N}.!#$%&'*+/=?^_`{|}~-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;

/** The text with every e-mail address replaced by `EMAIL_PLACEHOLDER`; text without one comes back as is. */
export function redactEmails(text: string): string {
  return text.includes('@') ? text.replace(ADDRESS_IN_TEXT, EMAIL_PLACEHOLDER) : text;
}
