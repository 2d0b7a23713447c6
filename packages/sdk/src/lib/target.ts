/** The element matching `selector` at or above the event target, unless it sits in a `data-lb-ignore` subtree. */
export const target = <T extends Element = HTMLElement>(e: Event, selector: string): T | null | undefined => {
  const el = (e.target as Element | null)?.closest?.(selector) as T | null | undefined;
  return el && !el.closest('[data-lb-ignore]') ? el : null;
};
