import type { WireEvent } from '../types';
import { safe } from './safe';
import { get, QUEUE } from './storage';

/** At most this many events wait in the queue; the oldest are dropped first. */
export const MAX_QUEUE = 200;
/**
 * Characters of one body, and so of one event: UTF-8 may triple them, and the collector accepts
 * 32 KB (the keepalive quota of a page is 64 KB).
 */
export const MAX_CHARS = 1e4;
/**
 * The persisted queue left by an earlier page or tab (events not yet confirmed by the collector).
 * Nothing stored, or a corrupt or foreign value that is not a list (storage is shared with the
 * site), starts empty rather than fail. Old events are sent as they are: the collector corrects the
 * client's clock and drops what is older than 7 days (protocol 1.4), so the script need not. An
 * event over `MAX_CHARS`, which an earlier version of the script could queue, is left out: no
 * request can carry it, and it would hold back every event behind it.
 */
export const load = (): WireEvent[] =>
  safe(() =>
    (JSON.parse(get(QUEUE) as string) as WireEvent[]).filter((e) => !JSON.stringify(e)[MAX_CHARS]),
  )() || [];
