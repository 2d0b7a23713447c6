import { describe, expect, it } from 'vitest';
import { authenticate, DEV_TOKEN } from '../src/auth/tokens';

async function sha256hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

describe('API tokens', () => {
  it('accepts the development token only in development and test', async () => {
    expect((await authenticate({ LB_ENV: 'development' }, DEV_TOKEN, 'admin')).ok).toBe(true);
    expect((await authenticate({ LB_ENV: 'test' }, DEV_TOKEN, 'admin')).ok).toBe(true);
    const prod = await authenticate({ LB_ENV: 'production' }, DEV_TOKEN, 'read');
    expect(prod).toEqual({
      ok: false,
      status: 401,
      message: expect.stringMatching(/no API tokens are configured/),
    });
  });

  it('refuses the development token once real tokens are configured', async () => {
    const env = { LB_ENV: 'development', LB_API_TOKENS: `sales:read:${await sha256hex('s3cret-sales')}` };
    expect((await authenticate(env, DEV_TOKEN, 'read')).ok).toBe(false);
  });

  it('checks hashed tokens and their scope', async () => {
    const env = {
      LB_ENV: 'production',
      LB_API_TOKENS: `sales:read:${await sha256hex('tok-read')}, ops:admin:${await sha256hex('tok-admin')}`,
    };
    expect(await authenticate(env, 'tok-read', 'read')).toEqual({
      ok: true,
      principal: { kind: 'token', name: 'sales', scope: 'read' },
    });
    expect(await authenticate(env, 'tok-read', 'write')).toMatchObject({ ok: false, status: 403 });
    expect(await authenticate(env, 'tok-admin', 'write')).toMatchObject({
      ok: true,
      principal: { scope: 'admin' },
    });
    expect(await authenticate(env, 'tok-other', 'read')).toMatchObject({ ok: false, status: 401 });
    expect(await authenticate(env, undefined, 'read')).toMatchObject({ ok: false, status: 401 });
  });

  it('ignores malformed entries instead of trusting them', async () => {
    const env = { LB_ENV: 'production', LB_API_TOKENS: 'broken, x:root:abc, y:read:nothex' };
    expect(await authenticate(env, 'broken', 'read')).toMatchObject({ ok: false, status: 401 });
  });
});
