/**
 * `addEventListener` for one or more space-separated event types, returning the remover.
 * Handlers are wrapped so that a bug in a tracker never surfaces in the host page (or in its error
 * reporting), and are passive because no tracker ever cancels an event.
 */
// biome-ignore lint/suspicious/noExplicitAny: handlers receive the event type they listen to.
export const on = (target: EventTarget, types: string, fn: (e: any) => unknown, capture?: boolean) => {
  const opts = { capture, passive: true };
  const h = (e: Event) => {
    try {
      fn(e);
    } catch {
      // Never throw into the host page.
    }
  };
  const list = types.split(' ');
  for (const t of list) target.addEventListener(t, h, opts);
  return () => {
    for (const t of list) target.removeEventListener(t, h, opts);
  };
};
