/**
 * Which URLs a webhook may be sent to. The collector POSTs lead data wherever a subscription
 * points, so a production collector refuses anything that could reach its own network (SSRF):
 * plain http, loopback, private, link-local and other special-purpose addresses, and host names
 * that only resolve inside a network. A name that resolves to a private address cannot be caught
 * here (Workers cannot resolve DNS before fetching); on Cloudflare such a fetch leaves from the
 * edge and cannot reach a private network anyway.
 */

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
  const host = url.hostname.toLowerCase();
  const refused = { ok: false, reason: `refusing a private, loopback or local host (${host})` } as const;
  if (host.startsWith('[')) return isPublicIpv6(host.slice(1, -1)) ? { ok: true, url } : refused;
  const v4 = parseIpv4(host);
  if (v4) return isPublicIpv4(v4) ? { ok: true, url } : refused;
  // A single-label name (`metadata`, `intranet`) only resolves through a local search domain.
  if (!host.includes('.') || host === 'localhost') return refused;
  if (LOCAL_SUFFIXES.some((s) => host.endsWith(s))) return refused;
  return { ok: true, url };
}

/** The WHATWG URL parser already canonicalises IPv4 forms (`2130706433`, `0x7f.1`) to dotted quads. */
function parseIpv4(host: string): number[] | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  return parts.every((p) => p <= 255) ? parts : null;
}

function isPublicIpv4([a = 0, b = 0, c = 0]: number[]): boolean {
  if (a === 0 || a === 10 || a === 127 || a >= 224) return false; // this network, private, loopback, multicast, reserved
  if (a === 100 && b >= 64 && b <= 127) return false; // carrier-grade NAT
  if (a === 169 && b === 254) return false; // link-local, cloud metadata endpoints
  if (a === 172 && b >= 16 && b <= 31) return false;
  if (a === 192 && b === 168) return false;
  if (a === 192 && b === 0 && (c === 0 || c === 2)) return false; // IETF assignments, TEST-NET-1
  if (a === 198 && (b === 18 || b === 19)) return false; // benchmarking
  if (a === 198 && b === 51 && c === 100) return false; // TEST-NET-2
  if (a === 203 && b === 0 && c === 113) return false; // TEST-NET-3
  return true;
}

function isPublicIpv6(literal: string): boolean {
  const groups = expandIpv6(literal);
  if (!groups) return false;
  const [g0 = 0, , , , , g5 = 0, g6 = 0, g7 = 0] = groups;
  if (groups.every((g) => g === 0)) return false; // ::
  if (groups.slice(0, 7).every((g) => g === 0) && g7 === 1) return false; // ::1
  // IPv4-mapped (::ffff:a.b.c.d): judge the IPv4 address it stands for.
  if (groups.slice(0, 5).every((g) => g === 0) && g5 === 0xffff) {
    return isPublicIpv4([g6 >> 8, g6 & 0xff, g7 >> 8, g7 & 0xff]);
  }
  if ((g0 & 0xfe00) === 0xfc00) return false; // unique local fc00::/7
  if ((g0 & 0xffc0) === 0xfe80) return false; // link-local fe80::/10
  if ((g0 & 0xff00) === 0xff00) return false; // multicast
  if (g0 === 0x2001 && groups[1] === 0x0db8) return false; // documentation
  if (g0 === 0x64 && groups[1] === 0xff9b) return false; // NAT64 can reach private IPv4
  return true;
}

/** Eight 16-bit groups, or null. The URL parser has already normalised the literal. */
function expandIpv6(literal: string): number[] | null {
  const halves = literal.split('::');
  if (halves.length > 2) return null;
  const toGroups = (s: string) => (s ? s.split(':').map((g) => Number.parseInt(g, 16)) : []);
  const head = toGroups(halves[0] ?? '');
  const tail = toGroups(halves[1] ?? '');
  const fill = halves.length === 2 ? 8 - head.length - tail.length : 0;
  const groups = [...head, ...Array<number>(Math.max(0, fill)).fill(0), ...tail];
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff)
    ? groups
    : null;
}
