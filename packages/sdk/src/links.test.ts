import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pagehide, useCollector } from '../test/harness';
import { track } from './api';

const c = useCollector();
// The tests click real links: cancel the navigation after the SDK (capture phase) has seen the click.
const cancel = (e: Event) => e.preventDefault();
beforeEach(() => {
  document.addEventListener('click', cancel);
  document.addEventListener('auxclick', cancel);
});
afterEach(() => {
  document.removeEventListener('click', cancel);
  document.removeEventListener('auxclick', cancel);
});

const click = (html: string, init: MouseEventInit & { type?: string } = {}) => {
  document.body.innerHTML = html;
  (document.querySelector('[data-t]') as HTMLElement).dispatchEvent(
    new MouseEvent(init.type || 'click', { bubbles: true, cancelable: true, button: 0, ...init }),
  );
};
/** The `lk` events sent, after a sentinel custom event proves that everything clicked has been seen. */
const links = async () => {
  track('end');
  pagehide();
  await c.countOf('ev', 1);
  return c.named('lk').map(({ h, d }) => (d ? { h, d } : { h }));
};
const abs = (href: string) => new URL(href, location.href).href;

describe('link clicks', () => {
  it.each([
    'mailto:sales@acme.test',
    'tel:+4930123',
    'https://partner.example.org/x',
    'http://localhost:3001/other-port',
    '/files/Report.PDF',
    '/files/deck.pptx?v=2',
    '/files/sheet.xlsx#tab',
    '/files/archive.tar.gz',
    'https://cdn.example.org/a/b/price%20list.csv',
  ])('sends lk for %s', async (href) => {
    c.start();
    click(`<a data-t href="${href}">x</a>`);
    expect(await links()).toEqual([{ h: abs(href) }]);
  });

  it.each([
    '/pricing',
    '/pdf-guide',
    '/blog/the.pdfs-of-2025',
    '/index.html',
    '/page.HTM',
    '/search.php?q=pdf',
    '/default.aspx',
    '/app.asp',
    '/view.jsp',
    '/download?file=whitepaper.pdf',
    '#faq',
    'javascript:void(0)',
  ])('sends nothing for ordinary navigation: %s', async (href) => {
    c.start();
    click(`<a data-t href="${href}">x</a>`);
    expect(await links()).toEqual([]);
  });

  it('flags links with a download or data-lb-download attribute (d: 1), also for a click inside the link', async () => {
    c.start();
    click('<a href="/get/42" download><span data-t>get</span></a>');
    click('<a data-t href="/export?id=7" data-lb-download>export</a>');
    click('<a data-t href="/files/deck.pdf" download="deck.pdf">deck</a>');
    expect(await links()).toEqual([
      { h: abs('/get/42'), d: 1 },
      { h: abs('/export?id=7'), d: 1 },
      { h: abs('/files/deck.pdf'), d: 1 },
    ]);
  });

  it('counts a middle click, not a right click', async () => {
    c.start();
    click('<a data-t href="https://partner.example.org/">x</a>', { type: 'auxclick', button: 1 });
    click('<a data-t href="https://partner.example.org/right">x</a>', { type: 'auxclick', button: 2 });
    expect(await links()).toEqual([{ h: 'https://partner.example.org/' }]);
  });

  it('ignores links inside data-lb-ignore, and cuts the href to 2048 characters', async () => {
    c.start();
    click('<div data-lb-ignore><a data-t href="https://partner.example.org/">x</a></div>');
    click('<a data-lb-ignore data-t href="/a.pdf">x</a>');
    click(`<a data-t href="https://partner.example.org/${'x'.repeat(3000)}">x</a>`);
    const [long, ...more] = await links();
    expect(more).toEqual([]);
    expect(long?.h).toHaveLength(2048);
  });
});
