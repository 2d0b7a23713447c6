import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { app } from '../src/app';
import { PER_ADDRESS } from '../src/auth/login-throttle';
import { post } from './dashboard-helpers';
import { sha256Hex } from './helpers';

/** Bindings as in production: real hashed tokens, no development token. */
let scoped: Env;
const ADMIN = 'lb_admin_7Rt2Lx9QwE4mNb6VcZ1pKd8';
const READ = 'lb_read_3Jh8Fs1Ty6Uw2Gq9Xa5Ce7Vb';

beforeAll(async () => {
  scoped = {
    ...env,
    LB_ENV: 'production',
    LB_API_TOKENS: `ops:admin:${await sha256Hex(ADMIN)},sales:read:${await sha256Hex(READ)}`,
  };
});

/** `GET /api/leads` from `ip`, with `token` (none: no Authorization header). */
async function leadsFrom(ip: string, token: string | null, bindings: Env = scoped): Promise<Response> {
  const headers = new Headers({ 'cf-connecting-ip': ip });
  if (token) headers.set('authorization', `Bearer ${token}`);
  return app.fetch(new Request('http://collector.test/api/leads', { headers }), bindings);
}

async function failFrom(ip: string, times: number, bindings: Env = scoped): Promise<void> {
  for (let i = 0; i < times; i++) {
    const res = await leadsFrom(ip, `lb_guess_${i}_${crypto.randomUUID()}`, bindings);
    expect(res.status, `guess ${i + 1}`).toBe(401);
  }
}

describe('failed API authentications', () => {
  it(`are refused with 429 after ${PER_ADDRESS.failures} from one address, even with the right token`, async () => {
    const ip = '198.51.100.21';
    expect((await leadsFrom(ip, ADMIN)).status).toBe(200);
    await failFrom(ip, PER_ADDRESS.failures);
    const blocked = await leadsFrom(ip, ADMIN);
    expect(blocked.status).toBe(429);
    const wait = Number(blocked.headers.get('retry-after'));
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(15 * 60);
    expect(((await blocked.json()) as { error: string }).error).toMatch(
      /^too many failed authentications from this address; try again in \d+ minutes?$/,
    );
    // A wrong token in the locked window is not even checked: the same 429, nothing to learn.
    expect((await leadsFrom(ip, 'lb_another_guess')).status).toBe(429);
    // A client at another address is not affected.
    expect((await leadsFrom('198.51.100.22', ADMIN)).status).toBe(200);
    expect((await leadsFrom('198.51.100.22', READ)).status).toBe(200);
  });

  it('count wrong tokens only: a missing token or a token lacking the scope is no guess', async () => {
    const ip = '198.51.100.31';
    for (let i = 0; i < PER_ADDRESS.failures + 2; i++) {
      expect((await leadsFrom(ip, null)).status).toBe(401);
      const forbidden = await app.fetch(
        new Request('http://collector.test/api/users', {
          headers: { 'cf-connecting-ip': ip, authorization: `Bearer ${READ}` },
        }),
        scoped,
      );
      expect(forbidden.status).toBe(403);
    }
    expect((await leadsFrom(ip, READ)).status).toBe(200);
  });

  it('share the address count with failed dashboard sign-ins (both guess the same tokens)', async () => {
    const ip = '198.51.100.41';
    const half = Math.floor(PER_ADDRESS.failures / 2);
    await failFrom(ip, half);
    for (let i = half; i < PER_ADDRESS.failures; i++) {
      const res = await post(
        '/dashboard/login',
        { token: `lb_form_guess_${i}_${crypto.randomUUID()}` },
        { token: null, env: scoped, headers: { 'cf-connecting-ip': ip } },
      );
      expect(res.status).toBe(401);
    }
    expect((await leadsFrom(ip, ADMIN)).status).toBe(429);
    const form = await post(
      '/dashboard/login',
      { token: ADMIN },
      { token: null, env: scoped, headers: { 'cf-connecting-ip': ip } },
    );
    expect(form.status).toBe(429);
  });

  it('stay throttled with LB_RATE_LIMITS=off (a load-benchmark switch, not a security one)', async () => {
    const off = { ...scoped, LB_RATE_LIMITS: 'off' };
    const ip = '198.51.100.51';
    await failFrom(ip, PER_ADDRESS.failures, off);
    expect((await leadsFrom(ip, ADMIN, off)).status).toBe(429);
  });

  it('store no client address and no presented token', async () => {
    await leadsFrom('198.51.100.61', 'lb_secret_guess_do_not_store');
    const rows = JSON.stringify((await env.DB.prepare('SELECT * FROM login_failures').all()).results);
    expect(rows).not.toContain('198.51.100.61');
    expect(rows).not.toContain('lb_secret_guess');
  });
});
