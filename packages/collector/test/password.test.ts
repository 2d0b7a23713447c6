// In workerd: the password module uses its WebCrypto (crypto.subtle.timingSafeEqual, the PBKDF2 cap).
import { describe, expect, it } from 'vitest';
import {
  DECOY_HASH,
  hashPassword,
  ITERATIONS,
  needsRehash,
  PASSWORD_MIN,
  passwordProblem,
  verifyPassword,
} from '../src/auth/password';

describe('passwords', () => {
  it('hash with PBKDF2-SHA256 at the full iteration count, salted, and verify', async () => {
    const a = await hashPassword('correct horse battery staple');
    const b = await hashPassword('correct horse battery staple');
    expect(a).toMatch(new RegExp(`^pbkdf2-sha256\\$${ITERATIONS}\\$[\\w-]{22}\\$[\\w-]{43}$`));
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery staple', a)).toBe(true);
    expect(await verifyPassword('correct horse battery stapl', a)).toBe(false);
    expect(needsRehash(a)).toBe(false);
  });

  it('count the iterations of every round: a chain of 100,000-iteration rounds is not one round', async () => {
    const one = await hashPassword('passphrase of twelve', 100_000);
    const [, , salt] = one.split('$');
    // The same salt with more rounds gives another hash: every round is part of the work.
    const longer = `pbkdf2-sha256$200000$${salt}$${one.split('$')[3]}`;
    expect(await verifyPassword('passphrase of twelve', one)).toBe(true);
    expect(await verifyPassword('passphrase of twelve', longer)).toBe(false);
    expect(needsRehash(one)).toBe(true);
  });

  it('match nothing with a malformed or too costly stored hash', async () => {
    for (const stored of [
      '',
      'plain',
      `pbkdf2-sha256$0$${'A'.repeat(22)}$${'A'.repeat(43)}`,
      `pbkdf2-sha256$9999999$${'A'.repeat(22)}$${'A'.repeat(43)}`,
    ]) {
      expect(await verifyPassword('anything at all', stored), stored).toBe(false);
    }
  });

  it('keep a decoy hash that is a real hash of the full cost, matching no password one would try', async () => {
    expect(needsRehash(DECOY_HASH)).toBe(false);
    expect(await verifyPassword('', DECOY_HASH)).toBe(false);
    expect(await verifyPassword('password', DECOY_HASH)).toBe(false);
  });

  it('ask only for length, and not the address itself', () => {
    expect(passwordProblem('short')).toBe(`use at least ${PASSWORD_MIN} characters`);
    expect(passwordProblem('x'.repeat(257))).toBe('use at most 256 characters');
    expect(passwordProblem('ada@example.com', 'Ada@Example.com')).toBe(
      'the password must not be the e-mail address',
    );
    expect(passwordProblem('all lower case words')).toBeNull();
  });
});
