import type { AccountRow } from '../../accounts/account-query';
import type { Principal } from '../../auth/tokens';
import { Layout } from '../components/layout';
import { RelTime } from '../components/rel-time';
import { TableWrap } from '../components/table-wrap';
import type { CompanyRow } from '../data/companies';
import { points } from '../format';
import { AccountsTable } from './account-page';

type CompaniesPageProps = {
  principal: Principal;
  rows: readonly CompanyRow[];
  /** Scored accounts (business domains), on the first page. */
  accounts: readonly AccountRow[];
  /** The company search, as typed. */
  text: string;
  topBand: string;
  /** Links to the previous and next page, when there are any. */
  prevHref?: string | undefined;
  nextHref?: string | undefined;
  now: number;
};

/** GET /dashboard/companies: accounts, with how many people from each are known, anonymous and hot. */
export function CompaniesPage(p: CompaniesPageProps) {
  return (
    <Layout title="Companies" principal={p.principal} current="companies">
      <h1>Companies</h1>
      <h2>Accounts</h2>
      <p class="muted">
        Each account is a business e-mail domain with its people and the anonymous visitors from its network,
        scored as one buying group.
      </p>
      <AccountsTable rows={p.accounts} now={p.now} />
      <h2>All companies by name</h2>
      <p class="muted">
        Leads grouped by company (the company they gave, or the company network they visited from), companies
        with {p.topBand} leads first.
      </p>
      <search aria-label="Find companies">
        <form class="filters panel" method="get" action="/dashboard/companies">
          <div>
            <label for="c-q">Company name</label>
            <input id="c-q" type="search" name="q" value={p.text} maxlength={100} />
          </div>
          <div class="row">
            <button type="submit">Search</button>
            <a href="/dashboard/companies">Clear</a>
          </div>
        </form>
      </search>
      {p.rows.length === 0 ? (
        <p role="status">No companies{p.text ? ' match this search' : ' yet'}.</p>
      ) : (
        <TableWrap label="Companies">
          <table class="companies">
            <caption>Companies</caption>
            <thead>
              <tr>
                <th scope="col">Company</th>
                <th scope="col" class="num">
                  Known leads
                </th>
                <th scope="col" class="num">
                  Anonymous visitors
                </th>
                <th scope="col" class="num">
                  {`${p.topBand[0]?.toUpperCase() ?? ''}${p.topBand.slice(1)}`}
                </th>
                <th scope="col" class="num">
                  Highest total
                </th>
                <th scope="col" class="num">
                  Sum of totals
                </th>
                <th scope="col">Last seen</th>
              </tr>
            </thead>
            <tbody>
              {p.rows.map((r) => (
                <tr>
                  <th scope="row">
                    <a
                      href={`/dashboard?${new URLSearchParams({ company: r.company.slice(0, 100).trim() })}`}
                    >
                      {r.company}
                    </a>
                  </th>
                  <td class="num">{r.known}</td>
                  <td class="num">{r.anonymous}</td>
                  <td class="num">{r.hot}</td>
                  <td class="num">{points(r.maxTotal)}</td>
                  <td class="num">{points(r.sumTotal)}</td>
                  <td>
                    <RelTime at={r.lastSeen} now={p.now} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {p.prevHref || p.nextHref ? (
        <nav class="pager" aria-label="Pages">
          {p.prevHref ? (
            <a href={p.prevHref} rel="prev">
              Previous page
            </a>
          ) : null}
          {p.nextHref ? (
            <a href={p.nextHref} rel="next">
              Next page
            </a>
          ) : null}
        </nav>
      ) : null}
    </Layout>
  );
}
