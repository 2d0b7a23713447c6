import { header, save } from './identity';
import { n, now, w } from './lib/globals';
import { on } from './lib/on';
import { safe } from './lib/safe';
import type { Ctx } from './types';

/** Protocol limit per batch. */
const MAX_EVENTS = 50;
/** Characters per body: UTF-8 may triple them, and the collector accepts 32 KB. */
const MAX_CHARS = 1e4;

/**
 * Sends the retry queue (`ctx._q`), where every event waits until the collector has it. A fetch
 * (keepalive, `text/plain`, so no preflight) is confirmed by a 2xx, or by a 4xx other than 429 (which
 * must not be retried); network errors, 5xx and 429 keep the events queued and retry with exponential
 * backoff (3 s · 2ⁿ, at most 30 min), at once when the browser comes back online, and on the next page
 * load. One fetch is in flight at a time, so a retry never races its own first try and the keepalive
 * quota (64 KB per page) is never exceeded.
 *
 * While the page is `hidden`, sendBeacon takes over; it has no response, so a beacon the browser
 * accepted while online counts as delivered. It also carries events a fetch has in flight: the
 * page may be going away, and the collector is idempotent on event ids. Offline, while the collector is failing, or when the
 * browser refuses the beacon, events stay queued. Batches hold at most 50 events and ~10,000 characters.
 * Returns the send function.
 */
export const createTransport = (ctx: Ctx): ((hidden?: unknown) => void) => {
  const url = ctx._o.endpoint || '/e';
  let busy: unknown;
  let wait: ReturnType<typeof setTimeout> | 0 = 0;
  let tries = 0;
  const send = (hidden?: unknown): void => {
    let e = ctx._q.slice(0, MAX_EVENTS);
    while (e[1] && JSON.stringify(e)[MAX_CHARS]) e = e.slice(0, e.length / 2);
    const done = () => {
      ctx._q = ctx._q.filter((x) => !e.includes(x));
      save(ctx);
    };
    if (e[0] && !wait && n.onLine) {
      const body = JSON.stringify({ ...header(ctx), t: now(), e });
      // sendBeacon throws on a bad URL and in some sandboxes: fetch, or the queue, takes over.
      if (hidden && safe(() => n.sendBeacon(url, body))()) {
        done();
        send(hidden);
      } else if (!busy) {
        busy = 1;
        fetch(url, { method: 'POST', body, keepalive: true })
          .then(
            ({ status: s }) => s < 500 && s !== 429,
            () => 0,
          )
          .then((ok) => {
            busy = 0;
            if (ok) {
              done();
              tries = 0;
            } else
              wait = setTimeout(
                () => {
                  wait = 0;
                  send();
                },
                Math.min(3e3 * 2 ** tries++, 18e5),
              );
            send();
          });
      }
    }
  };
  on(w, 'online', () => {
    clearTimeout(wait);
    wait = tries = 0;
    send();
  });
  return send;
};
