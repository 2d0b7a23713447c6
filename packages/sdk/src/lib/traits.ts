/**
 * The profile fields a form marked `data-lb-identify` sends without code: the standard `autocomplete`
 * token of a field (its last token, after `section-…`, `shipping`, `billing`, `work` …) and the trait
 * it becomes. Any other field needs `data-lb-trait="<trait>"`. Browsers give the attribute as its
 * valid tokens, lower case and single-spaced, or as "" (the `autocomplete` IDL attribute), so a key
 * inherited from `Object.prototype` never comes up.
 */
export const TRAITS: Record<string, string | undefined> = {
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
 * Fields never sent, whatever their marking, tested on one string: the field's type, whether it is
 * checked and its `autocomplete` token. Passwords and hidden fields (the only input types that start
 * with `p` or `h`), radio buttons and checkboxes that are not checked, and payment (`cc-…`) and
 * password (`new-password`, `current-password`, `one-time-code`) tokens.
 */
export const NEVER = /^([ph]|(radio|checkbox)false|.*(cc-|password|one-time))/;
