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
