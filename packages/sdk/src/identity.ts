import { get, set } from './lib/storage';
import { uid } from './lib/uid';
import type { Batch, Ctx } from './types';

/** localStorage keys: visitor id, session id + last use, consent decision, retry queue, opt-out. */
export const KEYS = { visitor: 'lb_v', session: 'lb_s', consent: 'lb_c', queue: 'lb_q', ignore: 'lb_ignore' };

/** A session ends after 30 minutes without an event. */
const SESSION_MS = 18e5;

/**
 * Whether identifiers must stay out of storage and off the wire: the visitor refused consent, or
 * consent is required and not given, or the browser sends GPC/DNT (honoured unless `honorGpc:false`).
 * An explicit `consent(true)` is the visitor's own choice and outranks GPC/DNT.
 */
export const anonymous = (ctx: Ctx): boolean => {
  const n = navigator as Navigator & { globalPrivacyControl?: boolean };
  return (
    ctx._c === 0 ||
    (ctx._c !== 1 &&
      (!!ctx._o.requireConsent ||
        (ctx._o.honorGpc !== false && (n.globalPrivacyControl === true || n.doNotTrack == '1'))))
  );
};

/** Removes every stored identifier and queued event (consent withdrawn, or the visitor is anonymous). */
export const forget = (ctx: Ctx): void => {
  ctx._v = ctx._x = undefined;
  set(KEYS.visitor);
  set(KEYS.session);
  set(KEYS.queue);
};

/** The batch header: site, and for a visitor who may be identified the visitor and session ids, token and consent. */
export const header = (ctx: Ctx, anon: boolean): Batch => {
  const b: Batch = { s: ctx._o.site, e: [] };
  if (!anon) {
    const now = Date.now();
    b.v = ctx._v ||= get(KEYS.visitor) || uid();
    set(KEYS.visitor, b.v);
    // Another tab may have used the session meanwhile, so storage wins over the memory copy.
    const [x, at] = (get(KEYS.session) || '').split('.');
    if (x && +(at as string) > now - SESSION_MS) ctx._x = x;
    else if (!ctx._x || (ctx._xt as number) < now - SESSION_MS) ctx._x = uid();
    ctx._xt = now;
    set(KEYS.session, `${(b.x = ctx._x)}.${now}`);
    if (ctx._tok) b.k = ctx._tok;
    if (ctx._c) b.g = 1;
  }
  return b;
};
