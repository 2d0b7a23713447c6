import { afterEach, describe, expect, it } from 'vitest';
import { fakeCtx } from '../../test/fake-ctx';
import { initScroll } from './scroll';

let stop = () => {};
const layout = (height: number, view: number, y: number) => {
  Object.defineProperty(document.documentElement, 'scrollHeight', { configurable: true, value: height });
  Object.defineProperty(window, 'innerHeight', { configurable: true, value: view });
  Object.defineProperty(window, 'scrollY', { configurable: true, value: y });
};
afterEach(() => stop());

describe('scroll depth', () => {
  it('is the bottom of the viewport over the document height, and keeps the maximum', () => {
    layout(4000, 1000, 0);
    const f = fakeCtx();
    const teardown = initScroll(f.ctx);
    stop = () => {
      f.stop();
      teardown?.();
    };
    f.ctx._pv = 'pv1';
    expect(f.ctx._sd()).toBe(25);
    layout(4000, 1000, 1000);
    window.dispatchEvent(new Event('scroll'));
    layout(4000, 1000, 0);
    window.dispatchEvent(new Event('scroll'));
    expect(f.ctx._sd()).toBe(50);
  });

  it('is 100 for a page shorter than the viewport', () => {
    layout(600, 1000, 0);
    const f = fakeCtx();
    initScroll(f.ctx);
    stop = f.stop;
    expect(f.ctx._sd()).toBe(100);
  });

  it('re-reads the document height when it changes and starts again for a new page view', () => {
    layout(2000, 1000, 1000);
    const f = fakeCtx();
    initScroll(f.ctx);
    stop = f.stop;
    f.ctx._pv = 'pv1';
    expect(f.ctx._sd()).toBe(100);
    f.ctx._pv = 'pv2';
    layout(8000, 1000, 0);
    window.dispatchEvent(new Event('resize'));
    expect(f.ctx._sd()).toBe(13);
  });
});
