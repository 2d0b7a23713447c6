/**
 * Who belongs to which account: the matching rules, pure (no bindings). An account is keyed by a
 * business e-mail domain. A member's *key* says what it can join:
 *
 * - a person with a business address (the model's domain classification): `d:<domain>`;
 * - an anonymous visitor whose latest network is a company's own (`networkType: company`, see
 *   `enrich/README.md`): `n:<companyKey>`, which joins the account its company network is linked to;
 * - anybody else never joins: a free-mail or competitor address (whatever network it came from),
 *   and visitors from consumer ISPs, mobile carriers, hosting, education, government or unknown
 *   networks.
 *
 * `resolve.ts` turns a key into an account domain (aliases, network links, ties).
 */
import type { LeadEvent, NetworkInfo, ScoreResult } from '../scoring';

/** The events an account is fed: browser and e-mail behaviour and identities, not sales actions on a person. */
export function accountRelevant(e: LeadEvent): boolean {
  return e.type !== 'sales' && e.type !== 'vitals';
}

/** The latest network a history came from, if any. */
export function latestNetwork(events: readonly LeadEvent[]): NetworkInfo | undefined {
  let latest: LeadEvent | undefined;
  for (const e of events) if (e.network && (!latest || e.at >= latest.at)) latest = e;
  return latest?.network;
}

/**
 * A member's key, or null when it never joins an account. `result` is the member's lead result
 * under the active lead model (its profile knows the address and the domain's category).
 */
export function memberKey(result: ScoreResult, network: NetworkInfo | undefined): string | null {
  const { email, emailDomain, domainCategory } = result.profile;
  if (email !== undefined) {
    return domainCategory === 'business' && emailDomain ? `d:${emailDomain}` : null;
  }
  if (network?.networkType === 'company' && network.companyKey) return `n:${network.companyKey}`;
  return null;
}

/** The network company keys a known person's history came from (to link those networks to its account). */
export function companyKeysOf(events: readonly LeadEvent[]): string[] {
  const keys = new Set<string>();
  for (const e of events) {
    if (e.network?.networkType === 'company' && e.network.companyKey) keys.add(e.network.companyKey);
  }
  return [...keys];
}

/** Account domains are lower case, without a trailing dot; anything else is refused. */
export function normaliseDomain(raw: string): string | null {
  const d = raw.trim().toLowerCase().replace(/\.$/, '');
  return /^(?=.{3,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(d) ? d : null;
}

/** Display stage names of an account: the engine's stages under the names of account journeys. */
export const ACCOUNT_STAGE_NAMES: Record<string, string> = {
  visitor: 'anonymous',
  known: 'known',
  mql: 'mqa',
  sql: 'opportunity',
  recycled: 'recycled',
};
