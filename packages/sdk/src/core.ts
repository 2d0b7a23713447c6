import type { Options } from './config';
import { CONSENT } from './identity';
import { clip } from './lib/clip';
import { isHidden } from './lib/on-hidden';
import { get } from './lib/storage';
import { uid } from './lib/uid';
import { takeToken } from './token';
import { createTransport } from './transport';
import type { Ctx } from './types';

/** Queued events leave together after this delay, so a page view and what follows it share a request. */
const BATCH_MS = 1e3;

/** Events, batching, identity and transport: what every tracker needs, as one context. */
export const createCore = (o: Options): Ctx => {
  let timer: ReturnType<typeof setTimeout> | 0 = 0;
  const ctx = { _o: o, _c: Number(get(CONSENT)), _tok: takeToken() } as Ctx;
  const t = createTransport(ctx);
  ctx._t = t;
  ctx._f = (hidden) => {
    clearTimeout(timer);
    timer = 0;
    t._send(hidden);
  };
  ctx._e = (n, fields, now) => {
    const i = uid();
    t._push({ i, n, ts: Date.now(), u: clip(location.href, 2048) as string, ...fields });
    // Intent signals leave at once: the page is usually about to go.
    if (now) ctx._f(isHidden());
    else timer ||= setTimeout(ctx._f, BATCH_MS);
    return i;
  };
  return ctx;
};
