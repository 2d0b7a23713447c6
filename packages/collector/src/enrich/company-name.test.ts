import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanOrganizationName, companyKey } from './company-name';

describe('cleanOrganizationName', () => {
  it.each([
    // [input, display name, key, legal form, handle]
    ['Acme Manufacturing GmbH', 'Acme Manufacturing', 'acme-manufacturing', true, false],
    ['Globex, Inc.', 'Globex', 'globex', true, false],
    ['Initech LLC', 'Initech', 'initech', true, false],
    ['Hooli Ltd', 'Hooli', 'hooli', true, false],
    ['Siemens AG', 'Siemens', 'siemens', true, false],
    ['Société Générale S.A.', 'Société Générale', 'societe-generale', true, false],
    ['Umbrella Pharma B.V.', 'Umbrella Pharma', 'umbrella-pharma', true, false],
    ['Wayne Enterprises Corp.', 'Wayne Enterprises', 'wayne-enterprises', true, false],
    ['Stark Industries Co., Ltd.', 'Stark Industries', 'stark-industries', true, false],
    ['Contabo Asia Private Limited', 'Contabo Asia', 'contabo-asia', true, false],
    ['Example Holding GmbH & Co. KG', 'Example Holding', 'example-holding', true, false],
    ['First Root UG (haftungsbeschraenkt)', 'First Root', 'first-root', true, false],
    ['Artnet Sp. z o.o.', 'Artnet', 'artnet', true, false],
    ['Telia Company AB', 'Telia Company', 'telia-company', true, false],
    ['Müller Straße GmbH', 'Müller Straße', 'muller-strasse', true, false],
    ['LLC Baxet', 'Baxet', 'baxet', true, false],
    ['Acme Inc. AS64500', 'Acme', 'acme', true, false],
    ['AS64500 Acme Widgets', 'Acme Widgets', 'acme-widgets', false, false],
    ['Vultr (AS-CHOOPA)', 'Vultr', 'vultr', false, false],
    ['Acme Widgets Inc. (Germany)', 'Acme Widgets', 'acme-widgets', true, false],
    ['Uberspace (Jonas Pasche)', 'Uberspace', 'uberspace', false, false],
    ['COMCAST-7922', 'Comcast', 'comcast', false, true],
    ['ASN-QUADRANET-GLOBAL', 'Quadranet Global', 'quadranet-global', false, true],
    ['INITECH-CORP-AS', 'Initech', 'initech', true, true],
    ['IBM-AS', 'IBM', 'ibm', false, true],
    ['FACEBOOK', 'Facebook', 'facebook', false, false],
    ['SAP', 'SAP', 'sap', false, false],
    ['BANK OF AMERICA', 'Bank of America', 'bank-of-america', false, false],
    ['DEUTSCHE BANK AG', 'Deutsche Bank', 'deutsche-bank', true, false],
    ['RCS & RDS', 'RCS & RDS', 'rcs-rds', false, false],
    ['  Acme\tWidgets  ', 'Acme Widgets', 'acme-widgets', false, false],
    ['日本電信電話株式会社', '日本電信電話株式会社', '日本電信電話株式会社', false, false],
  ])('%s → %s', (input, name, key, legalForm, handle) => {
    expect(cleanOrganizationName(input)).toEqual({ name, key, legalForm, handle });
  });

  it.each(['', '   ', '---', '12345', '(AS64500)', '.'])('finds no name in %j', (input) => {
    expect(cleanOrganizationName(input)).toBeUndefined();
  });

  it('does not strip a legal form that is the whole name, nor letters inside a word', () => {
    expect(cleanOrganizationName('Texas')?.name).toBe('Texas');
    expect(cleanOrganizationName('AG')?.name).toBe('AG');
    expect(cleanOrganizationName('Bank of Kansas')?.name).toBe('Bank of Kansas');
  });

  it('always yields a non-empty name and a slug key, or nothing', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        const out = cleanOrganizationName(s);
        if (!out) return;
        expect(out.name.length).toBeGreaterThan(0);
        expect(out.name.length).toBeLessThanOrEqual(200);
        expect(out.key).toMatch(/^[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*$/u);
        expect(out.key.length).toBeLessThanOrEqual(64);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('companyKey', () => {
  it('groups spellings of one name together', () => {
    expect(companyKey('Acme Manufacturing')).toBe('acme-manufacturing');
    expect(companyKey('ACME  manufacturing!')).toBe('acme-manufacturing');
    expect(companyKey('Acme-Manufacturing')).toBe('acme-manufacturing');
    expect(companyKey('Åcme Manufactüring')).toBe('acme-manufacturing');
  });
});
