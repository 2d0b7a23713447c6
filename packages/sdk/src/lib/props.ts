import type { Props } from '../types';

/**
 * Keeps what the protocol accepts in `pr` and `tr`: at most 20 string, finite number or boolean values
 * with non-empty keys, keys cut to 64 and strings to 256 characters. One bad value must not get the
 * whole batch refused.
 */
export const props = (input: unknown): Props => {
  const out: Props = {};
  let n = 0;
  for (const k in input as Props) {
    const v = (input as Props)[k] as Props[string];
    if (k && (v === !!v || Number.isFinite(v) || v === String(v)) && n++ < 20)
      out[k.slice(0, 64)] = (v as string).slice?.(0, 256) ?? v;
  }
  return out;
};
