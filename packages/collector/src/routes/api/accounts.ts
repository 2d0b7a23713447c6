import { Hono } from 'hono';
import * as v from 'valibot';
import { ACCOUNT_SORTS, aliasesOf, listAccounts } from '../../accounts/account-query';
import { ACCOUNT_STAGE_NAMES, normaliseDomain } from '../../accounts/membership';
import { accountStub } from '../../accounts/resolve';
import type { AppEnv } from '../../app-env';
import { requireScope } from '../../auth/middleware';
import { fail } from '../../lib/http';
import { parseJson } from '../../schema/api';
import { formatIssues } from '../../schema/issues';
import { siteConfig } from '../../storage/sites';

export const accountRoutes = new Hono<AppEnv>();

const short = (max: number) =>
  v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(max, `at most ${max} characters`));
const STAGE_BY_NAME = new Map(Object.entries(ACCOUNT_STAGE_NAMES).map(([k, name]) => [name, k]));

const ListQuery = v.strictObject({
  site: v.optional(short(64)),
  band: v.optional(short(64)),
  // The journey names (anonymous, known, mqa, opportunity, recycled) or the engine's stages.
  stage: v.optional(
    v.pipe(
      short(32),
      v.transform((s) => STAGE_BY_NAME.get(s) ?? s),
      v.picklist(
        Object.keys(ACCOUNT_STAGE_NAMES),
        `expected one of ${Object.values(ACCOUNT_STAGE_NAMES).join(', ')}`,
      ),
    ),
  ),
  q: v.optional(short(100)),
  topic: v.optional(short(64)),
  minTotal: v.optional(
    v.pipe(v.string(), v.regex(/^-?\d+(\.\d+)?$/, 'expected a number'), v.transform(Number)),
  ),
  sort: v.optional(v.picklist(ACCOUNT_SORTS, `expected one of ${ACCOUNT_SORTS.join(', ')}`)),
  order: v.optional(v.picklist(['asc', 'desc'], 'expected asc or desc')),
  limit: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d{1,3}$/, 'expected an integer 1-200'),
      v.transform(Number),
      v.minValue(1),
      v.maxValue(200, 'expected an integer 1-200'),
    ),
  ),
  offset: v.optional(
    v.pipe(v.string(), v.regex(/^\d{1,6}$/, 'expected a non-negative integer'), v.transform(Number)),
  ),
});

/** GET /api/accounts: accounts by score (or `sort`), filtered by site, band, stage, text, topic, minimum total. */
accountRoutes.get('/accounts', requireScope('read'), async (c) => {
  const parsed = v.safeParse(ListQuery, c.req.query());
  if (!parsed.success) fail(400, formatIssues(parsed.issues));
  const q = parsed.output;
  const accounts = await listAccounts(c.env.DB, {
    ...(q.site ? { site: q.site } : {}),
    ...(q.band ? { band: q.band } : {}),
    ...(q.stage ? { stage: q.stage } : {}),
    ...(q.q ? { q: q.q } : {}),
    ...(q.topic ? { topic: q.topic } : {}),
    ...(q.minTotal !== undefined ? { minTotal: q.minTotal } : {}),
    sort: q.sort ?? 'total',
    order: q.order ?? (q.sort === 'domain' ? 'asc' : 'desc'),
    limit: q.limit ?? 50,
    offset: q.offset ?? 0,
  });
  return c.json({
    accounts: accounts.map((a) => ({ ...a, stageName: ACCOUNT_STAGE_NAMES[a.stage] ?? a.stage })),
  });
});

/** The site and domain of an account route, validated: 404 for an unknown site, 400 for a bad domain. */
async function target(env: Env, site: string, rawDomain: string): Promise<{ site: string; domain: string }> {
  if (!(await siteConfig(env, site))) fail(404, 'site: no such site');
  const domain = normaliseDomain(decodeURIComponent(rawDomain));
  if (!domain) fail(400, 'domain: expected a domain name such as acme.com');
  return { site, domain };
}

/** GET /api/accounts/:site/:domain: score, ledger (each line names its member), members, topics, history. */
accountRoutes.get('/accounts/:site/:domain', requireScope('read'), async (c) => {
  const { site, domain } = await target(c.env, c.req.param('site'), c.req.param('domain'));
  const detail = await accountStub(c.env, site, domain).detail();
  if (!detail) fail(404, 'no such account');
  const r = detail.result;
  return c.json({
    site,
    domain,
    name: detail.name ?? null,
    band: r.band,
    bands: r.bands,
    stage: r.stage,
    stageName: detail.stageName,
    scores: r.scores,
    total: r.total,
    modelVersion: r.modelVersion,
    lastVisitAt: r.lastVisitAt ?? null,
    profile: detail.profile,
    traits: r.profile.traits,
    aliases: await aliasesOf(c.env.DB, site, domain),
    members: detail.members,
    topics: detail.topics,
    ledger: r.ledger,
    transitions: r.transitions,
    history: detail.history,
    nextChangeAt: detail.nextChangeAt,
  });
});

