/**
 * Which URLs a webhook may be sent to. The collector POSTs lead data wherever a subscription
 * points, so a production collector refuses anything that could reach its own network (SSRF):
 * plain http, loopback, private, link-local and other special-purpose addresses, and host names
 * that only resolve inside a network. A name that resolves to a private address cannot be caught
 * here (Workers cannot resolve DNS before fetching); on Cloudflare such a fetch leaves from the
 * edge and cannot reach a private network anyway.
 */

import ipaddr from 'ipaddr.js';

export type DestinationOptions = {
  /** Accept http and private or loopback hosts, for local receivers in development and tests. Default false. */
  allowPrivate?: boolean;
};

export type DestinationCheck = { ok: true; url: URL } | { ok: false; reason: string };

/** Longest accepted URL; webhook endpoints are short. */
export const MAX_URL_LENGTH = 2048;

const LOCAL_SUFFIXES = ['.localhost', '.local', '.internal', '.intranet', '.lan', '.home.arpa', '.corp'];

export function checkDestination(raw: string, options: DestinationOptions = {}): DestinationCheck {
  if (raw.length > MAX_URL_LENGTH) return { ok: false, reason: `longer than ${MAX_URL_LENGTH} characters` };
  if (!URL.canParse(raw)) return { ok: false, reason: 'not an absolute URL' };
  const url = new URL(raw);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, reason: 'only http(s) URLs can receive webhooks' };
  }
  if (url.username || url.password) return { ok: false, reason: 'URLs with credentials are refused' };
  if (options.allowPrivate) return { ok: true, url };

  if (url.protocol !== 'https:') return { ok: false, reason: 'webhooks require https' };
  // One spelling per host before the checks: `localhost.` and `localhost` are the same DNS name.
  const host = url.hostname.toLowerCase().replace(/\.+$/, '');
  const refused = { ok: false, reason: `refusing a private, loopback or local host (${host})` } as const;
  const literal = host.startsWith('[') ? host.slice(1, -1) : host;
  if (ipaddr.isValid(literal) && (host.startsWith('[') || ipaddr.IPv4.isValidFourPartDecimal(literal))) {
    return isPublicAddress(ipaddr.parse(literal)) ? { ok: true, url } : refused;
  }
  // A single-label name (`metadata`, `intranet`) only resolves through a local search domain.
  if (!host.includes('.') || host === 'localhost') return refused;
  if (LOCAL_SUFFIXES.some((s) => host.endsWith(s))) return refused;
  return { ok: true, url };
}

/**
 * Only plain public unicast addresses pass. ipaddr.js names every special-purpose range (RFC 6890
 * and successors); anything it does not call `unicast` is refused. IPv6 must also lie in global
 * unicast space (2000::/3), which leaves out the IPv4-compatible form `::a.b.c.d` that ipaddr.js
 * does not name. Of the forms that carry an IPv4 address inside IPv6, only IPv4-mapped is judged
 * by the address it carries; 6to4, Teredo, NAT64 and translated addresses are refused whole, since
 * they can reach private IPv4 space through a relay and no webhook receiver needs them.
 */
function isPublicAddress(address: ipaddr.IPv4 | ipaddr.IPv6): boolean {
  if (address.kind() === 'ipv4') return address.range() === 'unicast';
  const v6 = address as ipaddr.IPv6;
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address().range() === 'unicast';
  return v6.range() === 'unicast' && v6.match(GLOBAL_UNICAST);
}

const GLOBAL_UNICAST = ipaddr.parseCIDR('2000::/3') as [ipaddr.IPv6, number];
