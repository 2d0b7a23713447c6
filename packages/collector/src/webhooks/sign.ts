/**
 * Webhook signatures. Every attempt carries
 *
 *   X-Leadbeacon-Timestamp: <unix seconds of this attempt>
 *   X-Leadbeacon-Signature: v1=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>
 *
 * The timestamp is inside the signed text, so a receiver that also checks it is recent refuses a
 * captured request replayed later. The HMAC key is the secret string as UTF-8, `whsec_` prefix
 * included, so `createHmac('sha256', secret)` in Node verifies it as-is. Only WebCrypto is used
 * here: receivers on Workers, Deno, Bun or Node ≥ 19 can copy `verifyWebhookSignature` unchanged.
 */

export const TIMESTAMP_HEADER = 'X-Leadbeacon-Timestamp';
export const SIGNATURE_HEADER = 'X-Leadbeacon-Signature';
export const DELIVERY_HEADER = 'X-Leadbeacon-Delivery';
export const EVENT_HEADER = 'X-Leadbeacon-Event';

const SCHEME = 'v1';
const encoder = new TextEncoder();

/** A new signing secret: `whsec_` and 32 random bytes, base64url. */
export function newWebhookSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return `whsec_${btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
}

/** The `X-Leadbeacon-Signature` value for one attempt: `v1=<hex>`. */
export async function signWebhook(secret: string, timestamp: number, body: string): Promise<string> {
  const key = await hmacKey(secret, 'sign');
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(`${timestamp}.${body}`)));
  let hex = '';
  for (const b of mac) hex += b.toString(16).padStart(2, '0');
  return `${SCHEME}=${hex}`;
}

/**
 * Checks a received webhook: the timestamp is within `toleranceSeconds` of `nowSeconds` and one of
 * the `v1=` signatures in the header (several may be listed, comma- or space-separated) is the
 * HMAC of `"<timestamp>.<body>"`. `body` must be the raw request body, before any JSON parsing.
 */
export async function verifyWebhookSignature(
  secret: string,
  timestamp: string | null | undefined,
  body: string,
  header: string | null | undefined,
  nowSeconds: number,
  toleranceSeconds = 300,
): Promise<boolean> {
  if (!timestamp || !header || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(nowSeconds - Number(timestamp)) > toleranceSeconds) return false;
  const key = await hmacKey(secret, 'verify');
  const data = encoder.encode(`${timestamp}.${body}`);
  for (const part of header.split(/[\s,]+/)) {
    const match = /^v1=([0-9a-f]{64})$/i.exec(part);
    if (!match?.[1]) continue;
    const mac = new Uint8Array(32);
    for (let i = 0; i < 32; i++) mac[i] = Number.parseInt(match[1].slice(i * 2, i * 2 + 2), 16);
    // `verify` compares in constant time, so timing does not leak how much of a guess was right.
    if (await crypto.subtle.verify('HMAC', key, mac, data)) return true;
  }
  return false;
}

function hmacKey(secret: string, usage: 'sign' | 'verify'): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    usage,
  ]);
}
