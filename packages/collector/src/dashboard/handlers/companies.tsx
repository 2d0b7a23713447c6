import { Hono } from 'hono';
import { accountModel } from '../../accounts/account-model';
import { aliasesOf, listAccounts } from '../../accounts/account-query';
import { normaliseDomain } from '../../accounts/membership';
import { accountStub } from '../../accounts/resolve';
import type { AppEnv } from '../../app-env';
import { getActiveModel } from '../../storage/models';
import { siteConfig } from '../../storage/sites';
import { queryCompanies } from '../data/companies';
import { bandView } from '../model-view';
import { AccountPage } from '../pages/account-page';
import { CompaniesPage } from '../pages/companies-page';
import { render } from '../render';

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

/** GET /dashboard/accounts/:site/:domain: one account, its members, what they read and why it scores so. */
companyPages.get('/accounts/:site/:domain', async (c) => {
  const site = c.req.param('site');
  const domain = normaliseDomain(c.req.param('domain'));
  if (!(await siteConfig(c.env, site)) || !domain) return c.notFound();
  const detail = await accountStub(c.env, site, domain).detail();
  if (!detail) return c.notFound();
  return render(
    c,
    <AccountPage
      principal={c.get('principal')}
      detail={detail}
      levels={accountModel().model.bands[0]?.levels ?? []}
      aliases={await aliasesOf(c.env.DB, site, domain)}
      now={Date.now()}
    />,
  );
});
