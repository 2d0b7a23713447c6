import { off, yes } from './lib/flag';
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

/**
 * Whether identifiers must stay out of storage and off the wire: the visitor refused consent, or
 * consent is required and not given, or the browser sends GPC or DNT (honoured unless `honorGpc` is
 * false). An explicit `consent(true)` is the visitor's own choice and outranks GPC and DNT.
 */
export const anonymous = ({ _c: c, _o: o }: Ctx): boolean => {
  const n = navigator as Navigator & { globalPrivacyControl?: boolean };
  return (
    c === 0 ||
    (c !== 1 &&
      (yes(o.requireConsent) || (!off(o.honorGpc) && !!(n.globalPrivacyControl || n.doNotTrack === '1'))))
  );
};

/** Removes every stored identifier and queued event, in storage and in memory. */
export const forget = (ctx: Ctx): void => {
  ctx._v = ctx._x = undefined;
  ctx._t._clear();
  for (const k of [VISITOR, SESSION, QUEUE]) set(k);
};

/**
 * The batch header: the site, and for a visitor who may be identified the visitor and session ids,
 * the e-mail link token and the consent flag. Memory copies keep one id per page when storage fails.
 */
export const header = (ctx: Ctx, anon: boolean): Omit<Batch, 'e'> => {
  const b: Omit<Batch, 'e'> = { s: ctx._o.site };
  if (!anon) {
    const now = Date.now();
    ctx._v ||= get(VISITOR) || uid();
    b.v = ctx._v;
    set(VISITOR, b.v);
    // Another tab may have used the session meanwhile: storage first, then the memory copy.
    const [x, at] = (get(SESSION) || ctx._x || '').split('.');
    b.x = Number(at) > now - SESSION_MS ? (x as string) : uid();
    ctx._x = `${b.x}.${now}`;
    set(SESSION, ctx._x);
    b.k = ctx._tok;
    if (ctx._c === 1) b.g = 1;
  }
  return b;
};
