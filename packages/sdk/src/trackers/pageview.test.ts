import { afterEach, describe, expect, it } from 'vitest';
import { fakeCtx } from '../../test/fake-ctx';
import { initPageview } from './pageview';

let stop = () => {};
const setHidden = (hidden: boolean) => {
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
  Object.defineProperty(document, 'visibilityState', {
    configurable: true,
    get: () => (hidden ? 'hidden' : 'visible'),
  });
};

afterEach(() => {
  stop();
  setHidden(false);
  document.head.innerHTML = '';
  history.replaceState(null, '', '/');
});

describe('page views', () => {
  it('sends one page view with the title and lb:topic topics, trimmed and deduplicated', () => {
    document.head.innerHTML =
      '<title>Plans</title><meta name="lb:topic" content="pricing, Security ,pricing"><meta property="article:section" content="Blog">';
    const f = fakeCtx();
    stop = f.stop;
    initPageview(f.ctx);
    expect(f.events).toHaveLength(1);
    expect(f.events[0]).toMatchObject({ n: 'pv', ti: 'Plans', tp: ['pricing', 'Security'] });
    expect(f.ctx._pv).toBe(f.events[0]?.i);
  });

  it('falls back to article:section and JSON-LD articleSection at any depth', () => {
    document.head.innerHTML =
      '<meta property="article:section" content="Guides">' +
      '<script type="application/ld+json">{"@graph":[{"@type":"Article","articleSection":["Security","Guides"]}]}</script>' +
      '<script type="application/ld+json">{ broken</script>';
    const f = fakeCtx();
    stop = f.stop;
    initPageview(f.ctx);
    expect(f.events[0]?.tp).toEqual(['Guides', 'Security']);
  });

  it('sends no topics when the page has none, and at most 10 of at most 64 characters', () => {
    const f = fakeCtx();
    stop = f.stop;
    initPageview(f.ctx);
    expect(f.events[0]?.tp).toEqual([]);
    document.head.innerHTML = `<meta name="lb:topic" content="${[...Array(12)].map((_, i) => `t${i}${'x'.repeat(70)}`).join(',')}">`;
    f.ctx._page(1);
    const tp = f.events[1]?.tp as string[];
    expect(tp).toHaveLength(10);
    expect(tp.every((t) => t.length === 64)).toBe(true);
  });

  it('counts the same URL once, unless forced (page(), bfcache restore)', () => {
    const f = fakeCtx();
    stop = f.stop;
    let left = 0;
    f.ctx._leave = () => {
      left++;
    };
    initPageview(f.ctx);
    f.ctx._page();
    expect(f.events).toHaveLength(1);
    history.replaceState(null, '', '/pricing?plan=pro');
    f.ctx._page();
    expect(f.events).toHaveLength(2);
    // The engagement of the previous view is flushed before each new view.
    expect(left).toBe(2);
    // The next view of a single-page app is referred by the previous one.
    expect(f.events[1]?.r).toBe('http://localhost:3000/');
    const restore = new Event('pageshow');
    Object.defineProperty(restore, 'persisted', { value: true });
    window.dispatchEvent(restore);
    expect(f.events).toHaveLength(3);
    expect(f.events[2]?.u).toBe('http://localhost:3000/pricing?plan=pro');
  });

  it('waits until a hidden (background or prerendering) page becomes visible', () => {
    setHidden(true);
    const f = fakeCtx();
    stop = f.stop;
    initPageview(f.ctx);
    expect(f.events).toHaveLength(0);
    setHidden(false);
    document.dispatchEvent(new Event('visibilitychange'));
    document.dispatchEvent(new Event('visibilitychange'));
    expect(f.events.map((e) => e.n)).toEqual(['pv']);
  });

  it('sends nothing on its own with auto: false', () => {
    const f = fakeCtx({ auto: false });
    stop = f.stop;
    initPageview(f.ctx);
    expect(f.events).toHaveLength(0);
    f.ctx._page(1);
    expect(f.events).toHaveLength(1);
  });
});
