/**
 * localStorage that never throws: it is missing in some sandboxed iframes, throws on access when
 * the visitor blocks site data, and throws on write when full. A failure reads as "nothing stored".
 */
export const get = (key: string): string | undefined => {
  try {
    return localStorage[key];
  } catch {
    // Storage blocked: nothing stored.
  }
};

/** Stores `value`, or removes the key when `value` is null or undefined. */
export const set = (key: string, value?: string | null): void => {
  try {
    if (value == null) delete localStorage[key];
    else localStorage[key] = value;
  } catch {
    // Storage unavailable or full: the SDK keeps working from memory.
  }
};
