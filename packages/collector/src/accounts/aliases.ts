import * as v from 'valibot';
import { formatIssues } from '../schema/issues';
import { type Actor, recordAction } from '../storage/action-log';
import { siteConfig } from '../storage/sites';
import { aliasesOf } from './account-query';
import { normaliseDomain } from './membership';
import { accountStub } from './resolve';

/**
 * What an admin changes on an account, the same way from the API and the dashboard: merging
 * another domain or a company network into it (an alias), splitting an alias off again, and the
 * company profile. Each is checked here (so both are refused for the same reasons, in the same
 * `field: message` words) and written to the action log once it is done.
 */

export type Done<T> = { ok: true; value: T } | { ok: false; status: 400 | 404 | 409; error: string };

/** An account of a site: the site exists and the domain is a domain name. */
export type AccountTarget = { site: string; domain: string };

/** What the account looks like after an alias changed. */
export type AliasChange = {
  /** The alias as stored: `d:<domain>` or `n:<company key>`. */
  alias: string;
  /** Members that moved at once (a merged domain's; visitors of a network follow at their next beacon). */
  moved: number;
  /** Every alias of the account now. */
  aliases: string[];
};

/** A company network key, as `src/enrich` derives it from the network's organisation. */
export const NETWORK_KEY = /^[a-z0-9][a-z0-9-]{0,99}$/;
const NETWORK_MESSAGE = 'expected a company key such as acme-manufacturing';

/** The profile fields an admin may set, in the order forms show them. */
export const PROFILE_FIELDS = ['name', 'industry', 'company_size', 'country'] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];
export type AccountProfile = Partial<Record<ProfileField, string>>;

const short = (max: number) =>
  v.pipe(
    v.string('expected a string'),
    v.trim(),
    v.minLength(1),
    v.maxLength(max, `at most ${max} characters`),
  );

/** The profile as the API takes it; the dashboard's form is turned into the same object. */
export const ProfileSchema = v.pipe(
  v.strictObject({
    name: v.optional(short(100)),
    industry: v.optional(short(100)),
    company_size: v.optional(
      v.pipe(
        v.string('expected a string such as 51-200'),
        v.trim(),
        v.regex(/^\d{1,7}(\s*-\s*\d{1,7}|\+)?$/, 'expected a size such as 250, 51-200 or 1000+'),
      ),
    ),
    country: v.optional(
      v.pipe(v.string('expected a string'), v.regex(/^[A-Z]{2}$/, 'expected a two-letter country code')),
    ),
  }),
  v.check(
    (b) => PROFILE_FIELDS.some((f) => b[f] !== undefined),
    'expected at least one of name, industry, company_size, country',
  ),
);

/** The account of `site` and `rawDomain` (a path segment): 404 for an unknown site, 400 for a bad domain. */
export async function accountTarget(env: Env, site: string, rawDomain: string): Promise<Done<AccountTarget>> {
  if (!(await siteConfig(env, site))) return { ok: false, status: 404, error: 'site: no such site' };
  let decoded = rawDomain;
  try {
    decoded = decodeURIComponent(rawDomain);
  } catch {
    // A lone `%` is no domain either; normaliseDomain refuses it below.
  }
  const domain = normaliseDomain(decoded);
  if (!domain) return { ok: false, status: 400, error: 'domain: expected a domain name such as acme.com' };
  return { ok: true, value: { site, domain } };
}

/** The target of the action log: `site/domain`, as the account page's path has it. */
const logTarget = (t: AccountTarget) => `${t.site}/${t.domain}`;

/**
 * Merges another e-mail domain or a company network into the account. A merged domain's account
 * moves here with all its members at once, with its own aliases (no chains); visitors of a merged
 * network follow at their next beacon.
 */
