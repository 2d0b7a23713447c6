import type { Options } from './config';
import { anonymous, header, KEYS } from './identity';
import { clip } from './lib/clip';
import { get } from './lib/storage';
import { uid } from './lib/uid';
import { takeToken } from './token';
import { createTransport, type Transport } from './transport';
import type { Ctx, WireEvent } from './types';

/** Pending events are sent together after this delay, so a page view and what follows it share a request. */
const BATCH_MS = 1e3;
/** Protocol limit per batch. */
const MAX_EVENTS = 50;
/** Characters per body; UTF-8 may triple them and the collector accepts 32 KB. */
const MAX_CHARS = 1e4;

/** Events, batching, identity and transport: everything trackers need, as one context. */
export const createCore = (o: Options): [Ctx, Transport] => {
  let pending: WireEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | 0 = 0;
  const ctx = {
    _o: o,
    _c: ({ 1: 1, 0: 0 } as Record<string, 0 | 1>)[get(KEYS.consent) as string],
    _tok: takeToken(),
  } as Ctx;
  const t = createTransport(o.endpoint as string, () => !anonymous(ctx));
  ctx._f = (hidden) => {
    clearTimeout(timer);
    timer = 0;
    const anon = anonymous(ctx);
    // Privacy is decided when sending, so a consent given a moment after an event still applies to it,
    // and an identify never leaves the page of an anonymous visitor.
    const events = anon ? pending.filter((e) => e.n != 'id') : pending;
    pending = [];
    while (events.length) {
      const b = header(ctx, anon);
      let n = 0;
      let chars = 0;
      while (n < events.length && n < MAX_EVENTS && (chars += JSON.stringify(events[n]).length) < MAX_CHARS) n++;
      b.e = events.splice(0, n || 1);
      t._push(b);
    }
    t._send(hidden);
  };
  ctx._e = (n, fields, now) => {
    const i = uid();
    pending.push({ i, n, ts: Date.now(), u: clip(location.href, 2048) as string, ...fields });
    if (now || pending.length >= MAX_EVENTS) ctx._f(document.visibilityState == 'hidden');
    else timer ||= setTimeout(ctx._f, BATCH_MS);
    return i;
  };
  return [ctx, t];
};
