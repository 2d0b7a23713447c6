import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeCtx } from '../../test/fake-ctx';
import { initPageview } from './pageview';
import { initSpa } from './spa';

let f: ReturnType<typeof fakeCtx>;
let unwrap: (() => void) | undefined;
const push = History.prototype.pushState;
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  history.replaceState(null, '', '/');
  f = fakeCtx();
  initPageview(f.ctx);
  unwrap = initSpa(f.ctx);
});
afterEach(() => {
  unwrap?.();
  f.stop();
  vi.useRealTimers();
});

const urls = () => f.events.map((e) => new URL(e.u as string).pathname + new URL(e.u as string).search);

describe('single-page navigation', () => {
  it('counts pushState and replaceState to a new URL once, after the route settled', () => {
    history.pushState({}, '', '/pricing');
    history.replaceState({}, '', '/pricing');
    vi.advanceTimersByTime(100);
    history.replaceState({}, '', '/pricing?plan=pro');
    vi.advanceTimersByTime(100);
    history.pushState({}, '', '/pricing?plan=pro#faq');
    vi.advanceTimersByTime(100);
    expect(urls()).toEqual(['/', '/pricing', '/pricing?plan=pro']);
  });

  it('makes one view of a redirect chain, with its final URL', () => {
    history.pushState({}, '', '/old');
    history.replaceState({}, '', '/new');
    vi.advanceTimersByTime(100);
    expect(urls()).toEqual(['/', '/new']);
  });

  it('counts back and forward (popstate)', () => {
    history.pushState({}, '', '/a');
    vi.advanceTimersByTime(100);
    push.call(history, {}, '', '/');
    window.dispatchEvent(new PopStateEvent('popstate'));
    vi.advanceTimersByTime(100);
    expect(urls()).toEqual(['/', '/a', '/']);
  });

  it('leaves history as it found it on teardown, and keeps the page working', () => {
    unwrap?.();
    unwrap = undefined;
    expect(Object.hasOwn(history, 'pushState')).toBe(false);
    history.pushState({}, '', '/after');
    vi.advanceTimersByTime(100);
    expect(urls()).toEqual(['/']);
  });
});
