import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EMAIL_PLACEHOLDER, redactEmails } from './personal-text';
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

  it('replaces a path segment that holds an e-mail address by the placeholder, encoded or not', () => {
    expect(EMAIL_PLACEHOLDER).toBe('[email]');
    const cases: [string, string][] = [
      ['https://a.example/unsubscribe/jane@acme.com', 'https://a.example/unsubscribe/[email]'],
      ['https://a.example/unsubscribe/jane%40acme.com', 'https://a.example/unsubscribe/[email]'],
      [
        'https://a.example/u/Jane.Doe+news@sub.acme.co.uk/confirm?x=1',
        'https://a.example/u/[email]/confirm?x=1',
      ],
      ['https://a.example/u/jane%2540acme.com/', 'https://a.example/u/[email]/'],
      ['https://a.example/profile;id=jane@acme.com', 'https://a.example/[email]'],
      ['https://a.example/#/unsubscribe/jane@acme.com', 'https://a.example/#/unsubscribe/[email]'],
      ['https://a.example/#/u/jane@acme.com?step=2', 'https://a.example/#/u/[email]?step=2'],
      ['https://a.example/p#jane@acme.com', 'https://a.example/p#[email]'],
      ['/unsubscribe/jane@acme.com?v=2', '/unsubscribe/[email]?v=2'],
      ['unsubscribe/jane@acme.com', 'unsubscribe/[email]'],
    ];
    for (const [input, output] of cases) expect(stripPersonalData(input), input).toBe(output);
  });

  it('drops the user part of an http(s) URL: credentials, or an address spelled as one', () => {
    expect(stripPersonalData('https://jane%40acme.com@a.example/p')).toBe('https://a.example/p');
    expect(stripPersonalData('https://ada:secret@a.example/p?x=1')).toBe('https://a.example/p?x=1');
  });

  it('keeps ordinary paths exactly as written, and the address a mailto link writes to', () => {
    for (const url of [
      'https://a.example/pricing',
      'https://a.example/blog/@ada/posts',
      'https://a.example/v1@2/x',
      'https://a.example/a%20b/c%2Fd/',
      'https://a.example:8443/docs/',
      'mailto:sales@acme.com',
      'mailto:sales@acme.com?subject=Demo',
      'tel:+4930123',
    ])
      expect(stripPersonalData(url), url).toBe(url);
  });

  it('never leaves an address in a path, whatever its segments (property)', () => {
    // An address may hold `/`, `?`, `#` and `%` (RFC 5322); a browser encodes them in a path, so
    // written raw they would end the segment or the path, or be a broken escape.
    const address = fc.emailAddress().filter((a) => !/[/?#%]/.test(a));
    const segment = fc.oneof(
      fc.webSegment(),
      address,
      fc.emailAddress().map(encodeURIComponent),
      fc.tuple(fc.webSegment(), address).map(([a, b]) => `${a}-${b}`),
    );
    fc.assert(
      fc.property(
        fc.array(segment, { maxLength: 6 }),
        fc.webSegment().filter((s) => !s.includes('@')),
        (segments, plain) => {
          const out = stripPersonalData(`https://a.example/${segments.join('/')}`);
          expect(URL.canParse(out)).toBe(true);
          // Split as written (a URL parser would also drop `.` and `..` segments).
          const parts = out.slice('https://a.example/'.length).split('/');
          expect(parts).toHaveLength(Math.max(1, segments.length));
          for (const part of parts) expect(ADDRESS.test(decodeURIComponent(part)), part).toBe(false);
          // A path with no address comes back as written.
          expect(stripPersonalData(`https://a.example/${plain}/x`)).toBe(`https://a.example/${plain}/x`);
        },
      ),
      { numRuns: 300 },
    );
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

describe('e-mail addresses in text (page titles)', () => {
  it('are replaced by the placeholder, the rest kept as written', () => {
    const cases: [string, string][] = [
      ['Welcome jane@acme.com', 'Welcome [email]'],
      ['Welcome, Jane.Doe+news@sub.acme.co.uk!', 'Welcome, [email]!'],
      ['(jane@acme.com) – Profile', '([email]) – Profile'],
      ['a@b.example and c@d.example', '[email] and [email]'],
      ['Grüße an jürgen@müller.de', 'Grüße an [email]'],
      ['Pricing', 'Pricing'],
      ['Follow @acme on social', 'Follow @acme on social'],
      ['v1@2 release notes', 'v1@2 release notes'],
    ];
    for (const [input, output] of cases) expect(redactEmails(input), input).toBe(output);
  });

  it('never leave an address behind, and change nothing else (property)', () => {
    const part = fc.oneof(
      fc
        .string()
        .filter((s) => !s.includes('@'))
        .map((text) => ({ text, address: false })),
      fc.emailAddress().map((text) => ({ text, address: true })),
    );
    fc.assert(
      fc.property(fc.array(part, { maxLength: 5 }), (parts) => {
        const out = redactEmails(parts.map((p) => p.text).join(' '));
        expect(ADDRESS.test(out), out).toBe(false);
        expect(out).toBe(parts.map((p) => (p.address ? EMAIL_PLACEHOLDER : p.text)).join(' '));
      }),
      { numRuns: 300 },
    );
  });
});
