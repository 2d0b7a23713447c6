import { describe, expect, it, vi } from 'vitest';
import { delivered, pagehide, sleep, useCollector } from '../test/harness';
import { identify, page, stop, track, vitals } from './api';

const c = useCollector();

describe('ESM API', () => {
  it('init returns the API; calls never throw, also with bad input; page() records a view now', async () => {
    const t = c.start();
    expect(Object.keys(t).sort()).toEqual(['consent', 'identify', 'page', 'stop', 'track', 'vitals']);
    expect(() => {
      track(undefined as never);
      track('   ');
      track({} as never);
      identify('not an address');
      identify(undefined as never);
      identify(`${'a'.repeat(250)}@acme.test`);
      vitals(undefined as never);
      track('x', null as never);
    }).not.toThrow();
    page();
    pagehide();
    // The first view's engagement goes before the second view.
    const events = await c.count(5);
    expect(events.map((e) => e.n)).toEqual(['pv', 'ev', 'en', 'pv', 'en']);
    expect(events[1]?.nm).toBe('x');
  });

  it('reports vitals for the current page view, with the three known fields only', async () => {
    c.start();
    vitals({ lcp: 1200, inp: 80, cls: 0.02, ttfb: 5 } as never);
    pagehide();
    await c.count(3);
    const [pv, vt] = c.events();
    expect(vt).toEqual({ i: vt?.i, n: 'vt', ts: vt?.ts, u: pv?.u, p: pv?.i, lcp: 1200, inp: 80, cls: 0.02 });
  });

  it('stop() sends what is pending and removes every listener; init again stops the previous tracker', async () => {
    c.start({ auto: false });
    track('pending');
    stop();
    await c.count(1);
    // The next tracker starts from the persisted queue: until the answer is back, that still holds
    // the pending event, which it would send again.
    await delivered();
    document.body.innerHTML = '<button data-lb-event="after-stop">x</button>';
    (document.querySelector('button') as HTMLElement).click();
    // Two inits: only the second tracker's listeners remain, so one click is one event.
    c.start({ auto: false });
    c.start({ auto: false });
    document.body.innerHTML = '<button data-lb-event="once">x</button>';
    (document.querySelector('button') as HTMLElement).click();
    pagehide();
    await c.count(2);
    await sleep(100);
    expect(c.events().map((e) => e.nm)).toEqual(['pending', 'once']);
  });

  it('warns when the ESM API is used before init, and does nothing', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    track('x');
    expect(warn).toHaveBeenCalledWith('leadbeacon: call init() first');
  });
});
