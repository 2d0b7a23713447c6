/**
 * From a member's key (`membership.ts`) to its account's domain, in one D1 statement:
 *
 * 1. an admin's alias for the key (`d:acme.de` → `acme.com`, `n:acme-gmbh` → `acme.com`) wins;
 * 2. a business domain (`d:<domain>`) is its own account;
 * 3. a company network (`n:<companyKey>`) joins the account whose known people came from it; when
 *    several did, the account with the most known people (Demandbase's lead-to-account rule: ties
 *    go to the account with the most contacts), then the most people from that network, then the
 *    domain's name, so the answer is deterministic;
 * 4. a network no known person has come from yet joins nothing (it is tried again at the visitor's
 *    next beacon).
 */
export async function resolveAccount(db: D1Database, site: string, key: string): Promise<string | null> {
  const row = await db
    .prepare(
      `SELECT COALESCE(
         (SELECT domain FROM account_aliases WHERE site = ?1 AND alias = ?2),
         CASE WHEN ?2 LIKE 'd:%' THEN SUBSTR(?2, 3) END,
         (SELECT n.domain FROM account_networks n LEFT JOIN accounts a ON a.site = n.site AND a.domain = n.domain
            WHERE n.site = ?1 AND n.company_key = SUBSTR(?2, 3) AND ?2 LIKE 'n:%'
            ORDER BY COALESCE(a.known_people, 0) DESC, n.people DESC, n.domain LIMIT 1)
       ) AS domain`,
    )
    .bind(site, key)
    .first<{ domain: string | null }>();
  return row?.domain ?? null;
}

/** An account's Durable Object name. */
export const accountObjectName = (site: string, domain: string): string => `a:${site}:${domain}`;

export function accountStub(env: Pick<Env, 'ACCOUNTS'>, site: string, domain: string) {
  return env.ACCOUNTS.get(env.ACCOUNTS.idFromName(accountObjectName(site, domain)));
}
