import { KEYS } from './identity';
import { get, set } from './lib/storage';
import type { Batch } from './types';

/** At most this many batches wait for a retry; the oldest go first. */
export const MAX_BATCHES = 20;
/** Batches whose first event is older than this are dropped (7 days). */
export const MAX_AGE_MS = 6048e5;

/** Drops old and surplus batches, and anything that is not a batch (storage is shared with the site). */
export const prune = (q: Batch[]): Batch[] =>
  q.filter((b) => (b?.e?.[0]?.ts as number) > Date.now() - MAX_AGE_MS).slice(-MAX_BATCHES);

/** The persisted queue, from an earlier page or tab whose sends failed. */
export const load = (): Batch[] => {
  try {
    return prune(JSON.parse(get(KEYS.queue) as string) || []);
  } catch {
    // Corrupt or foreign value: start empty rather than fail.
    return [];
  }
};

/** Persists the queue (an empty queue removes the key). */
export const save = (q: Batch[]): void => set(KEYS.queue, q.length ? JSON.stringify(q) : null);
