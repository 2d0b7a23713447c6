/**
 * Options come as booleans from `init()` and as strings from `data-*` attributes, where a present
 * attribute is `""`. `off` is true for `false` and `"false"`; `yes` for any other value that is set.
 */
export const off = (v: unknown): boolean => String(v) === 'false';
export const yes = (v: unknown): boolean => v != null && !off(v);
