import type { NetworkInfo } from '../scoring/events';
import { classifyNetwork } from './classify-network';
import type { NetworkOverrides } from './network-overrides';

/** Longest AS organisation kept; real ones are well under 100 characters. */
const MAX_ORGANIZATION = 200;
/** Longest city or region name kept. */
const MAX_PLACE = 64;
/** 4294967295 is reserved (RFC 7300) and 23456 is AS_TRANS (RFC 6793): neither names a network. */
const MAX_ASN = 4294967294;
const AS_TRANS = 23456;

/** Cloudflare's `country` for Tor exit nodes; `XX` means unknown. */
const TOR_COUNTRY = 'T1';
const UNKNOWN_COUNTRY = 'XX';

/**
 * Four dotted numbers in any radix (`203.0.113.7`, `0xcb.0.0x71.7`) and colon-hex groups: a field
 * that contains something address-shaped is dropped, never stored. Deliberately loose.
 */
const IPV4_LIKE = /(?:0x[0-9a-f]+|\d+)(?:\.(?:0x[0-9a-f]+|\d+)){3}/i;
const IPV6_LIKE = /(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}/i;

/**
 * What the edge may keep about the visitor's network, derived from Cloudflare's `request.cf`:
 * coarse geography (country, region, city), the ASN, and what the network is — a company's own
 * (with the company's name and a confidence), a consumer ISP, a mobile carrier, hosting, education
 * or government. Postal code, coordinates, timezone and metro code are never copied.
 *
 * It must never be given the client IP: `cf` does not carry it, and the IP header is the caller's
 * to ignore. Every string field is checked and dropped if it looks like an address anyway.
 * `overrides` (from `LB_NETWORK_OVERRIDES`) beat the built-in lists. Pure; never throws.
 */
export function networkInfo(
  cf: IncomingRequestCfProperties | undefined,
  overrides?: NetworkOverrides,
): NetworkInfo | undefined {
  if (!cf || typeof cf !== 'object') return undefined;
  const rawCountry: unknown = cf.country;
  const tor = rawCountry === TOR_COUNTRY;
  const country =
    typeof rawCountry === 'string' && /^[A-Z]{2}$/.test(rawCountry) && rawCountry !== UNKNOWN_COUNTRY
      ? rawCountry
      : undefined;
  const region = text(cf.region, MAX_PLACE);
  const regionCode =
    typeof cf.regionCode === 'string' && /^[A-Z0-9]{1,3}$/.test(cf.regionCode) ? cf.regionCode : undefined;
  const city = text(cf.city, MAX_PLACE);
  const asn = asNumber(cf.asn);
  const organization = text(cf.asOrganization, MAX_ORGANIZATION);

  const classified = classifyNetwork(asn, organization, overrides);
  // Tor exits hide the real network whatever AS they run in.
  const type = tor ? 'hosting' : classified.type;
  const keepsOrganization =
    type === 'company' || type === 'hosting' || type === 'education' || type === 'government';

  const info: NetworkInfo = {
    ...(country ? { country } : {}),
    ...(region ? { region } : {}),
    ...(regionCode ? { regionCode } : {}),
    ...(city ? { city } : {}),
    ...(asn !== undefined ? { asn } : {}),
    ...(organization && keepsOrganization ? { asOrganization: organization } : {}),
    networkType: type,
    ...(type === 'company' && classified.company
      ? { company: classified.company, companyKey: classified.companyKey, confidence: classified.confidence }
      : {}),
    ...(type === 'hosting' ? { datacenter: true } : {}),
  };
  // Nothing known at all (e.g. a local request without `cf` data) is no information.
  return Object.keys(info).length === 1 && type === 'unknown' ? undefined : info;
}

/**
 * A trimmed, single-line name of at most `max` characters. A name has letters: this also drops
 * integer and dotted forms of addresses (`2130706433`, `127.1`).
 */
function text(value: unknown, max: number): string | undefined {
  if (typeof value !== 'string' || value.length > max * 4) return undefined;
  const s = value
    .replace(/[\p{Cc}\p{Cf}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!s || s.length > max || !/\p{L}/u.test(s) || looksLikeIp(s)) return undefined;
  return s;
}

function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' &&
    Number.isInteger(value) &&
    value >= 1 &&
    value <= MAX_ASN &&
    value !== AS_TRANS
    ? value
    : undefined;
}

/** Whether a string contains something shaped like an IPv4 or IPv6 address. */
export function looksLikeIp(s: string): boolean {
  return IPV4_LIKE.test(s) || IPV6_LIKE.test(s);
}
