import type { Options } from './config';
import { CONSENT, decide, save } from './identity';
import { clip } from './lib/clip';
import { d, l, now } from './lib/globals';
import { get } from './lib/storage';
import { uid } from './lib/uid';
import { load, MAX_QUEUE } from './queue';
import { takeToken } from './token';
import { createTransport } from './transport';
import type { Ctx } from './types';

/** Queued events leave together after this delay, so a page view and what follows it share a request. */
const BATCH_MS = 1e3;

/**
 * Events, batching, identity and transport: what every tracker needs, as one context. Every event is
 * written to the retry queue when it is made (in memory only for an anonymous visitor, whose stored
 * identifiers are deleted) and leaves it when the collector has it.
 */
export const createCore = (o: Options): Ctx => {
  let timer: ReturnType<typeof setTimeout> | 0 = 0;
  const ctx = { _o: o, _c: +(get(CONSENT) as string), _tok: takeToken() } as Ctx;
  decide(ctx);
  ctx._q ||= load();
  const send = createTransport(ctx);
  ctx._f = send;
  ctx._e = (n, fields, at) => {
    const i = uid();
    ctx._q = [...ctx._q, { i, n, ts: now(), u: clip(l.href, 2048) as string, ...fields }].slice(-MAX_QUEUE);
    save(ctx);
    // Intent signals leave at once: the page is usually about to go. A batch timer that finds the
    // queue already sent sends nothing.
    if (at) send(d.hidden);
    else if (!timer)
      timer = setTimeout(() => {
        timer = 0;
        send();
      }, BATCH_MS);
    return i;
  };
  return ctx;
};
