import { describe, expect, it } from 'vitest';
import { ASN_CLASSES, KNOWN_COMPANY_ASNS, KNOWN_NETWORKS, NAME_PATTERNS } from './network-lists';

describe('network lists', () => {
  const all = Object.values(KNOWN_NETWORKS).flat();

  it('lists each ASN once, in one class', () => {
    const seen = new Map<number, string>();
    for (const [asn, operator] of all) {
      expect(seen.get(asn), `AS${asn} ${operator} is listed twice`).toBeUndefined();
      seen.set(asn, operator);
    }
    expect(ASN_CLASSES.size).toBe(all.length);
  });

  it('holds valid public ASNs only', () => {
    for (const asn of [...ASN_CLASSES.keys(), ...KNOWN_COMPANY_ASNS.keys()]) {
      expect(Number.isInteger(asn) && asn >= 1 && asn <= 4294967294, `AS${asn}`).toBe(true);
      // Private (RFC 6996) and documentation (RFC 5398) ranges never identify a real network.
      expect((asn >= 64496 && asn <= 65551) || asn >= 4200000000, `AS${asn}`).toBe(false);
    }
  });

  it('does not list a company network as a provider', () => {
    for (const asn of KNOWN_COMPANY_ASNS.keys()) expect(ASN_CLASSES.has(asn), `AS${asn}`).toBe(false);
  });

  it('matches whole words only', () => {
    const hosting = NAME_PATTERNS.find(([cls]) => cls === 'hosting')?.[1];
    expect(hosting?.test('foo cloud hosting')).toBe(true);
    expect(hosting?.test('hostess brands')).toBe(false);
    const isp = NAME_PATTERNS.find(([cls]) => cls === 'isp')?.[1];
    expect(isp?.test('telecomunicações do brasil')).toBe(true);
    expect(isp?.test('shawshank holdings')).toBe(false);
  });
});
