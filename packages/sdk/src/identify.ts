import { props } from './lib/props';
import type { Ctx } from './types';

/**
 * Queues an `id` event (`em` the e-mail address, trimmed and lower-cased; `tr` traits) and sends it
 * at once. Anything that is not an e-mail address (one `@`, a dot in the domain, no spaces) changes
 * nothing, and so does any address while the visitor is anonymous (no consent, GPC, DNT).
 */
export const identify = (ctx: Ctx, email: unknown, traits?: unknown): void => {
  const em = String(email).trim().toLowerCase();
  if (/^\S+@\S+\.\S+$/.test(em) && !em[254] && !ctx._a) ctx._e('id', { em, tr: props(traits) }, 1);
};
