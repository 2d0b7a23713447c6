import { safe } from './safe';

let ac: AbortController | undefined;

/**
 * Starts a new set of listeners and returns the function that removes them all (ESM build only):
 * one AbortSignal instead of a remover per listener keeps the script small.
 */
export const listen = (): (() => void) => {
  const c = new AbortController();
  ac = c;
  return () => c.abort();
};

/**
 * `addEventListener` for one or more space-separated event types. Handlers are wrapped so that a bug
 * in a tracker never surfaces in the host page (or its error reporting). None of the events listened
 * to blocks scrolling, so `passive` would change nothing.
 */
// biome-ignore lint/suspicious/noExplicitAny: handlers receive the event type they listen to.
export const on = (target: EventTarget, types: string, fn: (e: any) => unknown, capture?: unknown): void => {
  for (const t of types.split(' '))
    target.addEventListener(
      t,
      safe(fn),
      (__ESM__ ? { capture, signal: ac?.signal } : capture) as AddEventListenerOptions,
    );
};
