import type { WireEvent } from '../types';
import { now } from './globals';
import { safe } from './safe';
import { get, QUEUE } from './storage';

/** At most this many events wait in the queue; the oldest are dropped first. */
export const MAX_QUEUE = 200;
/** Stored events older than this are dropped (7 days). */
export const MAX_AGE_MS = 6048e5;

/**
 * The persisted queue left by an earlier page or tab (events not yet confirmed by the collector),
 * without old entries. Nothing stored, or a corrupt or foreign value (storage is shared with the
 * site), starts empty rather than fail.
 */
export const load = (): WireEvent[] =>
  safe(() => (JSON.parse(get(QUEUE) as string) as WireEvent[]).filter((e) => e.ts > now() - MAX_AGE_MS))() ||
  [];
