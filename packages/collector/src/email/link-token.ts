import { fromBase64Url, toBase64Url } from '../lib/base64url';

/**
 * Signed, expiring per-lead tokens for e-mail links and open pixels. The token names the lead by
 * its public id (never the e-mail address, which would otherwise sit in URLs, logs and referrers)
 * and is signed with HMAC-SHA256 over its payload.
 *
 * Format: `<payload>.<signature>`, both base64url; payload = JSON `{ v: 1, s: site, l: leadId,
 * c?: campaign, x: expiry (unix seconds) }`.
 */
export type LinkToken = {
  site: string;
  leadId: string;
  campaign?: string;
  /** Expiry, seconds since the epoch. */
  expiresAt: number;
};

export type VerifyResult =
  | { ok: true; token: LinkToken }
  | { ok: false; reason: 'malformed' | 'signature' | 'expired' };

const encoder = new TextEncoder();

async function hmacKey(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
    'verify',
  ]);
}

export async function signLinkToken(token: LinkToken, secret: string): Promise<string> {
  const payload = toBase64Url(
    encoder.encode(
      JSON.stringify({
        v: 1,
        s: token.site,
        l: token.leadId,
        ...(token.campaign ? { c: token.campaign } : {}),
        x: token.expiresAt,
      }),
    ),
  );
  const sig = await crypto.subtle.sign('HMAC', await hmacKey(secret), encoder.encode(payload));
  return `${payload}.${toBase64Url(new Uint8Array(sig))}`;
}

/** Verifies signature (constant time, by Web Crypto) and expiry at `nowMs`. */
export async function verifyLinkToken(raw: string, secret: string, nowMs: number): Promise<VerifyResult> {
  if (raw.length > 512) return { ok: false, reason: 'malformed' };
  const [payload, sig, extra] = raw.split('.');
  if (!payload || !sig || extra !== undefined) return { ok: false, reason: 'malformed' };
  const sigBytes = fromBase64Url(sig);
  const payloadBytes = fromBase64Url(payload);
  if (!sigBytes || !payloadBytes) return { ok: false, reason: 'malformed' };
  const valid = await crypto.subtle.verify('HMAC', await hmacKey(secret), sigBytes, encoder.encode(payload));
  if (!valid) return { ok: false, reason: 'signature' };
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder().decode(payloadBytes));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const b = body as Record<string, unknown>;
  if (
    b.v !== 1 ||
    typeof b.s !== 'string' ||
    typeof b.l !== 'string' ||
    !/^[0-9a-f]{64}$/.test(b.l) ||
    typeof b.x !== 'number' ||
    (b.c !== undefined && typeof b.c !== 'string')
  ) {
    return { ok: false, reason: 'malformed' };
  }
  if (b.x * 1000 <= nowMs) return { ok: false, reason: 'expired' };
  return {
    ok: true,
    token: { site: b.s, leadId: b.l, ...(typeof b.c === 'string' ? { campaign: b.c } : {}), expiresAt: b.x },
  };
}
