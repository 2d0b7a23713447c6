import type { NetworkType } from '../scoring/events';
import { cleanOrganizationName, companyKey } from './company-name';
import { ASN_CLASSES, KNOWN_COMPANY_ASNS, NAME_PATTERNS } from './network-lists';
import type { NetworkOverrides } from './network-overrides';

/** What a network is and, when it is a company's own, whose. */
export type NetworkClassification = {
  type: NetworkType;
  /** What decided the type: an operator override, the ASN lists, the organisation's name, or nothing to go on. */
  source: 'override' | 'asn' | 'name' | 'none';
  /** Display name of the company (type `company` only). */
  company?: string;
  /** Grouping key of the company (type `company` only). */
  companyKey?: string;
  /** 0–1: how sure the company attribution is (type `company` only). */
  confidence?: number;
};

/** Longest organisation name considered; longer input is not a real AS name. */
const MAX_ORGANIZATION = 200;

/** Confidence for a company named by an operator override. */
const OVERRIDE_CONFIDENCE = 1;
/** Confidence for a company from `KNOWN_COMPANY_ASNS`. */
const KNOWN_COMPANY_CONFIDENCE = 0.9;
/** Confidence for a network an override marks as a company without naming it: the type is sure, the name is the AS's. */
const OVERRIDE_TYPE_CONFIDENCE = 0.9;

/**
 * Words that small ISPs and hosters use ("Foo Networks", "Bar Online") and companies rarely do:
 * a name made of them is likely an unlisted provider, not a visitor's employer.
 */
const PROVIDER_ISH =
  /(?<![\p{L}\p{N}])(?:net|nets|network|networks|internet|online|web|link|connect\p{L}*|ix|transit|backbone)(?![\p{L}\p{N}])|\p{L}net$/iu;

/**
 * Classifies a network from its ASN and AS organisation, in this order: an operator override for
 * the ASN, the maintained ASN lists, the name heuristics, and otherwise a company. Pure; never
 * throws.
 */
export function classifyNetwork(
  asn: number | undefined,
  organization: string | undefined,
  overrides?: NetworkOverrides,
): NetworkClassification {
  const org = organization && organization.length <= MAX_ORGANIZATION ? organization : undefined;

  const override = asn === undefined ? undefined : overrides?.get(asn);
  if (override) {
    if (override.type !== 'company') return { type: override.type, source: 'override' };
    if (override.company) {
      return {
        type: 'company',
        source: 'override',
        company: override.company,
        companyKey: keyOf(override.company),
        confidence: OVERRIDE_CONFIDENCE,
      };
    }
    const cleaned = org ? cleanOrganizationName(org) : undefined;
    return cleaned
      ? {
          type: 'company',
          source: 'override',
          company: cleaned.name,
          companyKey: cleaned.key,
          confidence: OVERRIDE_TYPE_CONFIDENCE,
        }
      : { type: 'company', source: 'override' };
  }

  if (asn !== undefined) {
    const cls = ASN_CLASSES.get(asn);
    if (cls) return { type: cls, source: 'asn' };
    const known = KNOWN_COMPANY_ASNS.get(asn);
    if (known) {
      return {
        type: 'company',
        source: 'asn',
        company: known,
        companyKey: keyOf(known),
        confidence: KNOWN_COMPANY_CONFIDENCE,
      };
    }
  }

  if (!org) return { type: 'unknown', source: 'none' };
  const words = org.toLowerCase().replace(/[^\p{L}\p{N}&]+/gu, ' ');
  for (const [cls, pattern] of NAME_PATTERNS) if (pattern.test(words)) return { type: cls, source: 'name' };

  const cleaned = cleanOrganizationName(org);
  if (!cleaned) return { type: 'unknown', source: 'none' };
  return {
    type: 'company',
    source: 'name',
    company: cleaned.name,
    companyKey: cleaned.key,
    confidence: nameConfidence(cleaned, asn !== undefined),
  };
}

/**
 * How sure a heuristic company match is. It starts at 0.6 because an unlisted regional ISP without
 * a telling word in its name ("Bahnhof AB") looks exactly like a company. A legal form says the name
 * is a registered organisation's; a routing handle, a short or provider-ish name, or a missing ASN
 * make it less certain.
 */
function nameConfidence(
  cleaned: { name: string; legalForm: boolean; handle: boolean },
  hasAsn: boolean,
): number {
  let c = 0.6;
  if (cleaned.legalForm) c += 0.15;
  if (cleaned.handle) c -= 0.1;
  if (cleaned.name.replace(/[^\p{L}\p{N}]/gu, '').length <= 3) c -= 0.15;
  if (PROVIDER_ISH.test(cleaned.name)) c -= 0.2;
  if (!hasAsn) c -= 0.1;
  return Math.round(Math.min(0.95, Math.max(0.05, c)) * 100) / 100;
}

/** The grouping key of a given name: the same key the heuristics would derive from its AS name. */
function keyOf(name: string): string {
  return cleanOrganizationName(name)?.key ?? companyKey(name);
}
