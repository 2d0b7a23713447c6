/** Cuts a value to the protocol's length limit; empty values become undefined, which JSON drops. */
export const clip = (value: unknown, max: number): string | undefined =>
  value ? String(value).slice(0, max) : undefined;
