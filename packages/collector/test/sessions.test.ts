import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_PREFIX_CHARS, PER_ACCOUNT, PER_ADDRESS } from '../src/auth/login-throttle';
import { dash, login, post, texts } from './dashboard-helpers';
import { sha256Hex, TOKEN } from './helpers';

/** Bindings with real tokens (the development token then stops working). */
let scoped: Env;
const ADMIN = 'lb_admin_4Qx9Rk2VnT7pLm3sYc8wZd1fHj6';
const READ = 'lb_read_8Gh2Kd5Ns9Tq4Vw7Xz1Pc3Mb6';

beforeAll(async () => {
  scoped = {
    ...env,
    LB_API_TOKENS: `ops:admin:${await sha256Hex(ADMIN)},sales:read:${await sha256Hex(READ)}`,
  };
});

const sessionRows = async () =>
  (await env.DB.prepare('SELECT * FROM sessions').all<Record<string, unknown>>()).results;

const sha256 = (text: string) => sha256Hex(text);

function loginFrom(ip: string, token: string, bindings: Env = scoped) {
  return post(
    '/dashboard/login',
    { token },
    { token: null, env: bindings, headers: { 'cf-connecting-ip': ip } },
  );
}

describe('dashboard sessions', () => {
  it('keep the token out of the cookie and store only a hash of the session id', async () => {
    const cookie = await login(TOKEN);
    const id = cookie.slice('lb_session='.length);
    expect(id).not.toContain(TOKEN);
    const rows = await sessionRows();
    const idHash = await sha256(id);
    const mine = rows.find((r) => r.id_hash === idHash);
    expect(mine).toMatchObject({ subject_kind: 'token', subject: 'development' });
    const stored = JSON.stringify(rows);
    expect(stored).not.toContain(id);
    expect(stored).not.toContain(TOKEN);
    expect((await dash('/dashboard', { headers: { cookie } })).status).toBe(200);
  });

  it('revoke the session on logout: the same cookie replayed afterwards opens nothing', async () => {
    const cookie = await login(TOKEN);
    const id = cookie.slice('lb_session='.length);
    expect((await dash('/dashboard', { headers: { cookie } })).status).toBe(200);
    const out = await post('/dashboard/logout', {}, { headers: { cookie } });
    expect(out.status).toBe(303);
    expect(
      await env.DB.prepare('SELECT 1 FROM sessions WHERE id_hash = ?1')
        .bind(await sha256(id))
        .first(),
    ).toBeNull();
    const replay = await dash('/dashboard', { headers: { cookie } });
    expect(replay.status).toBe(303);
    expect(replay.headers.get('location')).toBe('/dashboard/login?next=%2Fdashboard');
  });

  it('never take a token in the cookie as a session (cookies from before sessions existed)', async () => {
    const res = await dash('/dashboard', { headers: { cookie: `lb_session=${TOKEN}` } });
    expect(res.status).toBe(303);
    expect(res.headers.get('set-cookie')).toMatch(/^lb_session=; Max-Age=0/);
  });

  it('expire after 12 hours', async () => {
    const cookie = await login(TOKEN);
    const id = cookie.slice('lb_session='.length);
    const row = await env.DB.prepare('SELECT created_at, expires_at FROM sessions WHERE id_hash = ?1')
      .bind(await sha256(id))
      .first<{ created_at: number; expires_at: number }>();
    expect((row?.expires_at ?? 0) - (row?.created_at ?? 0)).toBe(12 * 3600 * 1000);
    await env.DB.prepare('UPDATE sessions SET expires_at = ?2 WHERE id_hash = ?1')
      .bind(await sha256(id), Date.now() - 1)
      .run();
    expect((await dash('/dashboard', { headers: { cookie } })).status).toBe(303);
  });

  it('follow the token: its scope as configured now, and no session once it is removed', async () => {
    const cookie = await login(ADMIN, scoped);
    expect(
      await texts(await (await dash('/dashboard/model', { env: scoped, headers: { cookie } })).text(), 'h1'),
    ).toEqual(['Scoring model']);
    const page = await dash('/dashboard/model', { env: scoped, headers: { cookie } });
    expect(await page.text()).toMatch(/Edit the model/);
    // The same name, now with read scope: the admin form is gone at once.
    const downgraded = { ...scoped, LB_API_TOKENS: `ops:read:${await sha256Hex(ADMIN)}` };
    const read = await dash('/dashboard/model', { env: downgraded, headers: { cookie } });
    expect(read.status).toBe(200);
    expect(await read.text()).not.toMatch(/Edit the model/);
    // Removed (or replaced by another token of the same name): the session ends.
    const replaced = { ...scoped, LB_API_TOKENS: `ops:admin:${await sha256Hex('another-token-of-ops')}` };
    expect((await dash('/dashboard', { env: replaced, headers: { cookie } })).status).toBe(303);
  });
});

