import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NetworkInfo, NetworkType } from '../scoring/events';
import { classifyNetwork } from './classify-network';
import { networkInfo } from './network';
import { parseNetworkOverrides } from './network-overrides';

/** Builds a `request.cf` the way Cloudflare fills it; tests only set what they need. */
function cf(fields: Record<string, unknown>): IncomingRequestCfProperties {
  return fields as IncomingRequestCfProperties;
}

type Row = {
  what: string;
  asn?: number;
  org?: string;
  type: NetworkType;
  company?: string;
  companyKey?: string;
};

// 64496–64511 are the ASNs reserved for documentation (RFC 5398): no real network has them, so the
// corporate cases below exercise the heuristics, exactly as an unlisted company network would.
const CASES: Row[] = [
  // A company's own network yields the company.
  {
    what: 'corporate network, German legal form',
    asn: 64500,
    org: 'Acme Manufacturing GmbH',
    type: 'company',
    company: 'Acme Manufacturing',
    companyKey: 'acme-manufacturing',
  },
  {
    what: 'corporate network, US legal form',
    asn: 64501,
    org: 'Globex Corporation',
    type: 'company',
    company: 'Globex',
    companyKey: 'globex',
  },
  {
    what: 'corporate routing handle',
    asn: 64502,
    org: 'INITECH-CORP-AS',
    type: 'company',
    company: 'Initech',
    companyKey: 'initech',
  },
  {
    what: 'corporate name with the AS number appended',
    asn: 64503,
    org: 'Umbrella Pharma B.V. AS64503',
    type: 'company',
    company: 'Umbrella Pharma',
    companyKey: 'umbrella-pharma',
  },
  {
    what: 'known company ASN',
    asn: 32934,
    org: 'FACEBOOK',
    type: 'company',
    company: 'Meta Platforms',
    companyKey: 'meta-platforms',
  },
  // Consumer ISPs do not.
  { what: 'Comcast', asn: 7922, org: 'COMCAST-7922', type: 'isp' },
  { what: 'Deutsche Telekom', asn: 3320, org: 'Deutsche Telekom AG', type: 'isp' },
  { what: 'Charter, named by handle only', asn: 11427, org: 'TWC-11427-TEXAS', type: 'isp' },
  { what: 'Swisscom, whose AS name has no telecom word', asn: 3303, org: 'Bluewin', type: 'isp' },
  { what: 'transit backbone', asn: 174, org: 'COGENT-174', type: 'isp' },
  // Mobile carriers do not.
  { what: 'T-Mobile US', asn: 21928, org: 'T-MOBILE-AS21928', type: 'mobile' },
  { what: 'Verizon Wireless', asn: 22394, org: 'CELLCO', type: 'mobile' },
  { what: 'Reliance Jio', asn: 55836, org: 'Reliance Jio Infocomm Limited', type: 'mobile' },
  // Cloud and hosting providers do not.
  { what: 'Amazon AWS', asn: 16509, org: 'AMAZON-02', type: 'hosting' },
  { what: 'Hetzner', asn: 24940, org: 'Hetzner Online GmbH', type: 'hosting' },
  { what: 'DigitalOcean', asn: 14061, org: 'DIGITALOCEAN-ASN', type: 'hosting' },
  { what: 'Microsoft (Azure)', asn: 8075, org: 'MICROSOFT-CORP-MSN-AS-BLOCK', type: 'hosting' },
  // Education and government are not companies either.
  {
    what: 'research network',
    asn: 680,
    org: 'Verein zur Foerderung eines Deutschen Forschungsnetzes e.V.',
    type: 'education',
  },
  { what: 'DoD', asn: 721, org: 'DNIC-ASBLK-00721-00726', type: 'government' },
  // Unlisted ASNs fall to the name heuristics.
  { what: 'cable ISP by name', asn: 64504, org: 'Kabel Deutschland', type: 'isp' },
  { what: 'broadband ISP by name', asn: 64505, org: 'XYZ Broadband Ltd', type: 'isp' },
  { what: 'telecom by name (non-ASCII)', asn: 64506, org: 'Servicos de Telecomunicações S.A.', type: 'isp' },
  { what: 'fibre ISP by name', asn: 64507, org: 'Glasfaser Nordwest GmbH', type: 'isp' },
  { what: 'ISP brand by name', asn: 64508, org: 'Vodafone Enterprise Foo', type: 'isp' },
  { what: 'hosting by name', asn: 64509, org: 'Foo Cloud Hosting', type: 'hosting' },
  { what: 'hosting by compound name', asn: 65542, org: 'Greenhost BV', type: 'hosting' },
  { what: 'data centre by compound handle', asn: 65543, org: 'JOESDATACENTER', type: 'hosting' },
  { what: 'telecom by compound handle', asn: 65544, org: 'AS-SONICTELECOM', type: 'isp' },
  { what: '"… Internet" provider', asn: 65545, org: 'Zen Internet Ltd', type: 'isp' },
  { what: 'residential pool', asn: 65546, org: 'Private Customer', type: 'isp' },
  { what: 'data centre by name', asn: 64510, org: 'Example Data Center LLC', type: 'hosting' },
  { what: 'VPN by name', asn: 64511, org: 'Anon VPN Services Ltd', type: 'hosting' },
  { what: 'mobile by name', asn: 65536, org: 'Example Wireless Inc.', type: 'mobile' },
  { what: 'university by name (non-ASCII)', asn: 65537, org: 'Université Exemple', type: 'education' },
  { what: 'government by name', asn: 65538, org: 'Ministry of Examples', type: 'government' },
  {
    what: 'Exxon Mobil is a company, not a carrier',
    asn: 65539,
    org: 'Exxon Mobil Corporation',
    type: 'company',
    company: 'Exxon Mobil',
    companyKey: 'exxon-mobil',
  },
  // Nothing to go on.
  { what: 'no ASN, no organisation', type: 'unknown' },
  { what: 'unlisted ASN without organisation', asn: 65540, type: 'unknown' },
  { what: 'organisation of punctuation only', asn: 65541, org: '--- ...', type: 'unknown' },
];

