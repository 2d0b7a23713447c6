import { describe, expect, it } from 'vitest';
import { httpUrl } from './safe-url';

describe('httpUrl', () => {
  it('keeps http(s) URLs, as parsed', () => {
    expect(httpUrl('https://acme.example/pricing?x=1')).toBe('https://acme.example/pricing?x=1');
    expect(httpUrl('HTTP://Acme.example')).toBe('http://acme.example/');
    expect(httpUrl('https://acme.example/"><b>')).toBe('https://acme.example/%22%3E%3Cb%3E');
  });

  it('refuses every other scheme, however it is written', () => {
    for (const url of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      ' javascript:alert(1)',
      '\tjavascript:alert(1)',
      'java\nscript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'mailto:a@b.example',
      '/relative/path',
      '//evil.example/x',
      '',
    ]) {
      expect(httpUrl(url), JSON.stringify(url)).toBeNull();
    }
    expect(httpUrl(42)).toBeNull();
    expect(httpUrl(`https://acme.example/${'a'.repeat(2048)}`)).toBeNull();
  });
});
