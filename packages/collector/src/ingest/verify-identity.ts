import { verifyIdentityHash } from '../identity/user-hash';
import type { BeaconBatch } from '../schema/beacon';
import { siteIdentitySecret } from '../storage/sites';
import { type IdentityVerdict, isEmailAddress, normalizeEmail } from './normalize';

export type IdentityCheck = { ok: true; verdict: IdentityVerdict } | { ok: false; error: string };

/**
 * Checks the signatures (`h`) of a batch's identities before anything is stored. A signature that
 * does not match its address is refused, batch and all, with the path of the field: a page that
 * sends one is misconfigured (or forging), and accepting the batch without the identity would hide
 * that. An identity without `h` is simply unverified. Addresses that are not addresses are left to
 * normalisation, which drops them.
 */
export async function checkIdentities(
  env: Pick<Env, 'DB' | 'LB_SITES' | 'LB_IDENTITY_SECRETS'>,
  batch: BeaconBatch,
  requireVerified: boolean,
): Promise<IdentityCheck> {
  const verified = new Set<number>();
  for (const [i, e] of batch.e.entries()) {
    if ((e.n !== 'id' && e.n !== 'fm') || e.h === undefined) continue;
    const path = `e[${i}].h`;
    if (e.em === undefined) return { ok: false, error: `${path}: a signature with no address (em) to sign` };
    if (!isEmailAddress(normalizeEmail(e.em))) continue;
    const secret = await siteIdentitySecret(env, batch.s);
    if (!secret) {
      return {
        ok: false,
        error: `${path}: site "${batch.s}" has no identity secret to check signatures with`,
      };
    }
    if (!(await verifyIdentityHash(secret, e.em, e.h))) {
      return {
        ok: false,
        error: `${path}: the identity signature does not match the address (HMAC-SHA256 of the trimmed, lower-cased address with the site's identity secret)`,
      };
    }
    verified.add(i);
  }
  return { ok: true, verdict: { verified, required: requireVerified } };
}
