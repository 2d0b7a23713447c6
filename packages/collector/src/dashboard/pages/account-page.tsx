import type { AccountRow } from '../../accounts/account-query';
import { aliasWords } from '../../accounts/aliases';
import { can, type Principal } from '../../auth/principal';
import type { AccountDetail } from '../../durable/account-object';
import type { LedgerLine } from '../../scoring';
import { BandBadge } from '../components/badges';
import {
  ErrorSummary,
  FieldGrid,
  type FormView,
  formView,
  Hidden,
  TextField,
} from '../components/form-fields';
import { Layout } from '../components/layout';
import { RelTime } from '../components/rel-time';
import { ScoreChart } from '../components/score-chart';
import { TableWrap } from '../components/table-wrap';
import type { FormState } from '../form';
import { day, plural, points, shortId, signedPoints } from '../format';

/** Confirmations after a change, chosen by a fixed key (the URL never carries the text). */
export const ACCOUNT_NOTICES = {
  merged: "Merged. A domain's people moved here now; visitors of a network follow at their next visit.",
  split: 'Split off. Its people moved back to their own account.',
  profile: 'Profile saved. The account was scored again with it.',
} as const;

type AccountPageProps = {
  principal: Principal;
  detail: AccountDetail;
  /** The account model's primary band levels, lowest first. */
  levels: readonly { name: string; min: number }[];
  aliases: readonly string[];
  notice?: keyof typeof ACCOUNT_NOTICES | undefined;
  /** The merge form: empty, or as it was sent when it was refused. */
  aliasForm: FormState;
  /** The profile form: the profile entered so far, or as it was sent when it was refused. */
  profileForm: FormState;
  now: number;
};

type Member = AccountDetail['members'][number];

const memberLabel = (m: Member): string =>
  m.kind === 'lead'
    ? m.name
      ? `${m.name} (${m.email ?? ''})`
      : (m.email ?? shortId(m.id))
    : `Anonymous visitor${m.name ? ` from ${m.name}` : ''}`;