export async function mergeAlias(
  env: Env,
  target: AccountTarget,
  input: { domain: string } | { network: string },
  actor: Actor,
): Promise<Done<AliasChange>> {
  const { site, domain } = target;
  let alias: string;
  if ('domain' in input) {
    const other = normaliseDomain(input.domain);
    if (!other) return { ok: false, status: 400, error: 'domain: expected a domain name such as acme.de' };
    if (other === domain)
      return { ok: false, status: 400, error: 'domain: an account cannot be its own alias' };
    const owner = await env.DB.prepare('SELECT domain FROM account_aliases WHERE site = ?1 AND alias = ?2')
      .bind(site, `d:${domain}`)
      .first<{ domain: string }>();
    if (owner) {
      return {
        ok: false,
        status: 409,
        error: `domain: ${domain} is itself an alias of ${owner.domain}; merge into that account`,
      };
    }
    alias = `d:${other}`;
  } else {
    const key = input.network.trim().toLowerCase();
    if (!NETWORK_KEY.test(key)) return { ok: false, status: 400, error: `network: ${NETWORK_MESSAGE}` };
    alias = `n:${key}`;
  }
  await env.DB.batch([
    env.DB.prepare(
      `INSERT INTO account_aliases (site, alias, domain, created_at) VALUES (?1, ?2, ?3, ?4)
       ON CONFLICT (site, alias) DO UPDATE SET domain = ?3, created_at = ?4`,
    ).bind(site, alias, domain, Date.now()),
    // Aliases of the merged domain come along: no chains.
    env.DB.prepare('UPDATE account_aliases SET domain = ?3 WHERE site = ?1 AND domain = ?2').bind(
      site,
      alias.slice(2),
      domain,
    ),
  ]);
  const moved = alias.startsWith('d:')
    ? await accountStub(env, site, alias.slice(2)).moveTo(domain)
    : { members: 0 };
  await recordAction(env.DB, {
    actor,
    action: 'account.alias',
    target: logTarget(target),
    detail: `${aliasWords(alias)} merged into ${domain}${moved.members > 0 ? ` (${membersWords(moved.members)} moved)` : ''}`,
  });
  return { ok: true, value: { alias, moved: moved.members, aliases: await aliasesOf(env.DB, site, domain) } };
}

/** Splits an alias (`d:acme.de`, `n:acme-gmbh`) off the account: a domain's members move back to their own account. */
export async function splitAlias(
  env: Env,
  target: AccountTarget,
  alias: string,
  actor: Actor,
): Promise<Done<AliasChange>> {
  const { site, domain } = target;
  if (!/^[dn]:/.test(alias))
    return { ok: false, status: 400, error: 'alias: expected d:<domain> or n:<company key>' };
  const res = await env.DB.prepare(
    'DELETE FROM account_aliases WHERE site = ?1 AND alias = ?2 AND domain = ?3',
  )
    .bind(site, alias, domain)
    .run();
  if (res.meta.changes === 0)
    return { ok: false, status: 404, error: 'alias: no such alias of this account' };
  const other = alias.startsWith('d:') ? normaliseDomain(alias.slice(2)) : null;
  const moved = other ? await accountStub(env, site, domain).split(alias, other) : { members: 0 };
  await recordAction(env.DB, {
    actor,
    action: 'account.split',
    target: logTarget(target),
    detail: `${aliasWords(alias)} split off ${domain}${moved.members > 0 ? ` (${membersWords(moved.members)} moved)` : ''}`,
  });
  return { ok: true, value: { alias, moved: moved.members, aliases: await aliasesOf(env.DB, site, domain) } };
}

/** What the account scores after its profile changed. */
export type ProfileChange = {
  profile: Record<string, string>;
  total: number | undefined;
  band: string | undefined;
};

/**
 * Sets the company's profile as an admin knows it (it beats what members said): the fields given
 * replace those values, the others stay. The account is re-scored at once (its fit).
 */
export async function setAccountProfile(
  env: Env,
  target: AccountTarget,
  input: unknown,
  actor: Actor,
): Promise<Done<ProfileChange>> {
  const parsed = v.safeParse(ProfileSchema, input);
  if (!parsed.success) return { ok: false, status: 400, error: formatIssues(parsed.issues) };
  const body = parsed.output;
  const traits = Object.fromEntries(
    PROFILE_FIELDS.flatMap((f) => (body[f] === undefined ? [] : [[f, body[f] as string]])),
  );
  const detail = await accountStub(env, target.site, target.domain).setProfile({ ...target, traits });
  await recordAction(env.DB, {
    actor,
    action: 'account.profile',
    target: logTarget(target),
    detail: Object.entries(traits)
      .map(([k, val]) => `${k.replace('_', ' ')}: ${val}`)
      .join(', '),
  });
  return {
    ok: true,
    value: { profile: detail?.profile ?? traits, total: detail?.result.total, band: detail?.result.band },
  };
}

/** `d:acme.de` → "domain acme.de", `n:acme-gmbh` → "network acme-gmbh". */
export function aliasWords(alias: string): string {
  return `${alias.startsWith('n:') ? 'network' : 'domain'} ${alias.slice(2)}`;
}

const membersWords = (n: number) => `${n} ${n === 1 ? 'member' : 'members'}`;