describe('classifyNetwork', () => {
  it.each(CASES)('$what → $type', ({ asn, org, type, company, companyKey }) => {
    const got = classifyNetwork(asn, org);
    expect(got.type).toBe(type);
    expect(got.company).toBe(company);
    expect(got.companyKey).toBe(companyKey);
    if (type === 'company') expect(got.confidence).toBeGreaterThan(0);
    else expect(got.confidence).toBeUndefined();
  });

  it('says what decided the type', () => {
    expect(classifyNetwork(7922, 'Acme GmbH').source).toBe('asn');
    expect(classifyNetwork(64500, 'Foo Broadband').source).toBe('name');
    expect(classifyNetwork(64500, 'Acme GmbH').source).toBe('name');
    expect(classifyNetwork(undefined, undefined).source).toBe('none');
  });

  it('lets the ASN list win over a misleading name', () => {
    expect(classifyNetwork(16509, 'Acme Manufacturing GmbH').type).toBe('hosting');
    expect(classifyNetwork(3320, 'Foo Cloud Hosting').type).toBe('isp');
  });

  it('rates a registered name above a handle, and a short or provider-ish name below both', () => {
    const confidence = (org: string, asn?: number) => classifyNetwork(asn, org).confidence ?? 0;
    expect(confidence('Acme Manufacturing GmbH', 64500)).toBe(0.75);
    expect(confidence('Acme Manufacturing', 64500)).toBe(0.6);
    expect(confidence('ACME-MANUFACTURING', 64500)).toBe(0.5);
    expect(confidence('Acme Manufacturing', undefined)).toBe(0.5);
    expect(confidence('EDV GmbH', 64500)).toBe(0.6);
    expect(confidence('Nordic Networks AB', 64500)).toBe(0.55);
    expect(confidence('Ponynet', 64500)).toBe(0.4);
    expect(classifyNetwork(32934, 'FACEBOOK').confidence).toBe(0.9);
  });

  it('applies overrides before the lists', () => {
    const overrides = parseNetworkOverrides(
      JSON.stringify({
        '7922': { type: 'company', company: 'Comcast Corporate' },
        '64500': { type: 'isp' },
        '64501': { type: 'company' },
      }),
    );
    expect(classifyNetwork(7922, 'COMCAST-7922', overrides)).toEqual({
      type: 'company',
      source: 'override',
      company: 'Comcast Corporate',
      companyKey: 'comcast-corporate',
      confidence: 1,
    });
    expect(classifyNetwork(64500, 'Acme Manufacturing GmbH', overrides)).toEqual({
      type: 'isp',
      source: 'override',
    });
    // A company override without a name takes the cleaned AS organisation, even one that looks like an ISP.
    expect(classifyNetwork(64501, 'Regional Telecom Holding GmbH', overrides)).toEqual({
      type: 'company',
      source: 'override',
      company: 'Regional Telecom Holding',
      companyKey: 'regional-telecom-holding',
      confidence: 0.9,
    });
    expect(classifyNetwork(64502, 'Acme GmbH', overrides).source).toBe('name');
  });
});

