import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startServer, type TestServer } from '../test/server';
import { consent, identify, page, stop, track } from './api';
import type { Options } from './config';
import { init } from './init';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

let gpc: boolean | undefined;
let online = true;
beforeEach(() => {
  localStorage.clear();
  server.received.length = 0;
  server.status = 204;
  gpc = undefined;
  online = true;
  Object.defineProperty(navigator, 'globalPrivacyControl', { configurable: true, get: () => gpc });
  Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => online });
  history.replaceState(null, '', '/');
});
afterEach(() => {
  stop();
  vi.useRealTimers();
});

/** happy-dom reports navigator.webdriver = true, like a real automated browser: tests opt in. */
const start = (o: Partial<Options> = {}) =>
  init({ site: 'acme', endpoint: `${server.url}/e`, allowAutomation: true, ...o } as Options);
const arrived = (n: number) => vi.waitFor(() => expect(server.events()).toHaveLength(n), { timeout: 5000 });

describe('init and transport', () => {
  it('sends the page view and what follows within a second as one preflight-free text/plain batch', async () => {
    start();
    track('pricing_calculator', {
      plan: 'pro',
      seats: 25,
      big: 1n as unknown as number,
      nested: {} as never,
    });
    await arrived(2);
    expect(server.received).toHaveLength(1);
    const b = server.received[0];
    expect(b).toMatchObject({ s: 'acme', type: 'text/plain;charset=UTF-8' });
    expect(b?.v).toMatch(/^[a-z0-9]{9,}$/);
    expect(b?.x).toMatch(/^[a-z0-9]{9,}$/);
    expect(Math.abs((b?.t as number) - Date.now())).toBeLessThan(5000);
    expect(b?.e.map((e) => e.n)).toEqual(['pv', 'ev']);
    expect(b?.e[1]).toMatchObject({ nm: 'pricing_calculator', pr: { plan: 'pro', seats: 25 } });
    expect(new Set(b?.e.map((e) => e.i)).size).toBe(2);
    // The visitor and session ids are kept for the next page.
    expect(localStorage.getItem('lb_v')).toBe(b?.v);
    expect(localStorage.getItem('lb_s')).toMatch(new RegExp(`^${b?.x}\\.\\d+$`));
    expect(localStorage.getItem('lb_q')).toBeNull();
  });

  it('keeps events queued while the collector fails (5xx), retries with backoff and delivers each once', async () => {
    server.status = 503;
    start();
    await arrived(1);
    expect(JSON.parse(localStorage.getItem('lb_q') as string)).toHaveLength(1);
    server.status = 204;
    // The first retry comes 3 s later.
    await vi.waitFor(() => expect(server.received).toHaveLength(2), { timeout: 6000 });
    expect(server.received[1]?.e[0]?.i).toBe(server.received[0]?.e[0]?.i);
    expect(localStorage.getItem('lb_q')).toBeNull();
  });

  it('drops a batch the collector refuses with a 4xx (no retry)', async () => {
    server.status = 400;
    start();
    await arrived(1);
    await vi.waitFor(() => expect(localStorage.getItem('lb_q')).toBeNull());
  });

  it('holds events while offline and sends them when the browser is back online; the queue survives the page', async () => {
    online = false;
    start();
    track('a');
    await new Promise((r) => setTimeout(r, 1300));
    expect(server.received).toHaveLength(0);
    // The "next page": a new tracker finds the persisted queue.
    stop();
    expect(JSON.parse(localStorage.getItem('lb_q') as string).map((e: { n: string }) => e.n)).toEqual([
      'pv',
      'ev',
    ]);
    start({ auto: false });
    online = true;
    window.dispatchEvent(new Event('online'));
    await arrived(2);
    expect(server.events().map((e) => e.n)).toEqual(['pv', 'ev']);
  });

  it('sends nothing identifying under Global Privacy Control: no ids, no token, no identify, nothing stored', async () => {
    gpc = true;
    history.replaceState(null, '', '/welcome?lb_t=signed.token&x=1');
    start();
    identify('jo@acme.test', { title: 'CTO' });
    track('x');
    await arrived(2);
    const b = server.received[0];
    expect(b?.v).toBeUndefined();
    expect(b?.x).toBeUndefined();
    expect(b?.k).toBeUndefined();
    expect(server.events().map((e) => e.n)).toEqual(['pv', 'ev']);
    for (const r of server.received) expect([r.v, r.x, r.k]).toEqual([undefined, undefined, undefined]);
    expect(JSON.stringify(server.received)).not.toContain('jo@acme.test');
    expect(localStorage.length).toBe(0);
    // The token still leaves the address bar.
    expect(location.href).toBe('http://localhost:3000/welcome?x=1');
  });

  it('takes the e-mail link token from the URL, hides it and sends it with the batch', async () => {
    history.replaceState(null, '', '/landing?utm=a&lb_t=tok.en_1');
    start();
    await arrived(1);
    expect(location.href).toBe('http://localhost:3000/landing?utm=a');
    expect(server.received[0]).toMatchObject({ k: 'tok.en_1' });
    expect(server.events()[0]?.u).toBe('http://localhost:3000/landing?utm=a');
  });

  it('in consent-required mode stores and sends no identifier before consent(true), then sends g', async () => {
    start({ requireConsent: true });
    await arrived(1);
    expect(server.received[0]?.v).toBeUndefined();
    expect(localStorage.length).toBe(0);
    consent(true);
    identify('jo@acme.test');
    await arrived(2);
    expect(server.received[1]).toMatchObject({
      g: 1,
      e: [expect.objectContaining({ n: 'id', em: 'jo@acme.test' })],
    });
    expect(server.received[1]?.v).toMatch(/./);
    expect(localStorage.getItem('lb_c')).toBe('1');
  });

  it('consent(false) is an opt-out that deletes the ids and sticks across pages', async () => {
    start();
    await arrived(1);
    consent(false);
    expect(localStorage.getItem('lb_v')).toBeNull();
    expect(localStorage.getItem('lb_c')).toBe('0');
    stop();
    start();
    await arrived(2);
    expect(server.received[1]?.v).toBeUndefined();
  });

  it('page() records a view now; calls never throw, also with bad input', async () => {
    start();
    page();
    expect(() => {
      track(undefined as never);
      identify('not an address');
      track('x', null as never);
    }).not.toThrow();
    // The first view's engagement is flushed before the second view.
    await arrived(4);
    expect(server.events().map((e) => e.n)).toEqual(['pv', 'en', 'pv', 'ev']);
  });
});

describe('when not to track', () => {
  it('tracks nothing in an automated browser unless allowAutomation, nor for lb_ignore, nor with a bad site', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    init({ site: 'acme', endpoint: `${server.url}/e` }).track('x');
    stop();
    localStorage.setItem('lb_ignore', '1');
    start().track('y');
    stop();
    localStorage.clear();
    start({ site: 'bad site!' }).track('z');
    expect(warn).toHaveBeenCalledWith('leadbeacon: bad site');
    await new Promise((r) => setTimeout(r, 1300));
    expect(server.received).toHaveLength(0);
  });

  it('warns when the ESM API is used before init', () => {
    stop();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    track('x');
    expect(warn).toHaveBeenCalledWith('leadbeacon: call init() first');
  });
});
