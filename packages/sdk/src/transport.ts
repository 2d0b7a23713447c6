import { anonymous, header } from './identity';
import { on } from './lib/on';
import { load, MAX_QUEUE, save } from './queue';
import type { Ctx, WireEvent } from './types';

export type Transport = {
  /** Adds an event to the queue (persisted unless the visitor is anonymous). */
  _push(e: WireEvent): void;
  /** Sends what is queued: by sendBeacon when `hidden`, else by fetch with keepalive. */
  _send(hidden?: unknown): void;
  /** Empties the queue. */
  _clear(): void;
};

/** Protocol limit per batch. */
const MAX_EVENTS = 50;
/** Characters per body: UTF-8 may triple them, and the collector accepts 32 KB. */
const MAX_CHARS = 1e4;

/**
 * The outbox: every event is written to the persisted queue when it is made and leaves it when the
 * collector has it. A fetch (keepalive, `text/plain`, so no preflight) is confirmed by a 2xx, or by a
 * 4xx other than 429 (which must not be retried); network errors, 5xx and 429 keep the events queued
 * and retry with exponential backoff (3 s · 2ⁿ, at most 30 min), at once when the browser comes back
 * online, and on the next page load. One fetch is in flight at a time, so a retry never races its own
 * first try and the keepalive quota (64 KB per page) is never exceeded.
 *
 * While the page is hidden, sendBeacon takes over; it has no response, so a beacon the browser
 * accepted while online counts as delivered. Offline, while the collector is failing, or when the
 * browser refuses the beacon, events stay queued. An anonymous visitor's queue lives in memory only,
 * and never holds an identify. Batches hold at most 50 events and ~10,000 characters.
 */
export const createTransport = (ctx: Ctx): Transport => {
  const url = ctx._o.endpoint || '/e';
  let q = anonymous(ctx) ? [] : load();
  let busy: WireEvent[] = [];
  let wait: ReturnType<typeof setTimeout> | 0 = 0;
  let tries = 0;
  const persist = () => anonymous(ctx) || save(q);
  const done = (e: WireEvent[]) => {
    q = q.filter((x) => !e.includes(x));
    persist();
  };
  const send = (hidden?: unknown): void => {
    const anon = anonymous(ctx);
    if (anon) q = q.filter((x) => x.n !== 'id');
    let e = q.filter((x) => !busy.includes(x)).slice(0, MAX_EVENTS);
    while (e[1] && JSON.stringify(e)[MAX_CHARS]) e = e.slice(0, e.length / 2);
    if (e[0] && !wait && navigator.onLine) {
      const body = JSON.stringify({ ...header(ctx, anon), t: Date.now(), e });
      let beaconed: unknown;
      try {
        beaconed = hidden && navigator.sendBeacon(url, body);
      } catch {
        // sendBeacon throws on a bad URL and in some sandboxes: fetch below, or the queue, take over.
      }
      if (beaconed) {
        done(e);
        send(hidden);
      } else if (!busy[0]) {
        busy = e;
        fetch(url, { method: 'POST', body, keepalive: true })
          .then(
            (r) => r.status < 500 && r.status !== 429,
            () => 0,
          )
          .then((ok) => {
            busy = [];
            if (ok) {
              done(e);
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
  on(window, 'online', () => {
    clearTimeout(wait);
    wait = tries = 0;
    send();
  });
  return {
    _push: (e) => {
      q = [...q, e].slice(-MAX_QUEUE);
      persist();
    },
    _send: send,
    _clear: () => {
      q = [];
    },
  };
};
