import { describe, expect, it } from 'vitest';
import { cachedNetworkOverrides, parseNetworkOverrides } from './network-overrides';

describe('parseNetworkOverrides', () => {
  it('reads ASN → type and optional company', () => {
    const overrides = parseNetworkOverrides(
      '{"64500": {"type": "company", "company": "  Acme  "}, "7922": {"type": "company"}, "64501": {"type": "hosting"}}',
    );
    expect([...overrides]).toEqual([
      [7922, { type: 'company' }],
      [64500, { type: 'company', company: 'Acme' }],
      [64501, { type: 'hosting' }],
    ]);
  });

  it.each([undefined, '', '  \n'])('treats %j as no overrides', (raw) => {
    expect(parseNetworkOverrides(raw).size).toBe(0);
  });

  it.each([
    ['{', 'LB_NETWORK_OVERRIDES is not valid JSON'],
    ['[]', 'LB_NETWORK_OVERRIDES: expected a JSON object from ASN to override'],
    ['"isp"', 'LB_NETWORK_OVERRIDES: expected a JSON object from ASN to override'],
    ['null', 'LB_NETWORK_OVERRIDES: expected a JSON object from ASN to override'],
    [
      '{"AS64500": {"type": "isp"}}',
      'LB_NETWORK_OVERRIDES: AS64500: keys are ASNs: a decimal number without "AS"',
    ],
    ['{"0": {"type": "isp"}}', 'LB_NETWORK_OVERRIDES: 0: keys are ASNs: a decimal number without "AS"'],
    ['{"4294967295": {"type": "isp"}}', 'LB_NETWORK_OVERRIDES: 4294967295: ASNs go up to 4294967294'],
    [
      '{"64500": {"type": "corporate"}}',
      'LB_NETWORK_OVERRIDES: 64500.type: expected one of company, isp, mobile, hosting, education, government',
    ],
    [
      '{"64500": {"type": "unknown"}}',
      'LB_NETWORK_OVERRIDES: 64500.type: expected one of company, isp, mobile, hosting, education, government',
    ],
    [
      '{"64500": {"type": "company", "company": " "}}',
      'LB_NETWORK_OVERRIDES: 64500.company: expected a non-empty name',
    ],
    [
      '{"64500": {"type": "company", "company": 7}}',
      'LB_NETWORK_OVERRIDES: 64500.company: expected a string',
    ],
    [
      `{"64500": {"type": "company", "company": "${'x'.repeat(101)}"}}`,
      'LB_NETWORK_OVERRIDES: 64500.company: expected at most 100 characters',
    ],
    [
      '{"64500": {"type": "isp", "company": "Acme"}}',
      'LB_NETWORK_OVERRIDES: 64500.company: a company name is only allowed with type "company"',
    ],
    [
      '{"64500": {"type": "isp", "name": "x"}}',
      'LB_NETWORK_OVERRIDES: 64500.name: Invalid key: Expected never but received "name"',
    ],
  ])('rejects %s', (raw, message) => {
    expect(() => parseNetworkOverrides(raw)).toThrow(message);
  });
});

describe('cachedNetworkOverrides', () => {
  it('parses each distinct value once and still reports broken ones', () => {
    const raw = '{"64500": {"type": "isp"}}';
    const first = cachedNetworkOverrides(raw);
    expect(cachedNetworkOverrides(raw)).toBe(first);
    expect(cachedNetworkOverrides('{"64500": {"type": "mobile"}}').get(64500)).toEqual({ type: 'mobile' });
    expect(() => cachedNetworkOverrides('{')).toThrow('not valid JSON');
  });
});
