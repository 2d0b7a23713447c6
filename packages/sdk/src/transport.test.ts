import { beforeEach, describe, expect, it, vi } from 'vitest';
import { pagehide, poll, sleep, useCollector } from '../test/harness';
import { identify, track } from './api';

const c = useCollector();
let online = true;
beforeEach(() => {
  online = true;
  Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => online });
});
/**
 * Waits until the tracker has the failed answer and armed its backoff (the one fake timer): seeing the
 * request arrive is not enough, and fake time moved before the timer exists would not count for it.
 */
const backoff = () =>
  poll(
    () => vi.getTimerCount() === 1,
    () => `the backoff timer (${vi.getTimerCount()} timers)`,
  );
const queued = () => JSON.parse(localStorage.getItem('lb_q') || '[]') as { n: string; i: string }[];

describe('batches', () => {
  it('sends the page view and what follows within a second as one preflight-free text/plain batch', async () => {
    c.start();
    track('pricing_calculator', { plan: 'pro', seats: 25, annual: true });
    // Every event is in the persisted queue until the collector has it.
    expect(queued().map((e) => e.n)).toEqual(['pv', 'ev']);
    await c.count(2);
    expect(c.batches()).toHaveLength(1);
    const b = c.batches()[0];
    expect(b).toMatchObject({ s: c.site(), type: 'text/plain;charset=UTF-8' });
    // No session id (`x`), no token and no consent flag here.
    for (const key of ['x', 'k', 'g']) expect(b).not.toHaveProperty(key);
    expect(b?.v).toMatch(/^[a-z0-9]{9,}$/);
    expect(Math.abs((b?.t as number) - Date.now())).toBeLessThan(5000);
    expect(b?.e[1]).toMatchObject({ nm: 'pricing_calculator', pr: { plan: 'pro', seats: 25, annual: true } });
    expect(new Set(b?.e.map((e) => e.i)).size).toBe(2);
    // The visitor id is kept for the next page; there is no session id.
    expect(localStorage.getItem('lb_v')).toBe(b?.v);
    expect(localStorage.getItem('lb_s')).toBeNull();
    await poll(
      () => localStorage.getItem('lb_q') === null,
      () => 'the queue to empty',
    );
  });

  it('sends props and traits as given; an event JSON cannot hold is dropped, the others still leave', async () => {
    c.start({ auto: false });
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    const props: Record<string, unknown> = { plan: 'pro', nested: { deep: [1] } };
    track('given', props as never);
    // Later changes by the page change nothing in the queued event.
    props.plan = 'changed';
    track('big', { n: 1n } as never);
    track('cycle', cyclic as never);
    expect(() => identify('jo@acme.test', { title: 'CTO', at: 1n } as never)).not.toThrow();
    track('last', 'not an object' as never);
    pagehide();
    const events = await c.count(2);
    expect(events.map((e) => [e.nm, e.pr])).toEqual([
      ['given', { plan: 'pro', nested: { deep: [1] } }],
      ['last', 'not an object'],
    ]);
  });

  it('keeps at most 50 events and ~10,000 characters in one body', async () => {
    c.start({ auto: false });
    for (let i = 0; i < 60; i++) track(`e${i}`);
    const big = Object.fromEntries([...Array(20)].map((_, i) => [`k${i}`, 'x'.repeat(256)]));
    for (let i = 0; i < 3; i++) track(`big${i}`, big);
    await c.count(63);
    const sizes = c.batches().map((b) => b.e.length);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(50);
    for (const b of c.batches()) if (b.e.length > 1) expect(JSON.stringify(b.e).length).toBeLessThan(1e4);
    expect(c.events().map((e) => e.nm)).toEqual([
      ...[...Array(60)].map((_, i) => `e${i}`),
      'big0',
      'big1',
      'big2',
    ]);
  });
});

