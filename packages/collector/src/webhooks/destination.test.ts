import { describe, expect, it } from 'vitest';
import { checkDestination } from './destination';

const refusedEverywhere = [
  ['ftp://example.com/hook', /only http\(s\)/],
  ['javascript:alert(1)', /only http\(s\)/],
  ['https://user:pw@example.com/hook', /credentials/],
  ['https://user@example.com/hook', /credentials/],
  ['example.com/hook', /not an absolute URL/],
  [`https://example.com/${'a'.repeat(2100)}`, /longer than/],
] as const;

const privateHosts = [
  'https://localhost/hook',
  'https://api.localhost/hook',
  'https://127.0.0.1/hook',
  'https://127.1/hook',
  'https://2130706433/hook',
  'https://0x7f.0.0.1/hook',
  'https://0.0.0.0/hook',
  'https://10.1.2.3/hook',
  'https://172.16.0.1/hook',
  'https://172.31.255.255/hook',
  'https://192.168.1.1/hook',
  'https://169.254.169.254/latest/meta-data',
  'https://100.64.0.1/hook',
  'https://[::1]/hook',
  'https://[::]/hook',
  'https://[::ffff:127.0.0.1]/hook',
  'https://[::ffff:10.0.0.1]/hook',
  'https://[fd00::1]/hook',
  'https://[fe80::1]/hook',
  'https://[64:ff9b::a00:1]/hook',
  'https://metadata/computeMetadata',
  'https://printer.local/hook',
  'https://db.internal/hook',
  'https://router.home.arpa/hook',
  // A trailing dot names the same host (an absolute DNS name).
  'https://localhost./hook',
  'https://localhost../hook',
  'https://LOCALHOST./hook',
  'https://metadata.google.internal./computeMetadata/v1/',
  'https://x.internal./hook',
  'https://foo.local./hook',
  'https://metadata./hook',
  'https://127.0.0.1./hook',
  // IPv4 inside IPv6: compatible (::a.b.c.d), mapped, translated (RFC 6145), NAT64 (RFC 6052 and
  // the local-use prefix of RFC 8215), 6to4 (2002::/16) and Teredo (2001::/32).
  'https://[::127.0.0.1]/hook',
  'https://[::7f00:1]/hook',
  'https://[::10.0.0.1]/hook',
  'https://[::8.8.8.8]/hook',
  'https://[::ffff:7f00:1]/hook',
  'https://[::ffff:0:127.0.0.1]/hook',
  'https://[64:ff9b:1::7f00:1]/hook',
  'https://[2002:7f00:1::]/hook',
  'https://[2002:a00:1::1]/hook',
  'https://[2002:808:808::1]/hook',
  'https://[2001:0:4136:e378:8000:63bf:80ff:fffe]/hook',
  'https://[2001::1]/hook',
  // Other special-purpose IPv6: site-local, discard, benchmarking, ORCHID, reserved ::/8.
  'https://[fec0::1]/hook',
  'https://[100::1]/hook',
  'https://[2001:2::1]/hook',
  'https://[2001:20::1]/hook',
  'https://[::2]/hook',
  // IPv4 special-purpose ranges beyond the private ones.
  'https://192.0.0.1/hook',
  'https://192.0.2.1/hook',
  'https://198.18.0.1/hook',
  'https://198.51.100.1/hook',
  'https://203.0.113.1/hook',
  'https://240.0.0.1/hook',
  'https://255.255.255.255/hook',
  'https://224.0.0.1/hook',
];

const publicHosts = [
  'https://hooks.slack.com/services/T000/B000/XXXX',
  'https://example.com:8443/hook?x=1',
  'https://8.8.8.8/hook',
  'https://172.32.0.1/hook',
  'https://[2606:4700:4700::1111]/hook',
  'https://[::ffff:8.8.8.8]/hook',
  'https://[2a00:1450:4001:82a::200e]/hook',
  'https://example.com./hook',
];

describe('webhook destinations', () => {
  it('refuses non-http(s) URLs, credentials and junk everywhere', () => {
    for (const [url, reason] of refusedEverywhere) {
      for (const allowPrivate of [false, true]) {
        const check = checkDestination(url, { allowPrivate });
        expect(check.ok, url).toBe(false);
        if (!check.ok) expect(check.reason).toMatch(reason);
      }
    }
  });

  it('in production requires https and a public host', () => {
    expect(checkDestination('http://example.com/hook')).toEqual({
      ok: false,
      reason: 'webhooks require https',
    });
    for (const url of privateHosts) {
      const check = checkDestination(url);
      expect(check.ok, url).toBe(false);
      if (!check.ok) expect(check.reason).toMatch(/private, loopback or local/);
    }
    for (const url of publicHosts) expect(checkDestination(url).ok, url).toBe(true);
  });

  it('in development accepts local receivers over http', () => {
    for (const url of ['http://127.0.0.1:8123/ok', 'http://localhost:3000/hook', ...privateHosts]) {
      expect(checkDestination(url, { allowPrivate: true }).ok, url).toBe(true);
    }
  });
});
