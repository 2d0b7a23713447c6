import { describe, expect, it } from 'vitest';
import { classifyLink, extensionSet } from './links';

const page = 'https://acme.example/resources';

describe('link classification at the edge', () => {
  it.each([
    [
      '/files/ROI-Whitepaper.PDF',
      false,
      { type: 'download', fileName: 'ROI-Whitepaper.PDF', fileExt: 'pdf' },
    ],
    [
      'https://cdn.example/deck.pptx?v=3#page=2',
      false,
      { type: 'download', fileName: 'deck.pptx', fileExt: 'pptx' },
    ],
    ['/agenda.ics', false, { type: 'download', fileExt: 'ics' }],
    ['/contact.vcf', false, { type: 'download', fileExt: 'vcf' }],
    ['/get/price-list', true, { type: 'download', fileName: 'price-list', fileExt: '' }],
    ['/files/My%20Report.docx', false, { type: 'download', fileName: 'My Report.docx' }],
    ['https://partner.example/', false, { type: 'outbound' }],
    ['mailto:sales@acme.example', false, { type: 'mailto' }],
    ['TEL:+4930123', false, { type: 'tel' }],
  ] as const)('%s → %o', (href, marked, expected) => {
    expect(classifyLink(href, page, marked)).toMatchObject(expected);
  });

  it('drops what is not an event: same-host pages, other schemes, garbage', () => {
    expect(classifyLink('/pricing.html', page, false)).toBeNull();
    expect(classifyLink('/pricing', page, false)).toBeNull();
    expect(classifyLink('/archive.foo', page, false)).toBeNull();
    expect(classifyLink('javascript:alert(1)', page, false)).toBeNull();
    expect(classifyLink('http://[bad', page, false)).toBeNull();
  });

  it('lets a site add extensions', () => {
    expect(classifyLink('/model.ifc', page, false, extensionSet(['IFC']))).toMatchObject({
      type: 'download',
      fileExt: 'ifc',
    });
    expect(classifyLink('/model.ifc', page, false, extensionSet(undefined))).toBeNull();
  });
});
