import * as v from 'valibot';
import { formatIssues } from '../schema/issues';
import type { NetworkType } from '../scoring/events';

/** An operator's ruling on one ASN, beating the maintained lists and the heuristics. */
export type NetworkOverride = {
  /** What the network is. */
  type: Exclude<NetworkType, 'unknown'>;
  /** Display name, only with type `company`; defaults to the cleaned AS organisation. */
  company?: string;
};

/** ASN → override, as parsed from `LB_NETWORK_OVERRIDES`. */
export type NetworkOverrides = ReadonlyMap<number, NetworkOverride>;

/** 4294967295 is reserved (RFC 7300); 0 is not routable. */
const MAX_ASN = 4294967294;
const MAX_COMPANY = 100;
const TYPES = ['company', 'isp', 'mobile', 'hosting', 'education', 'government'] as const;

const OverridesSchema = v.record(
  v.pipe(
    v.string(),
    v.regex(/^[1-9]\d{0,9}$/, 'keys are ASNs: a decimal number without "AS"'),
    v.check((key) => Number(key) <= MAX_ASN, `ASNs go up to ${MAX_ASN}`),
  ),
  v.pipe(
    v.strictObject({
      type: v.picklist(TYPES, `expected one of ${TYPES.join(', ')}`),
      company: v.optional(
        v.pipe(
          v.string('expected a string'),
          v.trim(),
          v.minLength(1, 'expected a non-empty name'),
          v.maxLength(MAX_COMPANY, `expected at most ${MAX_COMPANY} characters`),
          v.regex(/^\P{Cc}*$/u, 'control characters are not allowed'),
        ),
      ),
    }),
    v.forward(
      v.partialCheck(
        [['type'], ['company']],
        (o) => o.company === undefined || o.type === 'company',
        'a company name is only allowed with type "company"',
      ),
      ['company'],
    ),
  ),
);

const EMPTY: NetworkOverrides = new Map();

/**
 * Parses `LB_NETWORK_OVERRIDES`, a JSON object from ASN to `{ "type": …, "company"?: … }`, e.g.
 * `{"64500": {"type": "company", "company": "Acme"}, "64501": {"type": "isp"}}`. Unset or blank
 * means no overrides. A broken value is an operator error: it throws with the path of the mistake
 * (`LB_NETWORK_OVERRIDES: 64500.type: expected one of …`) rather than being half applied.
 */
export function parseNetworkOverrides(raw: string | undefined): NetworkOverrides {
  if (raw === undefined || raw.trim() === '') return EMPTY;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new Error('LB_NETWORK_OVERRIDES is not valid JSON');
  }
  // A JSON array is an object too, and an empty one would pass as "no overrides" unnoticed.
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new Error('LB_NETWORK_OVERRIDES: expected a JSON object from ASN to override');
  }
  const parsed = v.safeParse(OverridesSchema, json);
  if (!parsed.success) throw new Error(`LB_NETWORK_OVERRIDES: ${formatIssues(parsed.issues)}`);
  return new Map(
    Object.entries(parsed.output).map(([asn, o]) => [
      Number(asn),
      o.company === undefined ? { type: o.type } : { type: o.type, company: o.company },
    ]),
  );
}

let cached: { raw: string | undefined; overrides: NetworkOverrides } | undefined;

/** `parseNetworkOverrides`, remembered for the last raw value: the variable is parsed once per isolate. */
export function cachedNetworkOverrides(raw: string | undefined): NetworkOverrides {
  if (cached && cached.raw === raw) return cached.overrides;
  const overrides = parseNetworkOverrides(raw);
  cached = { raw, overrides };
  return overrides;
}