const AliasBody = v.pipe(
  v.strictObject({
    domain: v.optional(v.pipe(v.string('expected a string'), v.maxLength(253))),
    network: v.optional(
      v.pipe(
        v.string('expected a string'),
        v.regex(/^[a-z0-9][a-z0-9-]{0,99}$/, 'expected a company key such as acme-manufacturing'),
      ),
    ),
  }),
  v.check((b) => (b.domain === undefined) !== (b.network === undefined), 'expected either domain or network'),
);

/**
 * POST /api/accounts/:site/:domain/aliases: merges another e-mail domain (`{"domain": "acme.de"}`)
 * or a company network (`{"network": "acme-gmbh"}`) into the account. A merged domain's account
 * moves here with all its members at once; visitors of a merged network follow at their next visit.
 */
accountRoutes.post('/accounts/:site/:domain/aliases', requireScope('admin'), async (c) => {
  const { site, domain } = await target(c.env, c.req.param('site'), c.req.param('domain'));
  const body = await parseJson(c.req.raw, AliasBody);
  let alias: string;
  if (body.domain !== undefined) {
    const other = normaliseDomain(body.domain);
    if (!other) fail(400, 'domain: expected a domain name such as acme.de');
    if (other === domain) fail(400, 'domain: an account cannot be its own alias');
    const owner = await c.env.DB.prepare('SELECT domain FROM account_aliases WHERE site = ?1 AND alias = ?2')
      .bind(site, `d:${domain}`)
      .first<{ domain: string }>();
    if (owner) fail(409, `domain: ${domain} is itself an alias of ${owner.domain}; merge into that account`);
    alias = `d:${other}`;
  } else alias = `n:${body.network}`;
  await c.env.DB.batch([
    c.env.DB.prepare(
      `INSERT INTO account_aliases (site, alias, domain, created_at) VALUES (?1, ?2, ?3, ?4)
       ON CONFLICT (site, alias) DO UPDATE SET domain = ?3, created_at = ?4`,
    ).bind(site, alias, domain, Date.now()),
    // Aliases of the merged domain come along: no chains.
    c.env.DB.prepare('UPDATE account_aliases SET domain = ?3 WHERE site = ?1 AND domain = ?2').bind(
      site,
      alias.slice(2),
      domain,
    ),
  ]);
  const moved = alias.startsWith('d:')
    ? await accountStub(c.env, site, alias.slice(2)).moveTo(domain)
    : { members: 0 };
  return c.json(
    { site, domain, alias, moved: moved.members, aliases: await aliasesOf(c.env.DB, site, domain) },
    201,
  );
});

/** DELETE /api/accounts/:site/:domain/aliases/:alias: splits an alias (`d:acme.de`, `n:acme-gmbh`) off again. */
accountRoutes.delete('/accounts/:site/:domain/aliases/:alias', requireScope('admin'), async (c) => {
  const { site, domain } = await target(c.env, c.req.param('site'), c.req.param('domain'));
  const alias = decodeURIComponent(c.req.param('alias'));
  if (!/^[dn]:/.test(alias)) fail(400, 'alias: expected d:<domain> or n:<company key>');
  const res = await c.env.DB.prepare(
    'DELETE FROM account_aliases WHERE site = ?1 AND alias = ?2 AND domain = ?3',
  )
    .bind(site, alias, domain)
    .run();
  if (res.meta.changes === 0) fail(404, 'alias: no such alias of this account');
  const other = alias.startsWith('d:') ? normaliseDomain(alias.slice(2)) : null;
  const moved = other ? await accountStub(c.env, site, domain).split(alias, other) : { members: 0 };
  return c.json({
    site,
    domain,
    alias,
    moved: moved.members,
    aliases: await aliasesOf(c.env.DB, site, domain),
  });
});

const PROFILE_FIELDS = ['name', 'industry', 'company_size', 'country'] as const;
const ProfileBody = v.pipe(
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
    country: v.optional(v.pipe(v.string(), v.regex(/^[A-Z]{2}$/, 'expected a two-letter country code'))),
  }),
  v.check(
    (b) => PROFILE_FIELDS.some((f) => b[f] !== undefined),
    'expected at least one of name, industry, company_size, country',
  ),
);

/** PUT /api/accounts/:site/:domain/profile: the company's profile as an admin knows it (beats what members said). */
accountRoutes.put('/accounts/:site/:domain/profile', requireScope('write'), async (c) => {
  const { site, domain } = await target(c.env, c.req.param('site'), c.req.param('domain'));
  const body = await parseJson(c.req.raw, ProfileBody);
  const traits = Object.fromEntries(
    PROFILE_FIELDS.flatMap((f) => (body[f] === undefined ? [] : [[f, body[f] as string]])),
  );
  const detail = await accountStub(c.env, site, domain).setProfile({ site, domain, traits });
  return c.json({
    site,
    domain,
    profile: detail?.profile ?? traits,
    total: detail?.result.total,
    band: detail?.result.band,
  });
});
