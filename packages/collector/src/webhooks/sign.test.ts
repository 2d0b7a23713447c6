import { describe, expect, it } from 'vitest';
import { newWebhookSecret, signWebhook, verifyWebhookSignature } from './sign';

const SECRET = 'whsec_test';
const BODY = '{"type":"lead.band_changed"}';
const TS = 1_700_000_000;
// HMAC-SHA256("whsec_test", '1700000000.{"type":"lead.band_changed"}'), computed with Python's hmac.
const KNOWN = 'v1=5d3c2f9dc7bc98d34959dea103b71983519af922dd11dddbb4ec54ca7d4e77c0';

describe('webhook signatures', () => {
  it('signs "<timestamp>.<body>" with HMAC-SHA256, keyed by the secret string', async () => {
    expect(await signWebhook(SECRET, TS, BODY)).toBe(KNOWN);
  });

  it('verifies a fresh signature and refuses any change', async () => {
    expect(await verifyWebhookSignature(SECRET, String(TS), BODY, KNOWN, TS + 10)).toBe(true);
    expect(await verifyWebhookSignature('whsec_other', String(TS), BODY, KNOWN, TS)).toBe(false);
    expect(await verifyWebhookSignature(SECRET, String(TS + 1), BODY, KNOWN, TS)).toBe(false);
    expect(await verifyWebhookSignature(SECRET, String(TS), `${BODY}\n`, KNOWN, TS)).toBe(false);
    expect(
      await verifyWebhookSignature(SECRET, String(TS), BODY, KNOWN.toUpperCase().replace('V1', 'v1'), TS),
    ).toBe(true);
  });

  it('refuses replays outside the tolerance', async () => {
    expect(await verifyWebhookSignature(SECRET, String(TS), BODY, KNOWN, TS + 300)).toBe(true);
    expect(await verifyWebhookSignature(SECRET, String(TS), BODY, KNOWN, TS + 301)).toBe(false);
    expect(await verifyWebhookSignature(SECRET, String(TS), BODY, KNOWN, TS - 301)).toBe(false);
    expect(await verifyWebhookSignature(SECRET, String(TS), BODY, KNOWN, TS + 3000, 3600)).toBe(true);
  });

  it('accepts any of several listed signatures (secret rotation) and ignores junk', async () => {
    const other = await signWebhook('whsec_old', TS, BODY);
    expect(await verifyWebhookSignature(SECRET, String(TS), BODY, `${other}, ${KNOWN}`, TS)).toBe(true);
    expect(await verifyWebhookSignature(SECRET, String(TS), BODY, `v0=abc ${KNOWN}`, TS)).toBe(true);
    for (const header of ['', 'v1=', 'v1=zz', KNOWN.slice(0, -2), `v2=${KNOWN.slice(3)}`, null, undefined]) {
      expect(await verifyWebhookSignature(SECRET, String(TS), BODY, header, TS)).toBe(false);
    }
    for (const ts of ['', 'abc', '1e9', '-1', null, undefined]) {
      expect(await verifyWebhookSignature(SECRET, ts, BODY, KNOWN, TS)).toBe(false);
    }
  });

  it('makes distinct, URL-safe secrets with 256 bits of randomness', () => {
    const a = newWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(newWebhookSecret()).not.toBe(a);
  });
});
