import { fromBase64Url, toBase64Url } from '../lib/base64url';

/**
 * Password hashing with PBKDF2-HMAC-SHA256 through WebCrypto (native in workerd, no WASM).
 *
 * OWASP's Password Storage Cheat Sheet asks for 600,000 iterations of PBKDF2-HMAC-SHA256. Cloudflare's
 * runtime refuses more than 100,000 iterations in one `deriveBits` call (cloudflare/workerd#1346: a
 * guard against one call blocking the isolate, set by the runtime's limit enforcer, which local
 * workerd does not apply), so the work is done as a chain of rounds of at most 100,000: each
 * round's output is the next round's password, with the salt and the round number as its salt. A
 * guess costs the attacker every round in turn, the full iteration count.
 *
 * Stored as `pbkdf2-sha256$<total iterations>$<salt>$<hash>` (base64url), so the cost can be raised
 * later: a hash with fewer iterations than `ITERATIONS` still verifies, and `needsRehash` says so.
 */

/** Total PBKDF2-HMAC-SHA256 iterations of a new hash (OWASP, 2023 onwards). */
export const ITERATIONS = 600_000;

/** The most Cloudflare's runtime computes in one call. */
const ROUND = 100_000;

/** A stored hash asking for more than this is refused unread: it cannot make a login run for long. */
const MAX_ITERATIONS = 2_000_000;

const SALT_BYTES = 16;
const HASH_BITS = 256;

/** Shortest and longest password accepted (NIST SP 800-63B: at least 8; 12 here, and no other rule). */
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;

/** Why a new password is refused, or null when it is acceptable. */
export function passwordProblem(password: string, email?: string): string | null {
  if (password.length < PASSWORD_MIN) return `use at least ${PASSWORD_MIN} characters`;
  if (password.length > PASSWORD_MAX) return `use at most ${PASSWORD_MAX} characters`;
  if (email && password.trim().toLowerCase() === email.trim().toLowerCase()) {
    return 'the password must not be the e-mail address';
  }
  return null;
}

export async function hashPassword(password: string, iterations = ITERATIONS): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const hash = await derive(password, salt, iterations);
  return `pbkdf2-sha256$${iterations}$${toBase64Url(salt)}$${toBase64Url(hash)}`;
}

/** Whether `password` matches the stored hash; a malformed hash matches nothing. Constant-time compare. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const hash = await derive(password, parsed.salt, parsed.iterations);
  return hash.byteLength === parsed.hash.byteLength && crypto.subtle.timingSafeEqual(hash, parsed.hash);
}

/** Whether a stored hash was made with less work than a new one would be. */
export function needsRehash(stored: string): boolean {
  const parsed = parseHash(stored);
  return !parsed || parsed.iterations < ITERATIONS;
}

/**
 * A hash of a random password nobody knows (made once with `hashPassword`, the password thrown
 * away), for sign-ins of unknown or disabled accounts: verifying against it costs what verifying a
 * real user's password costs, from the very first request, so the time of an answer tells nobody
 * whether the account exists.
 */
export const DECOY_HASH =
  'pbkdf2-sha256$600000$ePj3eJrccQfiKADMHcPgog$rgu-R7nv-lbyTeHkLV0hF_l8om5dJRm71ak0KAPqEjc';

function parseHash(stored: string): { iterations: number; salt: Uint8Array; hash: Uint8Array } | null {
  const m = /^pbkdf2-sha256\$(\d{1,7})\$([A-Za-z0-9_-]{16,64})\$([A-Za-z0-9_-]{43})$/.exec(stored);
  if (!m?.[1] || !m[2] || !m[3]) return null;
  const iterations = Number(m[1]);
  const salt = fromBase64Url(m[2]);
  const hash = fromBase64Url(m[3]);
  if (iterations < 1 || iterations > MAX_ITERATIONS || !salt || !hash) return null;
  return { iterations, salt, hash };
}

async function derive(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  let key: Uint8Array = new TextEncoder().encode(password.normalize('NFC'));
  let left = iterations;
  for (let round = 0; left > 0; round++) {
    const n = Math.min(ROUND, left);
    const material = await crypto.subtle.importKey('raw', key, 'PBKDF2', false, ['deriveBits']);
    const roundSalt = new Uint8Array(salt.byteLength + 4);
    roundSalt.set(salt);
    new DataView(roundSalt.buffer).setUint32(salt.byteLength, round);
    key = new Uint8Array(
      await crypto.subtle.deriveBits(
        { name: 'PBKDF2', hash: 'SHA-256', salt: roundSalt, iterations: n },
        material,
        HASH_BITS,
      ),
    );
    left -= n;
  }
  return key;
}
