import type { Props } from '../scoring/events';

/**
 * The trait each standard `autocomplete` token of a marked form's field names (protocol 1.3,
 * docs/beacon-protocol.md, "Forms that identify"). The SDK sends a field under its token and the
 * collector names it here, so the mapping is one table on the server, changed without shipping a new
 * script. Keys are HTML's tokens as browsers report them: lower case.
 */
export const FORM_TOKEN_TRAITS: Readonly<Record<string, string>> = {
  name: 'name',
  'given-name': 'first_name',
  'family-name': 'last_name',
  organization: 'company',
  'organization-title': 'title',
  country: 'country',
  'country-name': 'country',
  tel: 'phone',
};

/**
 * A form's `tr` with each autocomplete token renamed to its trait; any other key (a `data-lb-trait`
 * name, or a 1.2 client's trait names) is kept as it is. Entries come in the form's order, so where two
 * fields name one trait the later one wins, as it did when the browser named them.
 */
export function formTraits(tr: Props | undefined): Props | undefined {
  if (!tr) return tr;
  const out: Props = {};
  for (const [key, value] of Object.entries(tr)) {
    const trait = Object.hasOwn(FORM_TOKEN_TRAITS, key) ? (FORM_TOKEN_TRAITS[key] as string) : key;
    out[trait] = value;
  }
  return out;
}
