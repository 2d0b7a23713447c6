import { normalizeEmail } from '../ingest/normalize';

/**
 * Verified identify: the site's server signs a visitor's address with the site's identity secret
 * and the page passes the signature along (`h`). The whole contract is
 *
 *     h = hex(HMAC-SHA256(key = identity secret, message = trim(lowercase(address))))
 *
 * (what Intercom and HubSpot call identity verification). The collector README shows it in Node,
 * PHP and Python.
 */

const encoder = new TextEncoder();

async function hmacKey(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
    'verify',
  ]);
}

/** The signature a site's server computes for an address (lower-case hex, 64 characters). */
export async function identityHash(secret: string, email: string): Promise<string> {
  const mac = await crypto.subtle.sign('HMAC', await hmacKey(secret), encoder.encode(normalizeEmail(email)));
  return [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Whether `hash` (hex, either case) signs `email`; compared in constant time by Web Crypto. */
export async function verifyIdentityHash(secret: string, email: string, hash: string): Promise<boolean> {
  if (!/^[0-9a-fA-F]{64}$/.test(hash)) return false;
  const bytes = new Uint8Array(32);
  for (let i = 0; i < 32; i++) bytes[i] = Number.parseInt(hash.slice(i * 2, i * 2 + 2), 16);
  return crypto.subtle.verify('HMAC', await hmacKey(secret), bytes, encoder.encode(normalizeEmail(email)));
}
