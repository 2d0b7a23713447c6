import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startServer, type TestServer } from './server';

/** As long as the unit tests wait (test/harness.ts): a loaded machine answers late. */
const WAIT_MS = 15_000;

/** What the collector prepends to /lb.js when run with LB_ALLOW_AUTOMATION=true (routes/sdk.ts). */
const AUTOMATION_PRELUDE = '(s=>s&&(s.dataset.allowAutomation??="true"))(document.currentScript);\n';

const code = readFileSync(join(import.meta.dirname, '../dist/lb.js'), 'utf8');
type Global = { leadbeacon?: Record<string, unknown> & { q?: unknown[] } };
const w = window as unknown as Global;
const lb = () => w.leadbeacon as unknown as { track(n: string, p?: object): void };

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());
beforeEach(() => {
  localStorage.clear();
  server.received.length = 0;
  delete w.leadbeacon;
});

/**
 * Runs dist/lb.js as the browser would run `<script async src=… data-…>` (happy-dom does not run
 * scripts itself). happy-dom leaves empty `data-*` attributes out of `{...dataset}`, so boolean
 * attributes get the value "true" here; Chromium tests use the bare attributes.
 */
const load = (attrs: Record<string, string>, prelude = '') => {
  const s = document.createElement('script');
  s.src = `${server.url}/lb.js`;
  for (const [k, v] of Object.entries(attrs)) s.setAttribute(k, v);
  Object.defineProperty(document, 'currentScript', { configurable: true, get: () => s });
  new Function(prelude + code)();
  Object.defineProperty(document, 'currentScript', { configurable: true, get: () => null });
};

describe('dist/lb.js', () => {
  it('posts to the script origin, installs the global and replays the stub queue in order', async () => {
    // The stub snippet from the README, run before the script loads.
    new Function(
      "!function(w,l){l=w.leadbeacon=w.leadbeacon||{q:[]};'track identify consent page'.split(' ').forEach(function(m){l[m]=l[m]||function(){l.q.push([m,arguments])}})}(window)",
    )();
    lb().track('early', { plan: 'pro' });
    load({ 'data-site': 'acme', 'data-allow-automation': 'true' });
    expect(Object.keys(w.leadbeacon ?? {}).sort()).toEqual([
      'consent',
      'identify',
      'page',
      'track',
      'vitals',
    ]);
    lb().track('late');
    await vi.waitFor(() => expect(server.events()).toHaveLength(3), { timeout: WAIT_MS });
    expect(server.received[0]?.s).toBe('acme');
    expect(server.events().map((e) => [e.n, e.nm])).toEqual([
      ['pv', undefined],
      ['ev', 'early'],
      ['ev', 'late'],
    ]);
  });

  it('sends nothing in an automated browser without data-allow-automation, and never throws', async () => {
    load({ 'data-site': 'acme' });
    expect(() => lb().track('x')).not.toThrow();
    await new Promise((r) => setTimeout(r, 1300));
    expect(server.received).toHaveLength(0);
  });

  it('tracks an automated browser when the collector serves the script with its automation prelude', async () => {
    load({ 'data-site': 'acme' }, AUTOMATION_PRELUDE);
    await vi.waitFor(() => expect(server.events().map((e) => e.n)).toEqual(['pv']), { timeout: WAIT_MS });
  });

  it('lets the page\'s own data-allow-automation="false" win over the automation prelude', async () => {
    load({ 'data-site': 'acme', 'data-allow-automation': 'false' }, AUTOMATION_PRELUDE);
    await new Promise((r) => setTimeout(r, 1300));
    expect(server.received).toHaveLength(0);
  });

  it('reads options from data-* attributes: data-endpoint, data-require-consent', async () => {
    load({
      'data-site': 'acme',
      'data-allow-automation': 'true',
      'data-require-consent': 'true',
      'data-endpoint': `${server.url}/e`,
    });
    await vi.waitFor(() => expect(server.received).toHaveLength(1), { timeout: WAIT_MS });
    expect(server.received[0]?.v).toBeUndefined();
    expect(localStorage.length).toBe(0);
  });

  it('identifies a signed-in visitor from data-lb-user and data-lb-user-hash, with the page view', async () => {
    const h = 'b'.repeat(64);
    load({
      'data-site': 'acme',
      'data-allow-automation': 'true',
      'data-lb-user': ' Jo@Acme.test ',
      'data-lb-user-hash': h,
    });
    await vi.waitFor(() => expect(server.events()).toHaveLength(2), { timeout: WAIT_MS });
    expect(server.received).toHaveLength(1);
    expect(server.events().map((e) => [e.n, e.em, e.h])).toEqual([
      ['pv', undefined, undefined],
      ['id', ' Jo@Acme.test ', h],
    ]);
  });

  it('identifies the data-lb-user after the queued calls, so a queued consent(true) lets it through', async () => {
    new Function(
      "!function(w,l){l=w.leadbeacon=w.leadbeacon||{q:[]};'track identify consent page'.split(' ').forEach(function(m){l[m]=l[m]||function(){l.q.push([m,arguments])}})}(window)",
    )();
    (w.leadbeacon as unknown as { consent(g: boolean): void }).consent(true);
    load({
      'data-site': 'acme',
      'data-allow-automation': 'true',
      'data-require-consent': 'true',
      'data-lb-user': 'jo@acme.test',
    });
    await vi.waitFor(() => expect(server.events().map((e) => e.n)).toEqual(['pv', 'id']), {
      timeout: WAIT_MS,
    });
    expect(server.received[0]).toMatchObject({ g: 1, v: expect.any(String) });
    expect(server.events()[1]).toMatchObject({ em: 'jo@acme.test' });
    expect(server.events()[1]?.h).toBeUndefined();
  });

  it('cuts long prop strings and drops, without a word in the console, an event still too large', async () => {
    const warn = vi.spyOn(console, 'warn');
    load({ 'data-site': 'acme', 'data-allow-automation': 'true', 'data-auto': 'false' });
    lb().track('huge', { note: 'x'.repeat(200_000) });
    lb().track('many', Object.fromEntries([...Array(1000)].map((_, i) => [`k${i}`, 'v'.repeat(200)])));
    lb().track('next');
    await vi.waitFor(() => expect(server.events().map((e) => e.nm)).toEqual(['huge', 'next']), {
      timeout: WAIT_MS,
    });
    expect(server.events()[0]?.pr).toEqual({ note: 'x'.repeat(256) });
    // The warning is the ESM build's: in the script tag it would cost every visitor its bytes.
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });

  it('has no stop(): teardown is an ESM feature', () => {
    load({ 'data-site': 'acme', 'data-allow-automation': 'true', 'data-auto': 'false' });
    expect(w.leadbeacon?.stop).toBeUndefined();
  });
});
