import { describe, expect, it } from 'vitest';
import { compileDomainCategorizer, emailDomain } from './email-domain';
import { compileText, compileValue, queryParam } from './match';
import { compileTopicMapping, globToRegExp, splitUrl } from './topics';

describe('URL and topic mapping', () => {
  it('splits URLs without new URL()', () => {
    expect(splitUrl('https://a.example/pricing/team?x=1#top')).toEqual({
      base: 'https://a.example/pricing/team',
      path: '/pricing/team',
      query: 'x=1',
    });
    expect(splitUrl('https://a.example')).toEqual({ base: 'https://a.example', path: '/', query: '' });
    expect(splitUrl('https://a.example#x?y')).toEqual({ base: 'https://a.example', path: '/', query: '' });
  });

  it('matches globs on the path, or on the whole URL when they hold ://, ignoring case', () => {
    expect(globToRegExp('/pricing*').test('/Pricing/team')).toBe(true);
    expect(globToRegExp('/products/?').test('/products/ab')).toBe(false);
    const topics = compileTopicMapping([
      { topic: 'pricing', urls: ['/pricing*', '/costs*'] },
      { topic: 'docs', urls: ['https://docs.acme.example/*'] },
    ]);
    expect(topics('https://acme.example/costs?utm_medium=email')).toEqual(['pricing']);
    expect(topics('https://docs.acme.example/pricing')).toEqual(['pricing', 'docs']);
    expect(topics('https://acme.example/about')).toEqual([]);
    expect(topics(undefined)).toEqual([]);
  });
});

describe('text and value matches', () => {
  it('text: equals, one of, contains, regex, exists', () => {
    expect(compileText('CTO')('cto')).toBe(true);
    expect(compileText(['a', 'b'])('B')).toBe(true);
    expect(compileText({ contains: 'head' })('Head of IT')).toBe(true);
    expect(compileText({ regex: '\\bstudent\\b' })('Working Student')).toBe(true);
    expect(compileText({ regex: '\\bstudent\\b' })('Studentenwerk')).toBe(false);
    expect(compileText({ exists: true })('')).toBe(false);
    expect(compileText({ exists: false })(undefined)).toBe(true);
  });

  it('values: ranges, booleans, numbers as text', () => {
    expect(compileValue({ gte: 50, lte: 500 })(120)).toBe(true);
    expect(compileValue({ gte: 50 })('49')).toBe(false);
    expect(compileValue({ gte: 50 })(undefined)).toBe(false);
    expect(compileValue(true)(true)).toBe(true);
    expect(compileValue(true)('true')).toBe(true);
    expect(compileValue('42')(42)).toBe(true);
  });
});

describe('e-mail domains', () => {
  const categorize = compileDomainCategorizer(['rival.example'], ['corp-mail.example']);
  it('tells business, free-mail (package list plus extras) and competitor (subdomains too) apart', () => {
    expect(emailDomain('Anna@Customer.Example')).toBe('customer.example');
    expect(emailDomain('nobody')).toBeUndefined();
    expect(categorize('customer.example')).toBe('business');
    expect(categorize('gmail.com')).toBe('free');
    expect(categorize('web.de')).toBe('free');
    expect(categorize('corp-mail.example')).toBe('free');
    expect(categorize('rival.example')).toBe('competitor');
    expect(categorize('eu.rival.example')).toBe('competitor');
  });
});

describe('queryParam', () => {
  it('reads a parameter like URLSearchParams', () => {
    for (const [query, key] of [
      ['utm_medium=email&utm_source=nl', 'utm_medium'],
      ['a=1&utm_medium=e%2Dmail', 'utm_medium'],
      ['utm_medium=news+letter', 'utm_medium'],
      ['x_utm_medium=1', 'utm_medium'],
      ['utm_medium', 'utm_medium'],
      ['utm%5Fmedium=email', 'utm_medium'],
      ['utm_medium=%E0%A4%A', 'utm_medium'],
      ['', 'utm_medium'],
    ] as const) {
      expect(queryParam(query, key)).toBe(new URLSearchParams(query).get(key) ?? undefined);
    }
  });
});
