import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { BeaconBatch } from '../schema/beacon';
import {
  leadAddress,
  normalizeBatch,
  normalizeEmail,
  normalizeTopics,
  UNVERIFIED_IDENTITY,
} from './normalize';

describe('normalisation', () => {
  it('normalises addresses and, when the model says so, drops plus tags', () => {
    expect(normalizeEmail('  Ada@Example.COM ')).toBe('ada@example.com');
    expect(leadAddress('Ada+News@Example.com')).toBe('ada+news@example.com');
    expect(leadAddress('Ada+News@Example.com', 'strip')).toBe('ada@example.com');
    expect(leadAddress('+x@example.com', 'strip')).toBe('+x@example.com');
    expect(leadAddress('a@b+c.example', 'strip')).toBe('a@b+c.example');
  });

  it('lower-cases topics and drops blanks and duplicates', () => {
    expect(normalizeTopics([' Pricing', 'pricing', '', 'Product-X'])).toEqual(['pricing', 'product-x']);
    expect(normalizeTopics(undefined)).toEqual([]);
  });
});

const T = 1_800_000_000_000;
const U = 'https://acme.test/demo';

function batch(e: BeaconBatch['e']): BeaconBatch {
  return { s: 'acme', v: 'visitor-0001', t: T, e };
}

const demoForm = {
  i: 'form-0001',
  n: 'fm' as const,
  ts: T,
  u: U,
  fi: 'demo-form',
  in: 'Demo_Request',
  em: ' Jo.Buyer@Example.COM ',
  tr: { name: 'Jo Buyer', title: 'CFO' },
};
const identify = {
  i: 'ident-001',
  n: 'id' as const,
  ts: T,
  u: U,
  em: 'jo.buyer@example.com',
  tr: { name: 'Jo' },
};

describe('identity and its source', () => {
  it('keeps a form and the identity it carries as one form event, vouched for by the form', () => {
    const [event] = normalizeBatch(batch([demoForm]), { receivedAt: T });
    expect(event).toEqual({
      id: 'form-0001',
      at: T,
      url: U,
      visitorId: 'visitor-0001',
      type: 'form',
      formId: 'demo-form',
      intent: 'demo_request',
      email: 'jo.buyer@example.com',
      traits: { name: 'Jo Buyer', title: 'CFO' },
      source: 'form',
    });
  });

  it('marks a page script identify as script, and either as verified when its signature checked out', () => {
    const plain = normalizeBatch(batch([identify, demoForm]), { receivedAt: T });
    expect(plain.map((e) => ('source' in e ? e.source : undefined))).toEqual(['script', 'form']);
    const signed = normalizeBatch(batch([identify, demoForm]), {
      receivedAt: T,
      identity: { verified: new Set([0, 1]), required: false },
    });
    expect(signed.map((e) => ('source' in e ? e.source : undefined))).toEqual(['verified', 'verified']);
    expect(signed[0]).toMatchObject({
      type: 'identify',
      email: 'jo.buyer@example.com',
      traits: { name: 'Jo' },
    });
  });

  it('drops a form identity whose address is not one, and traits that come without an address, keeping the submission', () => {
    const events = normalizeBatch(
      batch([
        { ...demoForm, em: 'not an address' },
        { ...demoForm, i: 'form-0002', em: undefined },
      ]),
      { receivedAt: T },
    );
    for (const e of events) {
      expect(e).toMatchObject({ type: 'form', intent: 'demo_request' });
      expect(e).not.toHaveProperty('email');
      expect(e).not.toHaveProperty('traits');
      expect(e).not.toHaveProperty('source');
    }
  });

  it('records an unverified identity on a site that requires verification as a claim that identifies nobody', () => {
    const events = normalizeBatch(batch([identify, demoForm]), {
      receivedAt: T,
      identity: { verified: new Set(), required: true },
    });
    expect(events).toEqual([
      {
        id: 'ident-001',
        at: T,
        url: U,
        visitorId: 'visitor-0001',
        type: 'custom',
        name: UNVERIFIED_IDENTITY,
        props: { name: 'Jo', email: 'jo.buyer@example.com', via: 'script' },
      },
      {
        id: 'form-0001',
        at: T,
        url: U,
        visitorId: 'visitor-0001',
        type: 'form',
        formId: 'demo-form',
        intent: 'demo_request',
      },
      {
        id: 'form-0001-claim',
        at: T,
        url: U,
        visitorId: 'visitor-0001',
        type: 'custom',
        name: UNVERIFIED_IDENTITY,
        props: { name: 'Jo Buyer', title: 'CFO', email: 'jo.buyer@example.com', via: 'form' },
      },
    ]);
    // Verified ones identify as usual on such a site.
    const verified = normalizeBatch(batch([identify]), {
      receivedAt: T,
      identity: { verified: new Set([0]), required: true },
    });
    expect(verified[0]).toMatchObject({ type: 'identify', source: 'verified' });
  });

  it('keeps a claim within the 20 props a custom event may have, address and channel first', () => {
    const tr = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, i]));
    const [claim] = normalizeBatch(batch([{ ...identify, tr, em: 'a@b.example' }]), {
      receivedAt: T,
      identity: { verified: new Set(), required: true },
    });
    expect(claim?.type === 'custom' && claim.props).toMatchObject({ email: 'a@b.example', via: 'script' });
    expect(Object.keys((claim?.type === 'custom' && claim.props) || {})).toHaveLength(20);
  });
});

