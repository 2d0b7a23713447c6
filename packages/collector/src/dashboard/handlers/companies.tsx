import { Hono } from 'hono';
import type { AppEnv } from '../../app-env';
import { getActiveModel } from '../../storage/models';
import { queryCompanies } from '../data/companies';
import { bandView } from '../model-view';
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
  const href = (n: number) =>
    `/dashboard/companies?${new URLSearchParams({ ...(text ? { q: text } : {}), page: String(n) })}`;
  return render(
    c,
    <CompaniesPage
      principal={c.get('principal')}
      rows={rows.slice(0, PAGE_SIZE)}
      text={text}
      topBand={topName}
      prevHref={page > 1 ? href(page - 1) : undefined}
      nextHref={rows.length > PAGE_SIZE ? href(page + 1) : undefined}
      now={Date.now()}
    />,
  );
});
