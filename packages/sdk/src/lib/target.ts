/** The element matching `selector` at or above the event target, unless it sits in a `data-lb-ignore` subtree. */
export const target = <T extends Element = HTMLElement>(e: Event, selector: string): T | null | undefined => {
  // A target without `closest` (a synthetic event at the document) throws, inside the listener's `safe`.
  const el = (e.target as Element).closest<T>(selector as never) as T | null;
  return el?.closest('[data-lb-ignore]') ? null : el;
};
