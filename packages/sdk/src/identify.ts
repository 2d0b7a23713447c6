import { clip } from './lib/clip';
import { props } from './lib/props';
import type { Ctx } from './types';

/** A plausible e-mail address: one @, a dot in the domain, no spaces. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Queues an `id` event (`em` e-mail, lower-cased and trimmed; `tr` traits) and sends it at once.
 * Returns false, changing nothing, when the address is not an e-mail address.
 */
export const identify = (ctx: Ctx, email: unknown, traits?: unknown): boolean => {
  const em = String(email ?? '')
    .trim()
    .toLowerCase();
  const ok = em.length < 255 && EMAIL.test(em);
  if (ok) ctx._e('id', { em, tr: props(traits) }, 1);
  return ok;
};
