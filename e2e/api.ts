import { expect, inject } from 'vitest';

/** The development token: the e2e collector runs as `npm start` runs it. */
export const TOKEN = 'lb_dev_admin_token';

/** GET on the collector's API with the development token; any status but 200 fails the test. */
export async function apiGet<T>(path: string): Promise<T> {
  const res = await fetch(`${inject('collectorUrl')}${path}`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

/** Polls until `check` returns a value: beacons and queued jobs are asynchronous by design. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * The value of a dashboard session cookie, from a login through the form as a browser sends it
 * (the cookie holds a session id, never the token).
 */
export async function dashboardSession(token = TOKEN): Promise<string> {
  const collectorUrl = inject('collectorUrl');
  const res = await fetch(`${collectorUrl}/dashboard/login`, {
    method: 'POST',
    headers: { origin: collectorUrl },
    body: new URLSearchParams({ token }),
    redirect: 'manual',
  });
  expect(res.status).toBe(303);
  const value = /^lb_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
  if (!value) throw new Error('the login set no session cookie');
  return value;
}
