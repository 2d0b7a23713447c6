import { type Context, Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import * as v from 'valibot';
import { accountModel } from '../../accounts/account-model';
import { aliasesOf, listAccounts } from '../../accounts/account-query';
import {
  type AccountProfile,
  type AccountTarget,
  accountTarget,
  mergeAlias,
  PROFILE_FIELDS,
  type ProfileField,
  setAccountProfile,
  splitAlias,
} from '../../accounts/aliases';
import { accountStub } from '../../accounts/resolve';
import type { AppEnv } from '../../app-env';
import { actorOf } from '../../storage/action-log';
import { getActiveModel } from '../../storage/models';
import { queryCompanies } from '../data/companies';
import {
  type FieldErrors,
  type FieldValues,
  FORM_ERROR,
  type FormState,
  field,
  formState,
  optionalText,
  readFields,
  readForm,
  text,
  validateFields,
} from '../form';
import { bandView } from '../model-view';
import { ACCOUNT_NOTICES, AccountPage } from '../pages/account-page';
import { CompaniesPage } from '../pages/companies-page';
import { render } from '../render';
import { requirePermission } from '../session';

const PAGE_SIZE = 100;

export const companyPages = new Hono<AppEnv>();

/** GET /dashboard/companies?q=&page=: leads grouped by company, companies with hot leads first. */
companyPages.get('/companies', async (c) => {
  const text = (c.req.query('q') ?? '').trim().slice(0, 100);
  const rawPage = c.req.query('page') ?? '1';
  const page = /^\d{1,6}$/.test(rawPage) ? Math.max(1, Number(rawPage)) : 1;
  const { topName } = bandView((await getActiveModel(c.env.DB)).model);
  const rows = await queryCompanies(c.env.DB, {
    topBand: topName,
    ...(text ? { text } : {}),
    limit: PAGE_SIZE + 1,
    offset: (page - 1) * PAGE_SIZE,
  });
  const accounts =
    page === 1
      ? await listAccounts(c.env.DB, {
          ...(text ? { q: text } : {}),
          sort: 'total',
          order: 'desc',
          limit: 50,
          offset: 0,
        })
      : [];
  const href = (n: number) =>
    `/dashboard/companies?${new URLSearchParams({ ...(text ? { q: text } : {}), page: String(n) })}`;
  return render(
    c,
    <CompaniesPage
      principal={c.get('principal')}
      rows={rows.slice(0, PAGE_SIZE)}
      accounts={accounts}
      text={text}
      topBand={topName}
      prevHref={page > 1 ? href(page - 1) : undefined}
      nextHref={rows.length > PAGE_SIZE ? href(page + 1) : undefined}
      now={Date.now()}
    />,
  );
});

type AccountForms = { alias?: FormState; profile?: FormState };

/** The account of the route, or the dashboard's 404 page. */
async function accountOr404(c: Context<AppEnv>): Promise<AccountTarget> {
  const found = await accountTarget(c.env, c.req.param('site') ?? '', c.req.param('domain') ?? '');
  if (!found.ok) throw new HTTPException(404, { message: 'There is no such account.' });
  return found.value;
}

/** The account page, with a refused form filled in as it was sent (and its status), or a notice after a change. */
async function accountPage(
  c: Context<AppEnv>,
  target: AccountTarget,
  forms: AccountForms = {},
  status = 200,
) {
  const detail = await accountStub(c.env, target.site, target.domain).detail();
  if (!detail) throw new HTTPException(404, { message: 'There is no such account.' });
  const done = c.req.query('done');
  const notice =
    status === 200 && done && Object.hasOwn(ACCOUNT_NOTICES, done)
      ? (done as keyof typeof ACCOUNT_NOTICES)
      : undefined;
  return render(
    c,
    <AccountPage
      principal={c.get('principal')}
      detail={detail}
      levels={accountModel().model.bands[0]?.levels ?? []}
      aliases={await aliasesOf(c.env.DB, target.site, target.domain)}
      notice={notice}
      aliasForm={forms.alias ?? formState()}
      profileForm={forms.profile ?? formState(profileValues(detail.profile))}
      now={Date.now()}
    />,
    status as ContentfulStatusCode,
  );
}

/** The account page's own path, for the redirect after a change. */
const accountPath = (t: AccountTarget) =>
  `/dashboard/accounts/${encodeURIComponent(t.site)}/${encodeURIComponent(t.domain)}`;

/** GET /dashboard/accounts/:site/:domain: one account, its members, what they read and why it scores so. */
companyPages.get('/accounts/:site/:domain', async (c) => accountPage(c, await accountOr404(c)));

const MergeForm = v.object({
  alias: text({ max: 260, requiredMessage: 'Enter a domain such as acme.de, or network:<company key>' }),
});

/**
 * What the merge form's one field names: `network:acme-gmbh` (or the stored `n:acme-gmbh`) a
 * company network, anything else a domain (`d:` allowed, as aliases are listed).
 */
function mergeInput(typed: string): { domain: string } | { network: string } {
  const network = /^(?:network|n)\s*:\s*(.*)$/i.exec(typed);
  if (network) return { network: network[1] ?? '' };
  return { domain: typed.replace(/^d:/i, '') };
}

/** `domain: expected …` → "Expected …": the service's words, as the form shows them next to the field. */
function sentence(error: string): string {
  const text = error.replace(/^[a-z_]+: /, '');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}

/**
 * POST /dashboard/accounts/:site/:domain/aliases (`alias`: a domain or `network:<key>`): merges it
 * into the account, as `POST /api/accounts/…/aliases` does; a refused form comes back as typed.
 */
companyPages.post('/accounts/:site/:domain/aliases', requirePermission('sites.edit'), async (c) => {
  const account = await accountOr404(c);
  const values = await readFields(c);
  const parsed = validateFields(MergeForm, values);
  if (!parsed.ok) return accountPage(c, account, { alias: formState(values, parsed.errors) }, 400);
  const done = await mergeAlias(c.env, account, mergeInput(parsed.value.alias), actorOf(c.get('principal')));
  if (!done.ok) {
    return accountPage(
      c,
      account,
      { alias: formState(values, { alias: sentence(done.error) }) },
      done.status,
    );
  }
  return c.redirect(`${accountPath(account)}?done=merged#aliases`, 303);
});

/** POST /dashboard/accounts/:site/:domain/split (`alias`: `d:acme.de` or `n:acme-gmbh`): splits it off again. */
companyPages.post('/accounts/:site/:domain/split', requirePermission('sites.edit'), async (c) => {
  const account = await accountOr404(c);
  const alias = field(await readForm(c), 'alias') ?? '';
  const done = await splitAlias(c.env, account, alias, actorOf(c.get('principal')));
  if (!done.ok) throw new HTTPException(done.status, { message: sentence(done.error) });
  return c.redirect(`${accountPath(account)}?done=split#aliases`, 303);
});

const ProfileForm = v.object(
  Object.fromEntries(PROFILE_FIELDS.map((f) => [f, optionalText(200)])) as Record<
    ProfileField,
    ReturnType<typeof optionalText>
  >,
);

/** The profile as the form shows it: every field, empty where nobody entered one. */
function profileValues(profile: Record<string, string>): FieldValues {
  return Object.fromEntries(PROFILE_FIELDS.map((f) => [f, profile[f] ?? '']));
}

/**
 * POST /dashboard/accounts/:site/:domain/profile (`name`, `industry`, `company_size`, `country`):
 * the company's profile, as `PUT /api/accounts/…/profile` sets it; an empty field leaves its value
 * as it is. The service's `field: message` problems are shown next to their fields.
 */
companyPages.post(
  '/accounts/:site/:domain/profile',
  requirePermission('leads.sell', 'sites.edit'),
  async (c) => {
    const account = await accountOr404(c);
    const values = await readFields(c);
    const parsed = validateFields(ProfileForm, values);
    if (!parsed.ok) return accountPage(c, account, { profile: formState(values, parsed.errors) }, 400);
    const input: AccountProfile = {};
    for (const f of PROFILE_FIELDS) {
      const value = parsed.value[f];
      // Country codes are upper case in the API; people type `de` as often as `DE`.
      if (value !== undefined) input[f] = f === 'country' ? value.toUpperCase() : value;
    }
    const done = await setAccountProfile(c.env, account, input, actorOf(c.get('principal')));
    if (!done.ok) {
      const errors: FieldErrors = {};
      for (const problem of done.error.split('; ')) {
        const name = /^([a-z_]+): /.exec(problem)?.[1];
        const key = name && (PROFILE_FIELDS as readonly string[]).includes(name) ? name : FORM_ERROR;
        errors[key] ??= sentence(problem);
      }
      return accountPage(c, account, { profile: formState(values, errors) }, done.status);
    }
    return c.redirect(`${accountPath(account)}?done=profile#profile`, 303);
  },
);
