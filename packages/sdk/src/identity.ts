import { off, yes } from './lib/flag';
import { n, now } from './lib/globals';
import { get, set } from './lib/storage';
import { uid } from './lib/uid';
import type { Batch, Ctx } from './types';

/** localStorage keys: visitor id, session id and last use, consent decision, retry queue, opt-out. */
export const VISITOR = 'lb_v';
export const SESSION = 'lb_s';
export const CONSENT = 'lb_c';
export const QUEUE = 'lb_q';
export const IGNORE = 'lb_ignore';

/** A session ends after 30 minutes without a request. */
const SESSION_MS = 18e5;

/** Removes every stored identifier and queued event, in storage and in memory. */
const forget = (ctx: Ctx): void => {
  ctx._v = ctx._x = undefined;
  ctx._q = [];
  for (const k of [VISITOR, SESSION, QUEUE]) set(k);
};

/**
 * Decides `ctx._a`, whether identifiers must stay out of storage and off the wire: the visitor
 * refused consent, or consent is required and not given, or the browser sends GPC or DNT (honoured
 * unless `honorGpc` is false). An explicit `consent(true)` is the visitor's own choice and outranks
 * GPC and DNT. An anonymous visitor's stored identifiers and queued events are deleted. Called at
 * start and on every consent decision (`ctx._c`).
 */
export const decide = (ctx: Ctx): void => {
  ctx._a =
    !ctx._c &&
    (ctx._c === 0 ||
      yes(ctx._o.requireConsent) ||
      (!off(ctx._o.honorGpc) && (n.globalPrivacyControl || n.doNotTrack === '1')));
  if (ctx._a) forget(ctx);
};

/** Persists the retry queue, unless the visitor is anonymous (an empty queue removes the key). */
export const save = (ctx: Ctx): unknown => ctx._a || set(QUEUE, ctx._q[0] && JSON.stringify(ctx._q));

/**
 * The batch header: the site, and for a visitor who may be identified the visitor and session ids,
 * the e-mail link token and the consent flag. Memory copies keep one id per page when storage fails.
 */
export const header = (ctx: Ctx): Omit<Batch, 'e'> => {
  const s = ctx._o.site;
  if (ctx._a) return { s };
  const t = now();
  ctx._v ||= get(VISITOR) || uid();
  set(VISITOR, ctx._v);
  // Another tab may have used the session meanwhile: storage first, then the memory copy.
  let [x, at] = (get(SESSION) || ctx._x || '').split('.') as [string, number?];
  if (!((at as number) > t - SESSION_MS)) x = uid();
  ctx._x = `${x}.${t}`;
  set(SESSION, ctx._x);
  return { s, v: ctx._v, x, k: ctx._tok, g: (ctx._c || undefined) as 1 | undefined };
};
