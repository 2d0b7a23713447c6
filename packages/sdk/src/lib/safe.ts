/**
 * Wraps a function so that nothing it does can throw into the caller: the API, every listener,
 * storage and JSON parsing go through it. A failure returns undefined.
 */
export const safe =
  <A extends unknown[], R>(fn: (...a: A) => R) =>
  (...a: A): R | undefined => {
    try {
      return fn(...a);
    } catch {
      // Never throw into the host page.
    }
  };
