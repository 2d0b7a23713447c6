import { safe } from './safe';

/** localStorage keys: visitor id, consent decision, retry queue, opt-out. */
export const VISITOR = 'lb_v';
export const CONSENT = 'lb_c';
export const QUEUE = 'lb_q';
export const IGNORE = 'lb_ignore';

/**
 * localStorage that never throws: it is missing in some sandboxed iframes, throws on access when
 * the visitor blocks site data, and throws on write when full. A failure reads as "nothing stored".
 */
export const get = safe((key: string): string | undefined => localStorage[key]);

/** Stores `value`, or removes the key when `value` is null or undefined. */
export const set = safe((key: string, value?: string | null) => {
  if (value == null) delete localStorage[key];
  else localStorage[key] = value;
});