/** GET /dashboard/accounts/:site/:domain: the account's score, who its members are, what each read, and why. */
export function AccountPage(props: AccountPageProps) {
  const { principal, detail, levels, aliases, now } = props;
  const r = detail.result;
  const title = detail.name ? `${detail.name} (${detail.domain})` : detail.domain;
  const members = new Map(detail.members.map((m) => [m.id, m]));
  const known = detail.members.filter((m) => m.kind === 'lead').length;
  return (
    <Layout title={title} principal={principal} current="companies">
      <p>
        <a href="/dashboard/companies">← All accounts</a>
      </p>
      <h1>{title}</h1>
      {props.notice ? (
        <p class="notice" role="status">
          {ACCOUNT_NOTICES[props.notice]}
        </p>
      ) : null}
      <p class="row lead-badges">
        <span>
          Band <BandBadge band={r.band} levels={levels.map((l) => l.name)} heldBelow={r.held?.total} />
        </span>
        <span>
          Stage <span class="badge stage">{detail.stageName}</span>
        </span>
        <span>
          {plural(known, 'known person', 'known people')},{' '}
          {plural(detail.members.length - known, 'anonymous visitor')}
        </span>
      </p>
      <section class="panel" aria-labelledby="a-scores">
        <h2 id="a-scores">Score {points(r.total)}</h2>
        <p>
          Interest {points(r.scores.interest)} · Intent {points(r.scores.intent)} · Fit {points(r.scores.fit)}
          {r.lastVisitAt ? (
            <>
              {' '}
              · last visit <RelTime at={r.lastVisitAt} now={now} />
            </>
          ) : null}
        </p>
        {aliases.length > 0 ? <p class="small">Also: {aliases.map((a) => a.slice(2)).join(', ')}</p> : null}
      </section>

      <h2>Members</h2>
      <TableWrap label="Members">
        <table>
          <caption>People and visitors of this account, by the points they bring it</caption>
          <thead>
            <tr>
              <th scope="col">Member</th>
              <th scope="col" class="num">
                Points
              </th>
              <th scope="col">Topics</th>
              <th scope="col">Read</th>
            </tr>
          </thead>
          <tbody>
            {detail.members.map((m) => (
              <tr>
                <th scope="row">
                  {m.kind === 'lead' ? (
                    <a href={`/dashboard/leads/${m.id}`}>{memberLabel(m)}</a>
                  ) : (
                    memberLabel(m)
                  )}
                </th>
                <td class="num">{points(m.points)}</td>
                <td>{m.topics.join(', ') || '—'}</td>
                <td>
                  {m.pages.length === 0 ? (
                    '—'
                  ) : (
                    <ul class="plain">
                      {m.pages.slice(0, 8).map((p) => (
                        <li>
                          {pathOf(p.url)} <span class="small muted">{day(p.at)}</span>
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>

      <h2>Topics</h2>
      {detail.topics.length === 0 ? (
        <p>No topic pages read yet.</p>
      ) : (
        <ul class="plain topics">
          {detail.topics.map((t) => (
            <li>
              <strong>{t.topic}</strong> — {plural(t.members, 'person', 'people')}, {plural(t.views, 'view')}
            </li>
          ))}
        </ul>
      )}

      <h2 id="why">Why this score</h2>
      <AccountLedger ledger={r.ledger} total={r.total} members={members} now={now} />

      <h2>Over time</h2>
      <ScoreChart history={detail.history} thresholds={levels} />

      <AliasesSection
        principal={principal}
        base={accountBase(detail)}
        domain={detail.domain}
        aliases={aliases}
        networks={[...new Set(detail.members.flatMap((m) => m.companyKeys))].sort()}
        form={formView('merge', props.aliasForm)}
      />
      <ProfileSection
        principal={principal}
        base={accountBase(detail)}
        profile={detail.profile}
        form={formView('profile', props.profileForm)}
      />
    </Layout>
  );
}

const accountBase = (d: AccountDetail) =>
  `/dashboard/accounts/${encodeURIComponent(d.site)}/${encodeURIComponent(d.domain)}`;

/**
 * The domains and company networks merged into the account, each with a button to split it off,
 * and the form to merge another (for those who may edit sites: marketers and admins).
 */
function AliasesSection(p: {
  principal: Principal;
  base: string;
  domain: string;
  aliases: readonly string[];
  /** The company networks its members came from, by key. */
  networks: readonly string[];
  form: FormView;
}) {
  const mayEdit = can(p.principal, 'sites.edit');
  return (
    <section aria-labelledby="aliases" class="panel">
      <h2 id="aliases">Domains and networks</h2>
      <p>
        People with an address at <strong>{p.domain}</strong> belong here
        {p.aliases.length > 0 ? ', and so do these:' : '; nothing else is merged into this account.'}
      </p>
      {p.aliases.length > 0 ? (
        <ul class="plain aliases">
          {p.aliases.map((alias) => (
            <li class="row">
              <span>{aliasWords(alias)}</span>
              {mayEdit ? (
                <form method="post" action={`${p.base}/split`} class="inline">
                  <Hidden name="alias" value={alias} />
                  <button type="submit" class="secondary">
                    Split off <span class="sr-only">{aliasWords(alias)}</span>
                  </button>
                </form>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {p.networks.length > 0 ? (
        <p class="small">
          Company networks its people came from:{' '}
          {p.networks.map((k, i) => (
            <>
              {i > 0 ? ', ' : ''}
              <code>{k}</code>
            </>
          ))}
        </p>
      ) : null}
      {mayEdit ? (
        <form method="post" action={`${p.base}/aliases#aliases`} class="stack" aria-labelledby="merge-title">
          <h3 id="merge-title">Merge a domain or network into this account</h3>
          <ErrorSummary form={p.form} labels={{ alias: 'Domain or network' }} />
          <FieldGrid>
            <TextField
              form={p.form}
              name="alias"
              label="Domain or network"
              hint="A domain such as acme.de moves its account here with all its people. network:<company key> (each account page lists the networks its people came from) brings that network's anonymous visitors at their next visit."
              required
              maxlength={260}
            />
          </FieldGrid>
          <p>
            <button type="submit">Merge into this account</button>
          </p>
        </form>
      ) : null}
    </section>
  );
}

const PROFILE_LABELS = {
  name: 'Company name',
  industry: 'Industry',
  company_size: 'Company size',
  country: 'Country',
} as const;

/** The company profile an admin knows (it beats what members said): a form for who may set it, else the values. */
function ProfileSection(p: {
  principal: Principal;
  base: string;
  profile: Record<string, string>;
  form: FormView;
}) {
  const mayEdit = can(p.principal, 'leads.sell') || can(p.principal, 'sites.edit');
  const entered = Object.entries(PROFILE_LABELS).filter(([f]) => p.profile[f]);
  return (
    <section aria-labelledby="profile" class="panel">
      <h2 id="profile">Company profile</h2>
      <p>What you know about the company: it counts for the account's fit and beats what its people said.</p>
      {mayEdit ? (
        <form method="post" action={`${p.base}/profile#profile`} class="stack">
          <ErrorSummary form={p.form} labels={PROFILE_LABELS} />
          <FieldGrid>
            <TextField
              form={p.form}
              name="name"
              label={PROFILE_LABELS.name}
              hint="As the account is shown."
              maxlength={100}
            />
            <TextField
              form={p.form}
              name="industry"
              label={PROFILE_LABELS.industry}
              hint="Such as Manufacturing."
              maxlength={100}
            />
            <TextField
              form={p.form}
              name="company_size"
              label={PROFILE_LABELS.company_size}
              hint="People: 250, 51-200 or 1000+."
              maxlength={20}
            />
            <TextField
              form={p.form}
              name="country"
              label={PROFILE_LABELS.country}
              hint="Two letters, such as DE."
              maxlength={2}
            />
          </FieldGrid>
          <p class="small muted">An empty field leaves its value as it is.</p>
          <p>
            <button type="submit">Save the profile</button>
          </p>
        </form>
      ) : entered.length === 0 ? (
        <p class="muted">Nobody has entered a profile yet.</p>
      ) : (
        <dl class="props">
          {entered.map(([f, label]) => (
            <>
              <dt>{label}</dt>
              <dd>{p.profile[f]}</dd>
            </>
          ))}
        </dl>
      )}
    </section>
  );
}

/** Event id prefix of the company profile as entered (the account object's profile events). */
const PROFILE_EVENT = 'account-profile:';

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

/** Every ledger line with the member whose event earned it: ledger line → member → event. */
function AccountLedger({
  ledger,
  total,
  members,
  now,
}: {
  ledger: readonly LedgerLine[];
  total: number;
  members: ReadonlyMap<string, Member>;
  now: number;
}) {
  if (ledger.length === 0) return <p>No points yet: no account rule has fired.</p>;
  const lines = [...ledger].sort((a, b) => b.at - a.at);
  return (
    <TableWrap label="Why this score">
      <table>
        <caption>
          Ledger: every account rule that fired, newest first, with the member and event behind it
        </caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Member</th>
            <th scope="col">Rule</th>
            <th scope="col">Reason</th>
            <th scope="col" class="num">
              Value now
            </th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => {
            const m = l.member === undefined ? undefined : members.get(l.member);
            return (
              <tr>
                <td>
                  <RelTime at={l.at} now={now} />
                </td>
                <td>
                  {m
                    ? memberLabel(m)
                    : l.member === '' || l.member === undefined
                      ? 'Account profile'
                      : 'A former member'}
                </td>
                <td>
                  <code>{l.ruleId}</code>
                </td>
                <td>
                  {l.eventId.startsWith(PROFILE_EVENT) ? (
                    // The profile is an identify without an address: "Identified as" would name nobody.
                    'Entered in the company profile'
                  ) : (
                    <>
                      {l.reason} <span class="small muted">(event {shortId(l.eventId)})</span>
                    </>
                  )}
                </td>
                <td class="num">{signedPoints(l.value)}</td>
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colspan={4}>
              Total
            </th>
            <td class="num">{points(total)}</td>
          </tr>
        </tfoot>
      </table>
    </TableWrap>
  );
}

/** The accounts list at the top of the Companies page: scored accounts, hottest first. */
export function AccountsTable({ rows, now }: { rows: readonly AccountRow[]; now: number }) {
  if (rows.length === 0)
    return (
      <p role="status">No accounts yet: an account starts when someone identifies with a business address.</p>
    );
  return (
    <TableWrap label="Accounts">
      <table>
        <caption>Accounts by score</caption>
        <thead>
          <tr>
            <th scope="col">Account</th>
            <th scope="col" class="num">
              Score
            </th>
            <th scope="col">Band</th>
            <th scope="col">Stage</th>
            <th scope="col" class="num">
              Known
            </th>
            <th scope="col" class="num">
              Anonymous
            </th>
            <th scope="col">Topics</th>
            <th scope="col">Last seen</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((a) => (
            <tr>
              <th scope="row">
                <a href={`/dashboard/accounts/${encodeURIComponent(a.site)}/${encodeURIComponent(a.domain)}`}>
                  {a.name ? `${a.name} (${a.domain})` : a.domain}
                </a>
              </th>
              <td class="num">{points(a.total)}</td>
              <td>{a.band}</td>
              <td>{ACCOUNT_STAGE_LABEL[a.stage] ?? a.stage}</td>
              <td class="num">{a.knownPeople}</td>
              <td class="num">{a.anonymousVisitors}</td>
              <td>{a.topics.slice(0, 5).join(', ')}</td>
              <td>
                <RelTime at={a.lastSeen} now={now} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

const ACCOUNT_STAGE_LABEL: Record<string, string> = {
  visitor: 'anonymous',
  known: 'known',
  mql: 'mqa',
  sql: 'opportunity',
  recycled: 'recycled',
};