describe('retry queue', () => {
  it('keeps events while the collector fails (5xx, 429), retries after 3 s, then 6 s, and delivers each once', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    c.server().status = 503;
    c.start({ auto: false });
    // An identify leaves at once.
    identify('jo@acme.test');
    await c.until(() => c.batches().length === 1);
    await backoff();
    expect(queued().map((e) => e.n)).toEqual(['id']);
    c.server().status = 429;
    vi.advanceTimersByTime(2900);
    await sleep(100);
    expect(c.batches()).toHaveLength(1);
    vi.advanceTimersByTime(100);
    await c.until(() => c.batches().length === 2);
    await backoff();
    expect(queued()).toHaveLength(1);
    c.server().status = 204;
    vi.advanceTimersByTime(5900);
    await sleep(100);
    expect(c.batches()).toHaveLength(2);
    vi.advanceTimersByTime(100);
    await c.until(() => c.batches().length === 3);
    await poll(
      () => localStorage.getItem('lb_q') === null,
      () => 'the queue to empty',
    );
    expect(new Set(c.events().map((e) => e.i)).size).toBe(1);
  });

  it('sends by beacon when the page goes away, even while a failed send waits for its backoff', async () => {
    // A form that navigates: its fetch looks failed (navigation aborts it) and arms the backoff;
    // the events must still leave with the page instead of waiting for a timer that never fires.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    c.server().status = 503;
    c.start({ auto: false });
    identify('jo@acme.test');
    await c.until(() => c.batches().length === 1);
    await backoff();
    c.server().status = 204;
    track('after_failure');
    pagehide();
    const events = await c.until((e) => e.some((x) => x.nm === 'after_failure'));
    expect(events.filter((e) => e.n === 'id').length).toBeGreaterThanOrEqual(2);
  });

  it('retries at once, not after the backoff, when the browser comes back online', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    c.server().status = 503;
    c.start({ auto: false });
    identify('jo@acme.test');
    await c.until(() => c.batches().length === 1);
    await backoff();
    c.server().status = 204;
    window.dispatchEvent(new Event('online'));
    await c.until(() => c.batches().length === 2);
    await poll(
      () => localStorage.getItem('lb_q') === null,
      () => 'the queue to empty',
    );
  });

  it('drops a batch the collector refuses with another 4xx (no retry)', async () => {
    c.server().status = 400;
    c.start({ auto: false });
    identify('jo@acme.test');
    await c.until(() => c.batches().length === 1);
    await poll(
      () => localStorage.getItem('lb_q') === null,
      () => 'the refused batch to leave the queue',
    );
  });

  it('holds events while offline and sends them when the browser is back online; the queue survives the page', async () => {
    online = false;
    c.start();
    track('a');
    pagehide();
    await sleep(1200);
    expect(c.batches()).toHaveLength(0);
    // The "next page": a new tracker finds the persisted queue.
    const stored = queued().map((e) => e.n);
    expect(stored).toEqual(['pv', 'ev', 'en']);
    c.start({ auto: false });
    online = true;
    window.dispatchEvent(new Event('online'));
    const events = await c.count(3);
    expect(events.map((e) => e.n)).toEqual(stored);
  });

  it('keeps at most 200 events; stored ones of any age leave (the collector drops those older than 7 days)', async () => {
    const at = Date.now();
    const old = { i: 'old0000001', n: 'ev', nm: 'old', ts: at - 8 * 864e5, u: 'http://localhost:3000/' };
    const fresh = { i: 'fresh00001', n: 'ev', nm: 'fresh', ts: at - 864e5, u: 'http://localhost:3000/' };
    localStorage.setItem('lb_q', JSON.stringify([old, fresh]));
    online = false;
    c.start({ auto: false });
    for (let i = 0; i < 210; i++) track(`e${i}`);
    await sleep(1100);
    const q = queued();
    expect(q).toHaveLength(200);
    expect(q[0]).toMatchObject({ nm: 'e10' });
    // A corrupt or foreign value starts an empty queue.
    localStorage.setItem('lb_q', '{not json');
    c.start({ auto: false });
    online = true;
    track('after');
    await c.count(1);
    expect(c.events()[0]?.nm).toBe('after');
    // A stored value that is JSON but not a list starts an empty queue too.
    localStorage.setItem('lb_q', '{"i":"x"}');
    c.start({ auto: false });
    track('again');
    await c.count(2);
    // An earlier page's queue leaves as it is, the old event too: the collector, which corrects the
    // client's clock, is the one that drops it (protocol 1.4).
    localStorage.setItem('lb_q', JSON.stringify([old, fresh]));
    c.start({ auto: false });
    identify('jo@acme.test');
    await c.until((e) => e.some((x) => x.n === 'id'));
    expect(c.events().map((e) => e.nm ?? e.n)).toEqual(['after', 'again', 'old', 'fresh', 'id']);
  });
});