describe('failed logins', () => {
  it(`are throttled per client address after ${PER_ADDRESS.failures}, even for the right token`, async () => {
    const ip = '198.51.100.10';
    for (let i = 0; i < PER_ADDRESS.failures; i++) {
      // Different accounts each time, so only the address limit applies.
      const res = await loginFrom(ip, `wrong-${i}-${'x'.repeat(ACCOUNT_PREFIX_CHARS)}`);
      expect(res.status, `attempt ${i + 1}`).toBe(401);
    }
    const blocked = await loginFrom(ip, ADMIN);
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('set-cookie')).toBeNull();
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await texts(await blocked.text(), '[role="alert"] p')).toEqual([
      expect.stringMatching(/^Too many failed logins\. Try again in \d+ minutes?\.$/),
    ]);
    // Another address is not affected.
    expect((await loginFrom('198.51.100.11', ADMIN)).status).toBe(303);
  });

  it(`are throttled per account (the token's first characters) after ${PER_ACCOUNT.failures}, from any address`, async () => {
    const prefix = READ.slice(0, ACCOUNT_PREFIX_CHARS);
    for (let i = 0; i < PER_ACCOUNT.failures; i++) {
      expect((await loginFrom(`203.0.113.${i + 1}`, `${prefix}guess${i}`)).status).toBe(401);
    }
    expect((await loginFrom('203.0.113.99', READ)).status).toBe(429);
    // Other accounts log in as before.
    expect((await loginFrom('203.0.113.99', ADMIN)).status).toBe(303);
  });

  it('forgive an account its failures once it logs in', async () => {
    const prefix = ADMIN.slice(0, ACCOUNT_PREFIX_CHARS);
    for (let i = 0; i < PER_ACCOUNT.failures - 1; i++) {
      expect((await loginFrom(`192.0.2.${i + 1}`, `${prefix}typo${i}`)).status).toBe(401);
    }
    expect((await loginFrom('192.0.2.50', ADMIN)).status).toBe(303);
    for (let i = 0; i < PER_ACCOUNT.failures - 1; i++) {
      expect((await loginFrom(`192.0.2.${i + 60}`, `${prefix}typo${i}`)).status).toBe(401);
    }
    expect((await loginFrom('192.0.2.99', ADMIN)).status).toBe(303);
  });

  it('answer an unknown token and a wrong one alike', async () => {
    const answer = async (token: string, ip: string) => {
      const res = await loginFrom(ip, token);
      const headers = Object.fromEntries([...res.headers].filter(([k]) => k !== 'date'));
      return { status: res.status, headers, body: await res.text() };
    };
    // Wrong: a real token with its last character changed. Unknown: nothing like any token.
    const wrong = await answer(`${ADMIN.slice(0, -1)}X`, '192.0.2.200');
    const unknown = await answer('lb_zzzzzzzzzzzzzzzzzzzzzzzzzzzzzz', '192.0.2.201');
    expect(wrong.status).toBe(401);
    expect(unknown).toEqual(wrong);
  });

  it('store no client address', async () => {
    await loginFrom('198.51.100.77', 'nope-nope-nope-nope');
    const rows = JSON.stringify((await env.DB.prepare('SELECT * FROM login_failures').all()).results);
    expect(rows).not.toContain('198.51.100.77');
    expect(rows).not.toContain('nope-nope');
  });
});
