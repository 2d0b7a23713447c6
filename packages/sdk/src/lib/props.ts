import type { Props } from '../types';
import { clip } from './clip';

/**
 * Keeps what the protocol accepts in `pr`/`tr`: at most 20 string, finite number or boolean values,
 * keys cut to 64 and strings to 256 characters. One bad value must not get the whole batch refused.
 */
export const props = (input: unknown): Props | undefined => {
  let out: Props | undefined;
  let n = 0;
  if (input && typeof input == 'object')
    for (const [k, v] of Object.entries(input)) {
      const t = typeof v;
      if (n < 20 && (t == 'string' || t == 'boolean' || (t == 'number' && Number.isFinite(v)))) {
        (out ||= {})[clip(k, 64) as string] = t == 'string' ? (clip(v, 256) as string) : v;
        n++;
      }
    }
  return out;
};