describe('oversized events', () => {
  /** What one request may carry: the collector refuses bodies over 32 KB (`413`). */
  const MAX_BODY = 32 * 1024;
  const submit = (html: string) => {
    document.body.innerHTML = html;
    const cancel = (e: Event) => e.preventDefault();
    document.addEventListener('submit', cancel);
    document.querySelector('form')?.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    document.removeEventListener('submit', cancel);
  };

  it("cuts 200 KB prop and trait strings to the collector's 256 characters; the event and everything behind it leave", async () => {
    c.start({ auto: false });
    const huge = 'x'.repeat(200_000);
    track('huge', { note: huge, plan: 'pro', seats: 3, nested: { deep: huge } } as never);
    // Never in the persisted queue at its full size.
    expect(localStorage.getItem('lb_q')?.length).toBeLessThan(2000);
    identify('jo@acme.test', { bio: huge, title: 'CTO' });
    submit(
      '<form id="demo" data-lb-intent="demo_request" data-lb-identify>' +
        '<input type="email" value="ann@acme.test"><input autocomplete="organization" value="Acme">' +
        `<textarea data-lb-trait="message">${huge}</textarea></form>`,
    );
    track('next');
    const events = await c.until((e) => e.some((x) => x.nm === 'next') && e.some((x) => x.n === 'fm'));
    expect(events.find((e) => e.nm === 'huge')?.pr).toEqual({
      note: 'x'.repeat(256),
      plan: 'pro',
      seats: 3,
      // The collector drops nested values; cut, they cost no request.
      nested: { deep: 'x'.repeat(256) },
    });
    expect(events.find((e) => e.n === 'id')).toMatchObject({
      em: 'jo@acme.test',
      tr: { bio: 'x'.repeat(256), title: 'CTO' },
    });
    // A marked field longer than the limit is cut, not dropped: the address still arrives.
    expect(events.find((e) => e.n === 'fm')).toMatchObject({
      fi: 'demo',
      in: 'demo_request',
      em: 'ann@acme.test',
      tr: { organization: 'Acme', message: 'x'.repeat(256) },
    });
    for (const b of c.batches()) expect(JSON.stringify(b).length).toBeLessThan(MAX_BODY / 3);
  });

  it('drops, with one console warning naming it, an event still over 10,000 characters; nothing behind it waits', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    c.start({ auto: false });
    // 1,000 short entries (the collector keeps 20) and a 200 KB key: no cut makes them small.
    track('many', Object.fromEntries([...Array(1000)].map((_, i) => [`k${i}`, 'v'.repeat(200)])));
    track('key', { ['k'.repeat(200_000)]: 1 });
    identify('jo@acme.test', { title: 'CTO' }, { hash: 'f'.repeat(200_000) });
    // None of them entered the queue.
    expect(queued().map((e) => e.n)).toEqual([]);
    track('next', { plan: 'pro' });
    identify('jo@acme.test');
    const events = await c.count(2);
    expect(events.map((e) => e.nm ?? e.n)).toEqual(['next', 'id']);
    expect(warn.mock.calls).toEqual([
      ['leadbeacon: event too large, dropped:', 'many'],
      ['leadbeacon: event too large, dropped:', 'key'],
      ['leadbeacon: event too large, dropped:', 'id'],
    ]);
    for (const b of c.batches()) expect(JSON.stringify(b).length).toBeLessThan(MAX_BODY / 3);
  });

  it('leaves out an oversized event that an earlier version of the script stored at the head of the queue', async () => {
    const u = 'http://localhost:3000/';
    const big = { i: 'big0000001', n: 'ev', nm: 'big', ts: Date.now(), u, pr: { note: 'x'.repeat(200_000) } };
    const form = { i: 'form000001', n: 'fm', ts: Date.now(), u, fi: 'demo', em: 'jo@acme.test' };
    localStorage.setItem('lb_q', JSON.stringify([big, form]));
    c.start({ auto: false });
    track('next');
    const events = await c.count(2);
    expect(events.map((e) => e.nm ?? e.n)).toEqual(['fm', 'next']);
    for (const b of c.batches()) expect(JSON.stringify(b).length).toBeLessThan(MAX_BODY / 3);
  });
});
