/**
 * SQL that is true when `column` contains the text bound at `param` (e.g. `?3`), ignoring the case
 * of A–Z (as LIKE does). `instr` compares the text as it is, so `%`, `_` and `\` need no escaping
 * and any length works: D1 refuses LIKE patterns over 50 bytes (SQLITE_LIMIT_LIKE_PATTERN_LENGTH),
 * which a 49-character search, or a shorter one with escaped wildcards, already exceeds.
 */
export function containsText(column: string, param: string): string {
  return `instr(lower(${column}), lower(${param})) > 0`;
}
