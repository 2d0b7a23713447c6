import { describe, expect, it } from 'vitest';
import { pagehide, setHidden, useCollector } from '../test/harness';
import { page, track } from './api';

const c = useCollector();
const types = (events: { n: string }[]) => events.map((e) => e.n);

describe('page views', () => {
  it('sends one page view with the title and the lb:topic topics as written (the collector cleans them)', async () => {
    document.head.innerHTML =
      '<title>Plans</title><meta name="lb:topic" content="pricing, Security ,pricing"><meta property="article:section" content="Blog">';
    c.start();
    const [pv] = await c.count(1);
    expect(pv).toMatchObject({
      n: 'pv',
      ti: 'Plans',
      tp: ['pricing', ' Security ', 'pricing'],
      u: 'http://localhost:3000/',
    });
    expect(pv?.i).toMatch(/^[a-z0-9]{9,}$/);
    // Its engagement points to it. (The hide's beacon may repeat the page view while the fetch that
    // carried it still waits for its answer: wait for the engagement, not for a count of events.)
    pagehide();
    await c.countOf('en', 1);
    expect(c.named('en')[0]?.p).toBe(pv?.i);
  });

  it('falls back to article:section and JSON-LD articleSection at any depth; broken JSON-LD gives nothing', async () => {
    document.head.innerHTML =
      '<meta property="article:section" content="Guides">' +
      '<script type="application/ld+json">{"@graph":[{"@type":"Article","articleSection":["Security","Guides"]}]}</script>' +
      '<script type="application/ld+json">{ broken</script>';
    c.start();
    pagehide();
    const [pv] = await c.count(2);
    expect(pv?.tp).toEqual(['Guides', 'Security', 'Guides']);
  });

  it('sends no topics when the page has none, and every topic uncut: the collector keeps 10 of 64 characters', async () => {
    c.start();
    const long = [...Array(12)].map((_, i) => `t${i}${'x'.repeat(70)}`);
    document.head.innerHTML = `<meta name="lb:topic" content="${long.join(',')}">`;
    page();
    pagehide();
    await c.countOf('pv', 2);
    const [first, second] = c.named('pv');
    expect(first?.tp).toEqual([]);
    expect(second?.tp).toEqual(long);
  });

  it('counts the same URL once unless forced (page(), bfcache restore), and flushes the engagement first', async () => {
    c.start({ spa: false });
    // Becoming visible again is no new view of the same URL.
    setHidden(false);
    history.replaceState(null, '', '/pricing?plan=pro');
    page();
    const restore = new Event('pageshow');
    Object.defineProperty(restore, 'persisted', { value: true });
    window.dispatchEvent(restore);
    track('end');
    pagehide();
    const events = await c.count(7);
    expect(types(events)).toEqual(['pv', 'en', 'pv', 'en', 'pv', 'ev', 'en']);
    const pv = c.named('pv');
    // The next view is referred by the previous one; each engagement points to its own view.
    expect(pv.map((e) => [e.u, e.r])).toEqual([
      ['http://localhost:3000/', undefined],
      ['http://localhost:3000/pricing?plan=pro', 'http://localhost:3000/'],
      ['http://localhost:3000/pricing?plan=pro', 'http://localhost:3000/pricing?plan=pro'],
    ]);
    expect(c.named('en').map((e) => e.p)).toEqual(pv.map((e) => e.i));
    expect(c.named('en')[0]?.u).toBe('http://localhost:3000/');
  });

  it('waits until a hidden (background or prerendering) page becomes visible', async () => {
    setHidden(true, false);
    c.start();
    track('while hidden');
    setHidden(false);
    setHidden(false);
    pagehide();
    const events = await c.count(3);
    expect(types(events)).toEqual(['ev', 'pv', 'en']);
  });

  it('sends no view on its own with auto: false, one on page()', async () => {
    c.start({ auto: false });
    track('first');
    pagehide();
    await c.count(1);
    page();
    pagehide();
    const events = await c.count(3);
    expect(types(events)).toEqual(['ev', 'pv', 'en']);
  });
});
