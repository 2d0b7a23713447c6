import { beforeEach, describe, expect, it, vi } from 'vitest';
import { pagehide, useCollector } from '../test/harness';
import { stop, track } from './api';

const c = useCollector();
const push = History.prototype.pushState;
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});

/** The paths and queries of the page views, once everything queued has been sent. */
const views = async () => {
  track('end');
  pagehide();
  await c.countOf('ev', 1);
  return c.named('pv').map((e) => new URL(e.u).pathname + new URL(e.u).search);
};

describe('single-page navigation', () => {
  it('counts pushState and replaceState to a new path or query once, after the route settled', async () => {
    c.start();
    history.pushState({}, '', '/pricing');
    history.replaceState({}, '', '/pricing');
    vi.advanceTimersByTime(100);
    history.replaceState({}, '', '/pricing?plan=pro');
    vi.advanceTimersByTime(100);
    history.pushState({}, '', '/pricing?plan=pro#faq');
    vi.advanceTimersByTime(100);
    expect(await views()).toEqual(['/', '/pricing', '/pricing?plan=pro']);
  });

  it('makes one view of a redirect chain, with its final URL and title, after the previous engagement', async () => {
    c.start();
    history.pushState({}, '', '/old');
    history.replaceState({}, '', '/new');
    document.title = 'New';
    vi.advanceTimersByTime(100);
    expect(await views()).toEqual(['/', '/new']);
    expect(c.named('pv')[1]?.ti).toBe('New');
    expect(c.events().map((e) => e.n)).toEqual(['pv', 'en', 'pv', 'ev', 'en']);
  });

  it('counts back and forward (popstate); history methods return what the originals return', async () => {
    c.start();
    expect(history.pushState({}, '', '/a')).toBeUndefined();
    vi.advanceTimersByTime(100);
    push.call(history, {}, '', '/');
    window.dispatchEvent(new PopStateEvent('popstate'));
    vi.advanceTimersByTime(100);
    expect(await views()).toEqual(['/', '/a', '/']);
  });

  it('tracks no route with spa: false', async () => {
    c.start({ spa: false });
    history.pushState({}, '', '/a');
    vi.advanceTimersByTime(100);
    expect(await views()).toEqual(['/']);
  });

  it('leaves history as it found it on stop(), and the page keeps working', async () => {
    c.start();
    expect(Object.hasOwn(history, 'pushState')).toBe(true);
    stop();
    expect(Object.hasOwn(history, 'pushState')).toBe(false);
    expect(Object.hasOwn(history, 'replaceState')).toBe(false);
    history.pushState({}, '', '/after');
    vi.advanceTimersByTime(100);
    expect(location.pathname).toBe('/after');
    // A new tracker sends what is left (the first view, perhaps twice: the collector dedupes on `i`).
    c.start({ auto: false });
    const seen = await views();
    expect(seen).toContain('/');
    expect(seen).not.toContain('/after');
  });

  it('after stop(), a wrapper another script added on top of ours keeps working and ours stays inert', async () => {
    c.start();
    const ours = history.pushState;
    const calls: string[] = [];
    history.pushState = function (this: History, ...a: Parameters<History['pushState']>) {
      calls.push(String(a[2]));
      return ours.apply(this, a);
    };
    stop();
    // Theirs stays in place, and ours in their chain.
    expect(Object.hasOwn(history, 'pushState')).toBe(true);
    history.pushState({}, '', '/after');
    vi.advanceTimersByTime(2000);
    expect(calls).toEqual(['/after']);
    expect(location.pathname).toBe('/after');
    delete (history as unknown as Record<string, unknown>).pushState;
    // Whatever the stopped tracker queued, the next tracker would send: no view of /after.
    c.start({ auto: false });
    expect(await views()).not.toContain('/after');
  });
});
