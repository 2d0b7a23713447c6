/**
 * The `autocomplete` tokens whose fields a form marked `data-lb-identify` sends without code: a
 * field's last token (after `section-…`, `shipping`, `billing`, `work` …), if it is one of these, is
 * the key the field's value is sent under, and the collector names the trait (`organization` is
 * `company`, `tel` is `phone`: one table, `packages/collector/src/ingest/form-traits.ts`, protocol
 * 1.3). Any other field needs `data-lb-trait="<trait>"`. Browsers give the attribute as its valid
 * tokens, lower case and single-spaced, or as "" (the `autocomplete` IDL attribute).
 */
export const TOKENS = /^(((given|family)-)?name|organization(-title)?|country(-name)?|tel)$/;

/**
 * Fields never sent, whatever their marking, tested on one string: the field's type, whether it is
 * checked and its `autocomplete` token. Passwords and hidden fields (the only input types that start
 * with `p` or `h`), radio buttons and checkboxes that are not checked, and payment (`cc-…`) and
 * password (`new-password`, `current-password`, `one-time-code`) tokens.
 */
export const NEVER = /^[ph]|(radio|checkbox)false|cc-|password|one-time/;
