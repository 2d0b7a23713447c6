import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { layout, pagehide, useCollector } from '../test/harness';
import { page } from './api';

const c = useCollector();

/**
 * happy-dom's IntersectionObserver never calls back. This stand-in keeps the tracker's observer so a
 * test can play the calls the browser makes while the page scrolls or grows; real scrolling is tested
 * in Chromium (test/browser/sdk.test.ts).
 */
type Entry = Pick<IntersectionObserverEntry, 'boundingClientRect' | 'intersectionRatio'>;
let observers: { callback: (e: Entry[]) => void; options: IntersectionObserverInit; targets: Element[] }[];
beforeEach(() => {
  observers = [];
  vi.stubGlobal(
    'IntersectionObserver',
    class {
      targets: Element[] = [];
      constructor(callback: (e: Entry[]) => void, options: IntersectionObserverInit) {
        observers.push({ callback, options, targets: this.targets });
      }
      observe(el: Element) {
        this.targets.push(el);
      }
      disconnect() {}
    },
  );
});
afterEach(() => {
  vi.unstubAllGlobals();
});
/**
 * The page is scrolled to `y` (or grew, when `y` is where it was): the browser calls the observer with
 * what it measured of the root element (laid out by `layout`) against the viewport extended upwards.
 */
const scroll = (y: number) => {
  Object.defineProperty(window, 'scrollY', { configurable: true, value: y });
  const height = document.documentElement.scrollHeight;
  const entry = {
    boundingClientRect: { top: -y, height } as DOMRectReadOnly,
    intersectionRatio: Math.min(1, (y + window.innerHeight) / height),
  };
  for (const o of observers) o.callback([entry]);
};

describe('scroll depth', () => {
  it('observes the root element at every percent of the document above the viewport bottom, with no scroll listener', () => {
    const add = vi.spyOn(window, 'addEventListener');
    const addDoc = vi.spyOn(document, 'addEventListener');
    c.start();
    expect(observers).toHaveLength(1);
    const [o] = observers;
    expect(o?.targets).toEqual([document.documentElement]);
    expect(o?.options.rootMargin).toBe('1e7px 0px 0px');
    expect(o?.options.threshold).toEqual(Array.from({ length: 101 }, (_, i) => i / 100));
    const types = [...add.mock.calls, ...addDoc.mock.calls].map(([t]) => t);
    expect(types).not.toContain('scroll');
    expect(types).not.toContain('scrollend');
    expect(types).not.toContain('wheel');
  });

  it('is the bottom of the viewport over the document height, and keeps the maximum', async () => {
    layout(4000, 1000, 0);
    c.start();
    pagehide();
    await c.countOf('en', 1);
    scroll(1000);
    scroll(0);
    // The depth grew, so it is sent even with less than a second engaged.
    pagehide();
    await c.countOf('en', 2);
    expect(c.named('en').map((e) => e.sd)).toEqual([25, 50]);
  });

  it('is 100 for a page shorter than the viewport', async () => {
    layout(600, 1000, 0);
    c.start();
    pagehide();
    const [, en] = await c.count(2);
    expect(en).toMatchObject({ n: 'en', sd: 100 });
  });

  it('does not sample a page that grows without being scrolled (content still loading)', async () => {
    layout(600, 1000, 0);
    c.start();
    // The browser calls back because the document grew, not because it was scrolled.
    scroll(0);
    layout(8000, 1000, 0);
    scroll(0);
    pagehide();
    await c.countOf('en', 1);
    expect(c.named('en')[0]?.sd).toBe(13);
  });

  it('reads the height when it samples, and starts again for a new page view', async () => {
    layout(2000, 1000, 0);
    c.start({ spa: false });
    scroll(1000);
    history.replaceState(null, '', '/longer');
    layout(8000, 1000, 0);
    page();
    pagehide();
    await c.countOf('en', 2);
    expect(c.named('en').map((e) => e.sd)).toEqual([100, 13]);
  });
});

describe('scrolling and engaged time', () => {
  it('counts scrolling as input: a reader who only scrolls is never idle', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.spyOn(document, 'hasFocus').mockReturnValue(true);
    layout(40000, 1000, 0);
    c.start({ idle: 10 });
    // Six scrolls 8 s apart: each adds its 8 s (< idle); without them the clock would stop at 10 s.
    for (let i = 1; i <= 6; i++) {
      vi.advanceTimersByTime(8_000);
      scroll(i * 500);
    }
    // A call without a scroll (the page grew) is no input: 20 s later only the idle limit counts.
    vi.advanceTimersByTime(20_000);
    scroll(3000);
    pagehide();
    await c.countOf('en', 1);
    expect(c.named('en')[0]?.ms).toBe(6 * 8_000 + 10_000);
  });
});
