import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeCtx } from '../../test/fake-ctx';
import { initEngagement } from './engagement';

let stop = () => {};
let focused = true;
let hidden = false;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  focused = true;
  hidden = false;
  vi.spyOn(document, 'hasFocus').mockImplementation(() => focused);
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
  Object.defineProperty(document, 'visibilityState', {
    configurable: true,
    get: () => (hidden ? 'hidden' : 'visible'),
  });
});
afterEach(() => {
  stop();
  vi.useRealTimers();
  vi.restoreAllMocks();
  hidden = false;
});

const start = (idle?: number) => {
  const f = fakeCtx({ idle });
  stop = f.stop;
  f.ctx._pv = 'pv1';
  f.ctx._u = 'http://localhost:3000/article';
  let depth = 40;
  f.ctx._sd = () => depth;
  initEngagement(f.ctx);
  return { ...f, setDepth: (d: number) => (depth = d) };
};
const wait = (ms: number) => vi.advanceTimersByTime(ms);
const input = (type = 'pointermove') => window.dispatchEvent(new Event(type));
const hide = () => {
  hidden = true;
  document.dispatchEvent(new Event('visibilitychange'));
};

describe('engaged time', () => {
  it('counts a reader who sits still for less than the idle limit, and sends it when the page is hidden', () => {
    const f = start();
    wait(20_000);
    hide();
    expect(f.events).toEqual([
      expect.objectContaining({
        n: 'en',
        p: 'pv1',
        ms: 20_000,
        sd: 40,
        q: 0,
        u: 'http://localhost:3000/article',
      }),
    ]);
  });

  it('stops the clock at the idle limit (default 30 s) and restarts it on input', () => {
    const f = start();
    wait(100_000);
    input('keydown');
    wait(5_000);
    hide();
    expect(f.events[0]?.ms).toBe(35_000);
  });

  it('takes the idle limit from the options, in seconds', () => {
    const f = start(10);
    wait(60_000);
    hide();
    expect(f.events[0]?.ms).toBe(10_000);
  });

  it('adds nothing while the window is not focused', () => {
    const f = start();
    wait(4_000);
    focused = false;
    window.dispatchEvent(new Event('blur'));
    wait(50_000);
    focused = true;
    window.dispatchEvent(new Event('focus'));
    wait(3_000);
    hide();
    expect(f.events[0]?.ms).toBe(7_000);
  });

  it('adds nothing while the tab is hidden, and sends deltas with a sequence number', () => {
    const f = start();
    wait(5_000);
    hide();
    wait(60_000);
    hidden = false;
    document.dispatchEvent(new Event('visibilitychange'));
    wait(2_000);
    f.setDepth(90);
    hide();
    expect(f.events.map((e) => [e.ms, e.sd, e.q])).toEqual([
      [5_000, 40, 0],
      [2_000, 90, 1],
    ]);
  });

  it('carries less than a second to the next send when the depth did not grow', () => {
    const f = start();
    wait(2_000);
    hide();
    hidden = false;
    document.dispatchEvent(new Event('visibilitychange'));
    wait(600);
    hide();
    expect(f.events).toHaveLength(1);
    hidden = false;
    document.dispatchEvent(new Event('visibilitychange'));
    wait(600);
    window.dispatchEvent(new Event('pagehide'));
    expect(f.events.map((e) => e.ms)).toEqual([2_000, 1_200]);
  });

  it('flushes and restarts before the next page view (_leave)', () => {
    const f = start();
    wait(3_000);
    f.ctx._leave();
    f.ctx._pv = 'pv2';
    wait(4_000);
    hide();
    expect(f.events.map((e) => [e.p, e.ms, e.q])).toEqual([
      ['pv1', 3_000, 0],
      ['pv2', 4_000, 0],
    ]);
  });
});
