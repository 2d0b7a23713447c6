import type { Principal } from '../../auth/principal';
import { ACTIONS, type ActionEntry } from '../../storage/action-log';
import { Layout } from '../components/layout';
import { RelTime } from '../components/rel-time';
import { TableWrap } from '../components/table-wrap';
import { shortId } from '../format';

type LogPageProps = {
  principal: Principal;
  entries: readonly ActionEntry[];
  /** Users by id, to name the user an entry acted on. Default none. */
  users?: ReadonlyMap<string, string> | undefined;
  /** The filter in use: an action prefix such as `lead.`. */
  prefix?: string | undefined;
  nextHref?: string | undefined;
  now: number;
};

const FILTERS: [prefix: string, label: string][] = [
  ['', 'Everything'],
  ['lead.', 'Sales actions and erasures'],
  ['model.', 'Scoring model'],
  ['webhook.', 'Notifications'],
  ['site.', 'Sites'],
  ['account.', 'Accounts'],
  ['user.', 'Users and sign-ins'],
];

/** GET /dashboard/log: who did what, newest first. */
export function LogPage({ principal, entries, users = new Map(), prefix, nextHref, now }: LogPageProps) {
  return (
    <Layout title="Action log" principal={principal} current="log">
      <h1>Action log</h1>
      <p>
        Who changed what: the model, notifications, sites, accounts, users, and every sales action and
        erasure.
      </p>
      <nav aria-label="Filter the log">
        <ul class="row plain">
          {FILTERS.map(([p, label]) => (
            <li>
              <a
                href={p ? `/dashboard/log?action=${p}` : '/dashboard/log'}
                aria-current={(prefix ?? '') === p ? 'page' : undefined}
              >
                {label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {entries.length === 0 ? (
        <p>Nothing recorded yet.</p>
      ) : (
        <TableWrap label="Action log">
          <table>
            <caption>Actions, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">On</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr>
                  <td class="nowrap">
                    <RelTime at={e.at} now={now} />
                  </td>
                  <td>{e.actor.name}</td>
                  <td>{ACTIONS[e.action] ?? e.action}</td>
                  <td>
                    <Subject entry={e} users={users} />
                  </td>
                  <td class="wrap-anywhere">{e.detail ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {nextHref ? (
        <p class="pager">
          <a href={nextHref}>Older entries</a>
        </p>
      ) : null}
    </Layout>
  );
}

/** What an entry acted on, as a link where there is a page for it. */
function Subject({ entry, users }: { entry: ActionEntry; users: ReadonlyMap<string, string> }) {
  if (entry.leadId) return <a href={`/dashboard/leads/${entry.leadId}`}>{`lead ${shortId(entry.leadId)}`}</a>;
  if (entry.action.startsWith('lead.')) return <span class="muted">an erased lead</span>;
  if (!entry.target) return <span class="muted">—</span>;
  if (entry.action.startsWith('site.'))
    return <a href={`/dashboard/sites/${entry.target}`}>{`site ${entry.target}`}</a>;
  if (entry.action.startsWith('account.')) {
    // The target is `site/domain`, the account page's own path.
    const [site = '', domain = ''] = entry.target.split('/');
    return (
      <a href={`/dashboard/accounts/${encodeURIComponent(site)}/${encodeURIComponent(domain)}`}>
        {`account ${domain}`}
      </a>
    );
  }
  if (entry.action.startsWith('user.')) {
    return <a href={`/dashboard/users/${entry.target}`}>{users.get(entry.target) ?? 'a user'}</a>;
  }
  if (entry.action.startsWith('model.')) {
    return /^\d+$/.test(entry.target) ? (
      <a href={`/dashboard/model/versions/${entry.target}`}>{`version ${entry.target}`}</a>
    ) : (
      <span>{entry.target}</span>
    );
  }
  return <span>{entry.target}</span>;
}
