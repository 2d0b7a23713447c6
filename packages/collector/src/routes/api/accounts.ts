import { Hono } from 'hono';
import * as v from 'valibot';
import { ACCOUNT_SORTS, aliasesOf, listAccounts } from '../../accounts/account-query';
import {
  type AccountTarget,
  accountTarget,
  type Done,
  mergeAlias,
  NETWORK_KEY,
  ProfileSchema,
  setAccountProfile,
  splitAlias,
} from '../../accounts/aliases';
import { ACCOUNT_STAGE_NAMES } from '../../accounts/membership';
import { accountStub } from '../../accounts/resolve';
import type { AppEnv } from '../../app-env';
import { requireScope } from '../../auth/middleware';
import { fail } from '../../lib/http';
import { parseJson } from '../../schema/api';
import { formatIssues } from '../../schema/issues';
import { actorOf } from '../../storage/action-log';

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
async function target(env: Env, site: string, rawDomain: string): Promise<AccountTarget> {
  const found = await accountTarget(env, site, rawDomain);
  if (!found.ok) fail(found.status, found.error);
  return found.value;
}

/** The value of a service call, or its refusal as the API's error (`field: message`). */
function orFail<T>(done: Done<T>): T {
  if (!done.ok) fail(done.status, done.error);
  return done.value;
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
        v.regex(NETWORK_KEY, 'expected a company key such as acme-manufacturing'),
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
  const account = await target(c.env, c.req.param('site'), c.req.param('domain'));
  const body = await parseJson(c.req.raw, AliasBody);
  const input = body.domain !== undefined ? { domain: body.domain } : { network: body.network as string };
  const done = orFail(await mergeAlias(c.env, account, input, actorOf(c.get('principal'))));
  return c.json({ ...account, ...done }, 201);
});

/** DELETE /api/accounts/:site/:domain/aliases/:alias: splits an alias (`d:acme.de`, `n:acme-gmbh`) off again. */
accountRoutes.delete('/accounts/:site/:domain/aliases/:alias', requireScope('admin'), async (c) => {
  const account = await target(c.env, c.req.param('site'), c.req.param('domain'));
  const done = orFail(await splitAlias(c.env, account, c.req.param('alias'), actorOf(c.get('principal'))));
  return c.json({ ...account, ...done });
});

/** PUT /api/accounts/:site/:domain/profile: the company's profile as an admin knows it (beats what members said). */
accountRoutes.put('/accounts/:site/:domain/profile', requireScope('write'), async (c) => {
  const account = await target(c.env, c.req.param('site'), c.req.param('domain'));
  const body = await parseJson(c.req.raw, ProfileSchema);
  const done = orFail(await setAccountProfile(c.env, account, body, actorOf(c.get('principal'))));
  return c.json({ ...account, ...done });
});
