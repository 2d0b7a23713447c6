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
 * Fields never sent, whatever their marking: passwords, hidden fields, fields the submission leaves
 * out (disabled, unchecked boxes) and fields inside `data-lb-ignore`. Payment fields are told by their
 * `autocomplete` token (`PRIVATE_TOKEN`).
 */
export const NEVER =
  ':disabled,[type=password],[type=hidden],[type=radio]:not(:checked),[type=checkbox]:not(:checked),[data-lb-ignore],[data-lb-ignore] *';

/** Payment (`cc-…`) and password (`new-password`, `current-password`, `one-time-code`) tokens. */
export const PRIVATE_TOKEN = /^cc-|password|one-time/;
