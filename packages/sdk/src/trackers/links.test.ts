import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeCtx, type Recorded } from '../../test/fake-ctx';
import { EXTENSIONS } from './downloads';
import { initLinks } from './links';

let f: ReturnType<typeof fakeCtx>;
// The tests click real links: cancel the navigation after the SDK (capture phase) has seen the click.
const cancel = (e: Event) => e.preventDefault();
beforeEach(() => {
  f = fakeCtx();
  initLinks(f.ctx);
  document.addEventListener('click', cancel);
  document.addEventListener('auxclick', cancel);
});
afterEach(() => {
  f.stop();
  document.removeEventListener('click', cancel);
  document.removeEventListener('auxclick', cancel);
  document.body.innerHTML = '';
});

const click = (html: string, init: MouseEventInit & { type?: string } = {}): Recorded[] => {
  document.body.innerHTML = html;
  const el = document.querySelector('[data-t]') as HTMLElement;
  el.dispatchEvent(
    new MouseEvent(init.type || 'click', { bubbles: true, cancelable: true, button: 0, ...init }),
  );
  return f.events;
};

describe('downloads', () => {
  it.each([
    ['/files/Report.PDF', 'Report.PDF', 'pdf'],
    ['/files/deck.pptx?v=2', 'deck.pptx', 'pptx'],
    ['/files/sheet.xlsx#tab', 'sheet.xlsx', 'xlsx'],
    ['/download?file=whitepaper.pdf', 'whitepaper.pdf', 'pdf'],
    ['/event.ics', 'event.ics', 'ics'],
    ['/card.vcf', 'card.vcf', 'vcf'],
    ['/slides.key', 'slides.key', 'key'],
    ['https://cdn.example.org/a/b/price%20list.csv', 'price%20list.csv', 'csv'],
  ])('counts %s as a download of %s (%s)', (href, f, x) => {
    expect(click(`<a data-t href="${href}">get</a>`)).toEqual([
      expect.objectContaining({ n: 'dl', h: new URL(href, location.href).href, f, x }),
    ]);
  });

  it('counts every default extension, in any case, and keeps the list the README documents', () => {
    // `docx?` → doc, docx; `od[tsp]` → odt, ods, odp.
    const all = EXTENSIONS.split('|').flatMap((x) => {
      const cls = /^(.*)\[(\w+)\]$/.exec(x);
      if (cls) return [...(cls[2] as string)].map((c) => `${cls[1]}${c}`);
      return x.endsWith('?') ? [x.slice(0, -2), x.slice(0, -1)] : [x];
    });
    expect(all.sort().join(' ')).toBe(
      'csv dmg doc docx epub exe ics key mp4 msi numbers odp ods odt pages pdf ppt pptx rtf txt vcf xls xlsx zip',
    );
    for (const x of all) click(`<a data-t href="/files/a.${x.toUpperCase()}?v=1">get</a>`);
    expect(f.events.map((e) => e.x)).toEqual(all);
  });

  it('counts links with a download or data-lb-download attribute, and a click inside the link', () => {
    click('<a href="/get/42" download><span data-t>get</span></a>');
    click('<a data-t href="/export?id=7" data-lb-download>export</a>');
    expect(f.events.map((e) => [e.n, e.f, e.x])).toEqual([
      ['dl', '42', undefined],
      ['dl', 'export', undefined],
    ]);
  });

  it('does not take a page or a look-alike host for a file', () => {
    click('<a data-t href="/pdf-guide">read</a>');
    click('<a data-t href="/blog/the.pdfs-of-2025">read</a>');
    expect(f.events).toEqual([]);
  });
});

describe('outbound, mailto and tel links', () => {
  it('sends ob for another host, ml and tl with the href, nothing for the same host', () => {
    click('<a data-t href="https://partner.example.org/x">x</a>');
    click('<a data-t href="mailto:sales@acme.test">mail</a>');
    click('<a data-t href="tel:+4930123">call</a>');
    click('<a data-t href="/pricing">same host</a>');
    expect(f.events.map((e) => [e.n, e.h])).toEqual([
      ['ob', 'https://partner.example.org/x'],
      ['ml', 'mailto:sales@acme.test'],
      ['tl', 'tel:+4930123'],
    ]);
  });

  it('counts a middle click, not a right click', () => {
    click('<a data-t href="https://partner.example.org/">x</a>', { type: 'auxclick', button: 1 });
    click('<a data-t href="https://partner.example.org/">x</a>', { type: 'auxclick', button: 2 });
    expect(f.events.map((e) => e.n)).toEqual(['ob']);
  });

  it('ignores links inside data-lb-ignore', () => {
    click('<div data-lb-ignore><a data-t href="https://partner.example.org/">x</a></div>');
    click('<a data-lb-ignore data-t href="/a.pdf">x</a>');
    expect(f.events).toEqual([]);
  });
});
