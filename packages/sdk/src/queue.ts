import { QUEUE } from './identity';
import { get, set } from './lib/storage';
import type { WireEvent } from './types';

/** At most this many events wait in the queue; the oldest are dropped first. */
export const MAX_QUEUE = 200;
/** Stored events older than this are dropped (7 days). */
export const MAX_AGE_MS = 6048e5;

/**
 * The persisted queue left by an earlier page or tab (events not yet confirmed by the collector),
 * without old entries and anything that is not an event (storage is shared with the site).
 */
export const load = (): WireEvent[] => {
  try {
    return (JSON.parse(get(QUEUE) as string) as WireEvent[])
      .filter((e) => e.ts > Date.now() - MAX_AGE_MS)
      .slice(-MAX_QUEUE);
  } catch {
    // Nothing stored, or a corrupt or foreign value: start empty rather than fail.
    return [];
  }
};

/** Persists the queue (an empty queue removes the key). */
export const save = (q: WireEvent[]): void => set(QUEUE, q[0] && JSON.stringify(q));
