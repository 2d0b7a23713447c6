import type { WireEvent } from '../types';
import { safe } from './safe';
import { get, QUEUE } from './storage';

/** At most this many events wait in the queue; the oldest are dropped first. */
export const MAX_QUEUE = 200;
/**
 * The persisted queue left by an earlier page or tab (events not yet confirmed by the collector).
 * Nothing stored, or a corrupt or foreign value that is not a list (storage is shared with the
 * site), starts empty rather than fail. Old events are sent as they are: the collector corrects the
 * client's clock and drops what is older than 7 days (protocol 1.4), so the script need not.
 */
export const load = (): WireEvent[] =>
  safe(() => [...(JSON.parse(get(QUEUE) as string) as WireEvent[])])() || [];
