import { on } from './lib/on';
import { load, prune, save } from './queue';
import type { Batch } from './types';

export type Transport = {
  /** Adds a batch to the send queue (persisted when `store()` allows). */
  _push(b: Batch): void;
  /** Sends what is queued: by sendBeacon when `hidden`, else by fetch with keepalive. */
  _send(hidden?: unknown): void;
  /** Drops everything queued, in memory and in storage. */
  _clear(): void;
  /** Removes the `online` listener. */
  _stop(): void;
};

/**
 * The outbox. Every batch is written to the persisted queue before it is sent and removed when the
 * collector answered (2xx, or a 4xx other than 429, which must not be retried). Network errors, 5xx
 * and 429 keep it there and retry with exponential backoff (3 s · 2ⁿ, at most 30 min), right away
 * when the browser comes back online, and on the next page load. One fetch is in flight at a time, so
 * a retry never races its own first try and the keepalive quota (64 KB per page) is never exceeded.
 *
 * sendBeacon has no response: a beacon the browser accepted while online is taken as delivered. When
 * offline, while the collector is failing, or when the browser refuses the beacon, the batch stays queued.
 */
export const createTransport = (url: string, store: () => boolean): Transport => {
  let q: Batch[] = store() ? load() : [];
  let busy = 0;
  let wait: ReturnType<typeof setTimeout> | 0 = 0;
  let tries = 0;
  const persist = () => store() && save(q);
  const body = (b: Batch) => {
    b.t = Date.now();
    return JSON.stringify(b);
  };
  const drain = (): void => {
    const b = q[0];
    if (!b || busy || wait || !navigator.onLine) return;
    busy = 1;
    fetch(url, { method: 'POST', body: body(b), keepalive: true })
      .then(
        (r) => r.status,
        () => 0,
      )
      .then((status) => {
        busy = 0;
        if (status && status < 500 && status != 429) {
          q = q.filter((x) => x != b);
          persist();
          tries = 0;
          drain();
        } else
          wait = setTimeout(
            () => {
              wait = 0;
              drain();
            },
            Math.min(3e3 * 2 ** tries++, 18e5),
          );
      });
  };
  const beacon = (b: Batch) => {
    try {
      return navigator.sendBeacon(url, body(b));
    } catch {
      // sendBeacon throws on a bad URL and in some sandboxes: keep the batch for fetch.
      return false;
    }
  };
  const off = on(window, 'online', () => {
    clearTimeout(wait);
    wait = tries = 0;
    drain();
  });
  return {
    _push: (b) => {
      q = prune([...q, b]);
    },
    _send: (hidden) => {
      // Index 0 may be in flight (busy): not beaconed twice.
      if (hidden && !wait && navigator.onLine) q = q.filter((b, j) => j < busy || !beacon(b));
      persist();
      drain();
    },
    _clear: () => {
      q = q.slice(0, busy);
      save([]);
    },
    _stop: off,
  };
};
