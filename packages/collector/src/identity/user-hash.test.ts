import { describe, expect, it } from 'vitest';
import { identityHash, verifyIdentityHash } from './user-hash';

const SECRET = 'a-site-identity-secret-of-32-chars!!';

describe('the identity hash contract', () => {
  it('is the hex HMAC-SHA256 of the trimmed, lower-cased address', async () => {
    // RFC 4231, test case 2: a message that normalisation leaves as it is.
    expect(await identityHash('Jefe', 'what do ya want for nothing?')).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
    // What the README's Node and Python snippets print for this address and secret.
    expect(await identityHash(SECRET, '  Jo.Buyer@Example.COM ')).toBe(
      '13861e292dcf9bc824d97cc990d265b6b97cc52da0b84bb76bb1561c4de27258',
    );
  });

  it('accepts the hash in either case for the same address and nothing else', async () => {
    const hash = await identityHash(SECRET, 'jo@example.com');
    expect(await verifyIdentityHash(SECRET, 'JO@example.com ', hash)).toBe(true);
    expect(await verifyIdentityHash(SECRET, 'jo@example.com', hash.toUpperCase())).toBe(true);
    expect(await verifyIdentityHash(SECRET, 'jo2@example.com', hash)).toBe(false);
    expect(await verifyIdentityHash(`${SECRET}x`, 'jo@example.com', hash)).toBe(false);
    expect(await verifyIdentityHash(SECRET, 'jo@example.com', hash.slice(0, 63))).toBe(false);
    expect(await verifyIdentityHash(SECRET, 'jo@example.com', `${hash.slice(0, 63)}g`)).toBe(false);
  });
});
