import { describe, expect, it } from 'vitest';
import { httpUrl, onOrigins } from './safe-url';

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

describe('onOrigins', () => {
  it('matches scheme, host and port', () => {
    const origins = ['https://www.acme.example', 'http://127.0.0.1:8080'];
    expect(onOrigins('https://www.acme.example/pricing?x=1', origins)).toBe(true);
    expect(onOrigins('https://WWW.acme.example:443/', origins)).toBe(true);
    expect(onOrigins('http://www.acme.example/pricing', origins)).toBe(false);
    expect(onOrigins('https://acme.example/pricing', origins)).toBe(false);
    expect(onOrigins('http://127.0.0.1:8081/', origins)).toBe(false);
    expect(onOrigins('javascript:alert(1)', origins)).toBe(false);
    expect(onOrigins(42, origins)).toBe(false);
  });
});