describe('networkInfo', () => {
  it.each(CASES)('$what → $type', ({ asn, org, type, company, companyKey }) => {
    const info = networkInfo(cf({ country: 'DE', asn, asOrganization: org }));
    expect(info?.networkType).toBe(type);
    expect(info?.company).toBe(company);
    expect(info?.companyKey).toBe(companyKey);
    expect(info?.datacenter).toBe(type === 'hosting' ? true : undefined);
  });

  it('keeps coarse geography, the ASN and the company, and nothing else', () => {
    const info = networkInfo(
      cf({
        country: 'DE',
        region: 'Bavaria',
        regionCode: 'BY',
        city: 'Munich',
        postalCode: '80331',
        latitude: '48.13743',
        longitude: '11.57549',
        timezone: 'Europe/Berlin',
        metroCode: '0',
        continent: 'EU',
        colo: 'MUC',
        asn: 64500,
        asOrganization: 'Acme Manufacturing GmbH',
        clientTcpRtt: 12,
      }),
    );
    expect(info).toEqual({
      country: 'DE',
      region: 'Bavaria',
      regionCode: 'BY',
      city: 'Munich',
      asn: 64500,
      asOrganization: 'Acme Manufacturing GmbH',
      networkType: 'company',
      company: 'Acme Manufacturing',
      companyKey: 'acme-manufacturing',
      confidence: 0.75,
    } satisfies NetworkInfo);
  });

  it('does not keep the organisation of consumer and mobile networks', () => {
    expect(networkInfo(cf({ country: 'US', asn: 7922, asOrganization: 'COMCAST-7922' }))).toEqual({
      country: 'US',
      asn: 7922,
      networkType: 'isp',
    });
    expect(networkInfo(cf({ country: 'US', asn: 21928, asOrganization: 'T-MOBILE-AS21928' }))).toEqual({
      country: 'US',
      asn: 21928,
      networkType: 'mobile',
    });
  });

  it('flags hosting networks as data centres and keeps their name for the bot report', () => {
    expect(networkInfo(cf({ country: 'US', asn: 16509, asOrganization: 'AMAZON-02' }))).toEqual({
      country: 'US',
      asn: 16509,
      asOrganization: 'AMAZON-02',
      networkType: 'hosting',
      datacenter: true,
    });
  });

  it('treats Tor exits as hosting whatever their AS, without a country', () => {
    expect(networkInfo(cf({ country: 'T1', asn: 64500, asOrganization: 'Acme Manufacturing GmbH' }))).toEqual(
      {
        asn: 64500,
        asOrganization: 'Acme Manufacturing GmbH',
        networkType: 'hosting',
        datacenter: true,
      },
    );
  });

  it('passes overrides through', () => {
    const overrides = parseNetworkOverrides('{"64500": {"type": "isp"}}');
    expect(networkInfo(cf({ asn: 64500, asOrganization: 'Acme GmbH' }), overrides)).toEqual({
      asn: 64500,
      networkType: 'isp',
    });
  });

  it('returns nothing without cf data', () => {
    expect(networkInfo(undefined)).toBeUndefined();
    expect(networkInfo(cf({}))).toBeUndefined();
    expect(networkInfo(cf({ country: 'XX' }))).toBeUndefined();
    expect(networkInfo(null as unknown as IncomingRequestCfProperties)).toBeUndefined();
    expect(networkInfo('DE' as unknown as IncomingRequestCfProperties)).toBeUndefined();
  });

  it.each([
    ['a non-string country', { country: 49 }],
    ['a lower-case country', { country: 'de' }],
    ['a three-letter country', { country: 'DEU' }],
    ['a non-integer ASN', { asn: 3320.5 }],
    ['a string ASN', { asn: '3320' }],
    ['ASN 0', { asn: 0 }],
    ['a reserved ASN', { asn: 4294967295 }],
    ['AS_TRANS', { asn: 23456 }],
    ['a negative ASN', { asn: -7922 }],
    ['NaN', { asn: Number.NaN }],
    ['an absurdly long organisation', { asOrganization: `Acme ${'x'.repeat(10_000)} GmbH` }],
    ['an absurdly long city', { city: 'M'.repeat(65) }],
    ['an object as organisation', { asOrganization: { toString: (): string => 'Acme GmbH' } }],
    ['a blank organisation', { asOrganization: ' \t\n ' }],
    ['a region code with symbols', { regionCode: 'B-Y' }],
  ])('ignores %s', (_, fields) => {
    expect(networkInfo(cf(fields))).toBeUndefined();
  });

  it('collapses control characters and whitespace in names', () => {
    const info = networkInfo(
      cf({ city: ' New\u0000 York\n', asn: 64500, asOrganization: 'Acme\u200b  GmbH\r\n' }),
    );
    expect(info?.city).toBe('New York');
    expect(info?.asOrganization).toBe('Acme GmbH');
    expect(info?.company).toBe('Acme');
  });

  it.each([
    ['an IPv4 city', { city: '203.0.113.7' }],
    ['an IPv4 inside a name', { asOrganization: 'Acme 198.51.100.23 GmbH' }],
    ['an IPv6 region', { region: '2001:db8::1' }],
    ['a compressed IPv6', { city: '::ffff:c000:0280' }],
    ['an IPv4 in hex', { city: 'Foo 0xcb.0.0x71.7' }],
    ['an IPv4 as one integer', { city: '3405803783' }],
  ])('drops %s', (_, fields) => {
    expect(networkInfo(cf(fields))).toBeUndefined();
  });

  it('never throws and never returns anything address-like or outside its contract', () => {
    const ALLOWED = new Set([
      'country',
      'region',
      'regionCode',
      'city',
      'asn',
      'asOrganization',
      'networkType',
      'company',
      'companyKey',
      'confidence',
      'datacenter',
    ]);
    const ip = fc.oneof(fc.ipV4(), fc.ipV6(), fc.ipV4Extended());
    const value = fc.oneof(
      fc.anything(),
      fc.string(),
      ip,
      ip.map((a) => `Acme ${a} GmbH`),
      fc.integer({ min: -1, max: 2 ** 33 }),
      fc.constantFrom('DE', 'T1', 'XX', 'de', 'Deutsche Telekom AG', 'AMAZON-02', 'Acme GmbH'),
    );
    const keys = fc.constantFrom(
      'country',
      'region',
      'regionCode',
      'city',
      'asn',
      'asOrganization',
      'postalCode',
      'latitude',
      'longitude',
      'timezone',
      'clientIp',
    );
    fc.assert(
      fc.property(fc.dictionary(keys, value), (fields) => {
        const info = networkInfo(cf(fields));
        if (info === undefined) return;
        for (const key of Object.keys(info)) expect(ALLOWED.has(key)).toBe(true);
        for (const v of Object.values(info)) {
          if (typeof v !== 'string') continue;
          if (v !== info.regionCode) expect(v).toMatch(/\p{L}/u);
          expect(v).not.toMatch(/\d{1,3}(?:\.\d{1,3}){3}/);
          expect(v).not.toMatch(/[0-9a-f]*:[0-9a-f]*:[0-9a-f]*/i);
        }
        if (info.confidence !== undefined) {
          expect(info.confidence).toBeGreaterThanOrEqual(0);
          expect(info.confidence).toBeLessThanOrEqual(1);
        }
        if (info.company !== undefined) expect(info.networkType).toBe('company');
      }),
      { numRuns: 2000 },
    );
  });
});