describe('protocol 1.3: the collector names form fields and cleans topics', () => {
  const parse = (e: unknown[]) =>
    normalizeBatch(v.parse(BeaconBatch, { s: 'acme', v: 'visitor-0001', t: T, e }), { receivedAt: T });

  it("names a form's autocomplete tokens as traits, and keeps a 1.2 form's trait names as they were", () => {
    const tokens = {
      name: 'Jo Buyer',
      'given-name': 'Jo',
      'family-name': 'Buyer',
      organization: 'Acme',
      'organization-title': 'CFO',
      'country-name': 'Germany',
      tel: '+49 30 123',
      company_size: '51-200',
    };
    const named = {
      name: 'Jo Buyer',
      first_name: 'Jo',
      last_name: 'Buyer',
      company: 'Acme',
      title: 'CFO',
      country: 'Germany',
      phone: '+49 30 123',
      company_size: '51-200',
    };
    const [v13] = parse([{ ...demoForm, tr: tokens }]);
    const [v12] = parse([{ ...demoForm, tr: named }]);
    expect(v13).toMatchObject({ type: 'form', traits: named, source: 'form' });
    expect(v12).toEqual(v13);
    // `country` and `country-name` are one trait; the later field wins, as it did in the browser.
    const [both] = parse([{ ...demoForm, tr: { country: 'DE', 'country-name': 'Germany' } }]);
    expect(both).toMatchObject({ traits: { country: 'Germany' } });
  });

  it("leaves an identify's traits as the page named them", () => {
    const [event] = parse([{ ...identify, tr: { organization: 'Acme', tel: '1' } }]);
    expect(event).toMatchObject({ type: 'identify', traits: { organization: 'Acme', tel: '1' } });
  });

  it('takes topics as the page wrote them: trimmed, cut to 64 characters, blanks and duplicates out, at most 10', () => {
    const long = ` ${'x'.repeat(70)}`;
    const raw = [
      ' Pricing ',
      'pricing',
      '',
      '  ',
      long,
      7,
      null,
      { x: 1 },
      'a',
      'b',
      'c',
      'd',
      'e',
      'f',
      'g',
      'h',
      'i',
    ];
    const [event] = parse([{ i: 'page-0001', n: 'pv', ts: T, u: U, tp: raw }]);
    expect(event).toMatchObject({
      type: 'pageview',
      topics: ['pricing', 'x'.repeat(64), '7', 'a', 'b', 'c', 'd', 'e', 'f', 'g'],
    });
    // A 1.2 client's clean list is kept as it was; something that is not a list is no topic.
    const [old] = parse([{ i: 'page-0002', n: 'pv', ts: T, u: U, tp: ['pricing', 'security'] }]);
    expect(old).toMatchObject({ topics: ['pricing', 'security'] });
    const [odd] = parse([{ i: 'page-0003', n: 'pv', ts: T, u: U, tp: 'pricing' }]);
    expect(odd).toMatchObject({ topics: [] });
  });
});
