/** Wraps an API function so that nothing it does can throw into the caller, the host page. */
export const safe =
  <A extends unknown[]>(fn: (...a: A) => unknown) =>
  (...a: A): void => {
    try {
      fn(...a);
    } catch {
      // Never throw into the host page.
    }
  };
