/** Cuts a value to the protocol's length limit; null, undefined and '' become undefined so JSON drops them. */
export const clip = (value: unknown, max: number): string | undefined =>
  value == null || value === '' ? undefined : String(value).slice(0, max);
