import { beforeEach, describe, expect, it, vi } from 'vitest';
import { layout, pagehide, setHidden, useCollector } from '../test/harness';
import { page } from './api';

const c = useCollector();
let focused = true;

beforeEach(() => {
  // The clock is fake; timers stay real, so batches and requests run as usual.
  vi.useFakeTimers({ toFake: ['Date'] });
  focused = true;
  vi.spyOn(document, 'hasFocus').mockImplementation(() => focused);
  layout(4000, 1000, 0);
});

const wait = (ms: number) => vi.advanceTimersByTime(ms);
const input = (type = 'pointermove') => window.dispatchEvent(new Event(type));
/** Hides the page and waits for the engagement events. */
const hide = async (count: number) => {
  setHidden(true);
  await c.countOf('en', count);
  return c.named('en');
};
const show = () => setHidden(false);

describe('engaged time', () => {
  it('counts a reader who sits still for less than the idle limit, and sends it by beacon when the page is hidden', async () => {
    const beacon = vi.spyOn(navigator, 'sendBeacon');
    c.start();
    wait(20_000);
    const [en] = await hide(1);
    expect(beacon).toHaveBeenCalledTimes(1);
    expect(beacon.mock.calls[0]?.[0]).toMatch(/\/e$/);
    const pv = c.named('pv')[0];
    expect(en).toMatchObject({ n: 'en', p: pv?.i, ms: 20_000, sd: 25, q: 0, u: 'http://localhost:3000/' });
    // The page view waited for its batch; the engagement left with it, by beacon.
    expect(c.batches()).toHaveLength(1);
  });

  it('stops the clock at the idle limit (default 30 s) and restarts it on input', async () => {
    c.start();
    wait(100_000);
    input('keydown');
    wait(5_000);
    expect((await hide(1))[0]?.ms).toBe(35_000);
  });

  it('takes the idle limit from the options, in seconds', async () => {
    c.start({ idle: 10 });
    wait(60_000);
    expect((await hide(1))[0]?.ms).toBe(10_000);
  });

  it('adds nothing while the window is not focused', async () => {
    c.start();
    wait(4_000);
    focused = false;
    window.dispatchEvent(new Event('blur'));
    wait(50_000);
    focused = true;
    window.dispatchEvent(new Event('focus'));
    wait(3_000);
    expect((await hide(1))[0]?.ms).toBe(7_000);
  });

  it('adds nothing while the tab is hidden, and sends deltas with a sequence number', async () => {
    c.start();
    wait(5_000);
    await hide(1);
    wait(60_000);
    show();
    wait(2_000);
    layout(4000, 1000, 2600);
    const en = await hide(2);
    expect(en.map((e) => [e.ms, e.sd, e.q])).toEqual([
      [5_000, 25, 0],
      [2_000, 90, 1],
    ]);
  });

  it('carries less than a second to the next send when the depth did not grow; pagehide sends too', async () => {
    c.start();
    wait(2_000);
    await hide(1);
    show();
    wait(600);
    setHidden(true);
    show();
    wait(600);
    pagehide();
    await c.countOf('en', 2);
    expect(c.named('en').map((e) => e.ms)).toEqual([2_000, 1_200]);
  });

  it('flushes and restarts before the next page view', async () => {
    c.start({ spa: false });
    wait(3_000);
    history.replaceState(null, '', '/next');
    page();
    wait(4_000);
    const en = await hide(2);
    const pv = c.named('pv');
    expect(en.map((e) => [e.p, e.u, e.ms, e.q])).toEqual([
      [pv[0]?.i, 'http://localhost:3000/', 3_000, 0],
      [pv[1]?.i, 'http://localhost:3000/next', 4_000, 0],
    ]);
    // Before the next view, not after it.
    expect(c.events().map((e) => e.n)).toEqual(['pv', 'en', 'pv', 'en']);
  });
});
