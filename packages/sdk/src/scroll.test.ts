import { describe, expect, it } from 'vitest';
import { layout, pagehide, useCollector } from '../test/harness';
import { page } from './api';

const c = useCollector();
const scroll = (y: number) => {
  Object.defineProperty(window, 'scrollY', { configurable: true, value: y });
  window.dispatchEvent(new Event('scroll'));
};

describe('scroll depth', () => {
  it('is the bottom of the viewport over the document height, and keeps the maximum', async () => {
    layout(4000, 1000, 0);
    c.start();
    pagehide();
    await c.until(() => c.named('en').length === 1);
    scroll(1000);
    scroll(0);
    // The depth grew, so it is sent even with less than a second engaged.
    pagehide();
    await c.until(() => c.named('en').length === 2);
    expect(c.named('en').map((e) => e.sd)).toEqual([25, 50]);
  });

  it('is 100 for a page shorter than the viewport', async () => {
    layout(600, 1000, 0);
    c.start();
    pagehide();
    const [, en] = await c.until((e) => e.length === 2);
    expect(en).toMatchObject({ n: 'en', sd: 100 });
  });

  it('re-reads the document height when it changes and starts again for a new page view', async () => {
    layout(2000, 1000, 1000);
    c.start({ spa: false });
    scroll(1000);
    history.replaceState(null, '', '/longer');
    layout(8000, 1000, 0);
    window.dispatchEvent(new Event('resize'));
    page();
    pagehide();
    await c.until(() => c.named('en').length === 2);
    expect(c.named('en').map((e) => e.sd)).toEqual([100, 13]);
  });
});
