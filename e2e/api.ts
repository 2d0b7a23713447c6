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

/** A desktop Chrome's user agent: the collector's bot filter takes it for a visitor's browser. */
export const BROWSER_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';

let made = 0;

/** An id no other test of this run uses (e-mail addresses, visitors, events): `prefix-<time>-<n>`. */
export function uniqueId(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${(made++).toString(36)}`;
}

export type BeaconOptions = {
  /** The site the script tag names (`data-site`). Default `acme`, the example site's. */
  site?: string;
  /** The origin of the page that sends it. Default the example site's. */
  origin?: string;
  /** The browser session id the SDK keeps per tab (`x`). Default none. */
  session?: string;
  /** How long before now the first event happened; each next one a second later. Default 30 s. */
  since?: number;
};

/**
 * Sends one batch to `POST /e` as the SDK on the example site would (a text/plain body, the page's
 * origin, a browser's user agent); any answer but 204 fails the test. Each event gets a fresh id
 * and its time unless it carries its own (`i`, `ts`).
 */
export async function sendBeacon(
  visitor: string,
  events: Record<string, unknown>[],
  opts: BeaconOptions = {},
): Promise<void> {
  const now = Date.now();
  const first = now - (opts.since ?? 30_000);
  const res = await fetch(`${inject('collectorUrl')}/e`, {
    method: 'POST',
    headers: {
      'content-type': 'text/plain;charset=UTF-8',
      origin: opts.origin ?? inject('siteUrl'),
      'user-agent': BROWSER_UA,
    },
    body: JSON.stringify({
      s: opts.site ?? 'acme',
      v: visitor,
      ...(opts.session ? { x: opts.session } : {}),
      t: now,
      e: events.map((e, i) => ({ i: uniqueId('ev'), ts: first + i * 1000, ...e })),
    }),
  });
  expect(res.status).toBe(204);
}
