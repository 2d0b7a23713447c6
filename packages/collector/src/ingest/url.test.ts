import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PERSONAL_PARAMS, stripPersonalData, strippedKeys } from './url';

/** Something with an address in it: a character, `@`, a domain with a top-level part. */
const ADDRESS = /[^\s@]@[^\s@]+\.[a-z]{2,}/i;

describe('personal data in URLs', () => {
  it('removes the personal keys, case-insensitively, and keeps everything else as written', () => {
    const cases: [string, string][] = [
      [
        'https://a.example/thanks?email=ada%40x.example&utm_source=news',
        'https://a.example/thanks?utm_source=news',
      ],
      [
        'https://a.example/t?Name=Ada+Lovelace&E-Mail=ada%40x.example&plan=pro',
        'https://a.example/t?plan=pro',
      ],
      [
        'https://a.example/t?FIRST_NAME=A&LastName=L&fullname=AL&firstname=A&last_name=L',
        'https://a.example/t',
      ],
      ['https://a.example/t?phone=%2B491701234&tel=1&mobile=2&mail=x&keep=1', 'https://a.example/t?keep=1'],
      ['https://a.example/t?q=a+b%20c&email=x', 'https://a.example/t?q=a+b%20c'],
      ['https://a.example/t?email', 'https://a.example/t'],
      ['https://a.example/t?%65mail=ada', 'https://a.example/t'],
      ['https://a.example/t?lb_t=token.sig&x=1', 'https://a.example/t?x=1'],
      ['https://a.example/t?a=1&&b=2', 'https://a.example/t?a=1&&b=2'],
      ['https://a.example/pricing', 'https://a.example/pricing'],
      ['https://a.example/?', 'https://a.example/?'],
    ];
    for (const [input, output] of cases) expect(stripPersonalData(input), input).toBe(output);
    expect(PERSONAL_PARAMS).toHaveLength(12);
  });

  it('removes any parameter whose value holds an e-mail address, encoded or not', () => {
    expect(stripPersonalData('https://a.example/t?ref=ada@x.example&id=7')).toBe('https://a.example/t?id=7');
    expect(stripPersonalData('https://a.example/t?u=ada%40x.example&id=7')).toBe('https://a.example/t?id=7');
    expect(stripPersonalData('https://a.example/t?next=%2Fthanks%3Fwho%3Dada%2540x.example&id=7')).toBe(
      'https://a.example/t?id=7',
    );
    expect(stripPersonalData('https://a.example/t?contact=a.b+c%40sub.x.co.uk')).toBe('https://a.example/t');
    // Not an address: kept.
    expect(stripPersonalData('https://a.example/t?handle=@ada&v=1@2')).toBe(
      'https://a.example/t?handle=@ada&v=1@2',
    );
  });

  it('cleans a fragment that carries parameters or a routed query', () => {
    expect(stripPersonalData('https://a.example/#/thanks?email=x&step=2')).toBe(
      'https://a.example/#/thanks?step=2',
    );
    expect(stripPersonalData('https://a.example/p#email=ada%40x.example&tab=2')).toBe(
      'https://a.example/p#tab=2',
    );
    expect(stripPersonalData('https://a.example/p?x=1#name=Ada')).toBe('https://a.example/p?x=1');
    expect(stripPersonalData('https://a.example/p#section-2')).toBe('https://a.example/p#section-2');
    expect(stripPersonalData('https://a.example/p#')).toBe('https://a.example/p#');
  });

  it('works on relative link targets and leaves broken escapes judged as written', () => {
    expect(stripPersonalData('/files/plan.pdf?email=x&v=2')).toBe('/files/plan.pdf?v=2');
    expect(stripPersonalData('?name=a')).toBe('');
    expect(stripPersonalData('/x?bad=%E0%A4%A&name=%ZZ')).toBe('/x?bad=%E0%A4%A');
  });

  it('adds a site’s own keys', () => {
    const keys = strippedKeys(['utm_email', 'customer']);
    expect(stripPersonalData('https://a.example/t?UTM_EMAIL=1&Customer=9&email=x&ok=1', keys)).toBe(
      'https://a.example/t?ok=1',
    );
  });

  it('never leaves a personal key or an address behind, whatever the URL (property)', () => {
    const key = fc.oneof(
      fc.constantFrom(...PERSONAL_PARAMS, 'Email', 'PHONE', 'utm', 'q', 'id'),
      fc.string(),
    );
    const value = fc.oneof(fc.string(), fc.emailAddress(), fc.constant('ada@x.example'));
    fc.assert(
      fc.property(fc.array(fc.tuple(key, value), { maxLength: 8 }), (pairs) => {
        const query = new URLSearchParams(pairs).toString();
        const out = stripPersonalData(`https://a.example/p?${query}`);
        expect(URL.canParse(out)).toBe(true);
        for (const [k, v] of new URL(out).searchParams) {
          expect(PERSONAL_PARAMS.includes(k.trim().toLowerCase()), k).toBe(false);
          expect(ADDRESS.test(v), v).toBe(false);
        }
        // Kept pairs keep their order and spelling.
        const kept = pairs.filter(
          ([k, v]) =>
            !PERSONAL_PARAMS.includes(k.trim().toLowerCase()) && !ADDRESS.test(v) && !ADDRESS.test(k),
        );
        expect([...new URL(out).searchParams]).toEqual(kept.map(([k, v]) => [k, v]));
      }),
      { numRuns: 300 },
    );
  });
});
