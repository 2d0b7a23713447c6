import { type Principal, ROLE_WORDS, ROLES } from '../../auth/principal';
import type { User } from '../../storage/users';
import {
  ChoiceGroup,
  ErrorSummary,
  type FormView,
  formView,
  type Option,
  TextField,
} from '../components/form-fields';
import { Layout } from '../components/layout';
import { RelTime } from '../components/rel-time';
import { TableWrap } from '../components/table-wrap';
import { type FieldErrors, formState } from '../form';

/** What the invite and edit forms hold, as typed (so a refused form comes back filled in). */
export type UserFormValues = { name?: string; email?: string; role?: string; sites?: string[] };

/** A one-time sign-in link just made, shown this once. */
export type FreshLink = { user: User; link: string; kind: 'invite' | 'reset' };

type UsersPageProps = {
  principal: Principal;
  users: readonly User[];
  siteIds: readonly string[];
  fresh?: FreshLink | undefined;
  errors?: FieldErrors | undefined;
  values?: UserFormValues | undefined;
  now: number;
};

const LABELS = { name: 'Name', email: 'E-mail address', role: 'Role', sites: 'Sites' };

const STATUS_WORDS: Record<User['status'], string> = {
  invited: 'invited, no password yet',
  active: 'active',
  disabled: 'disabled',
};

/** GET /dashboard/users: who may sign in, with which role; invite someone. */
export function UsersPage({ principal, users, siteIds, fresh, errors, values, now }: UsersPageProps) {
  const form = userForm(values ?? {}, errors);
  return (
    <Layout title="Users" principal={principal} current="users">
      <h1>Users</h1>
      {fresh ? <LinkNotice fresh={fresh} /> : null}
      <p>
        People sign in with their e-mail address and password. What each may do follows their role: an{' '}
        <strong>admin</strong> {ROLE_WORDS.admin}; a <strong>marketer</strong> {ROLE_WORDS.marketer}; a{' '}
        <strong>sales</strong> user {ROLE_WORDS.sales}. API tokens stay for scripts and machines.
      </p>
      {users.length === 0 ? (
        <p>No users yet: invite the first one below, and give them the admin role.</p>
      ) : (
        <TableWrap label="Users">
          <table>
            <caption>Everyone who may sign in</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">E-mail</th>
                <th scope="col">Role</th>
                <th scope="col">Sites</th>
                <th scope="col">Status</th>
                <th scope="col">Last sign-in</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr>
                  <th scope="row">
                    <a href={`/dashboard/users/${u.id}`}>{u.name}</a>
                  </th>
                  <td>{u.email}</td>
                  <td>{u.role}</td>
                  <td>{u.sites ? u.sites.join(', ') : 'all'}</td>
                  <td>{STATUS_WORDS[u.status]}</td>
                  <td>
                    <RelTime at={u.lastLoginAt} now={now} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}

      <section aria-labelledby="invite">
        <h2 id="invite">Invite someone</h2>
        <p>
          They get a sign-in link to choose their password, valid for a week. leadbeacon sends no e-mail: pass
          the link on yourself.
        </p>
        <ErrorSummary form={form} labels={LABELS} />
        <form method="post" action="/dashboard/users" class="panel stack">
          <UserFields form={form} siteIds={siteIds} withEmail />
          <p>
            <button type="submit">Invite</button>
          </p>
        </form>
      </section>
    </Layout>
  );
}

type UserPageProps = {
  principal: Principal;
  user: User;
  siteIds: readonly string[];
  fresh?: FreshLink | undefined;
  errors?: FieldErrors | undefined;
  values?: UserFormValues | undefined;
  notice?: string | undefined;
  now: number;
};

/** GET /dashboard/users/:id: change a user's name, role and sites; disable; a new sign-in link. */
export function UserPage({ principal, user, siteIds, fresh, errors, values, notice, now }: UserPageProps) {
  const self = principal.kind === 'user' && principal.userId === user.id;
  const base = `/dashboard/users/${user.id}`;
  const form = userForm(values ?? { name: user.name, role: user.role, sites: user.sites ?? [] }, errors);
  return (
    <Layout title={user.name} principal={principal} current="users">
      <p>
        <a href="/dashboard/users">← All users</a>
      </p>
      <h1>{user.name}</h1>
      {fresh ? <LinkNotice fresh={fresh} /> : null}
      {notice ? (
        <p class="notice" role="status">
          {notice}
        </p>
      ) : null}
      <dl class="props">
        <dt>E-mail</dt>
        <dd>{user.email}</dd>
        <dt>Status</dt>
        <dd>
          {STATUS_WORDS[user.status]}
          {user.inviteExpiresAt ? (
            <span class="small muted">
              {' '}
              · a sign-in link is open until <RelTime at={user.inviteExpiresAt} now={now} />
            </span>
          ) : null}
        </dd>
        <dt>Invited</dt>
        <dd>
          <RelTime at={user.createdAt} now={now} /> by {user.createdBy}
        </dd>
        <dt>Last sign-in</dt>
        <dd>
          <RelTime at={user.lastLoginAt} now={now} />
        </dd>
      </dl>

      <section aria-labelledby="edit">
        <h2 id="edit">Name, role and sites</h2>
        <ErrorSummary form={form} labels={LABELS} />
        <form method="post" action={base} class="panel stack">
          <UserFields form={form} siteIds={siteIds} />
          <p>
            <button type="submit">Save</button>
          </p>
        </form>
      </section>

      <section aria-labelledby="access">
        <h2 id="access">Access</h2>
        <div class="actions">
          {user.status !== 'disabled' ? (
            <form method="post" action={`${base}/link`}>
              <button type="submit" class="secondary">
                {user.status === 'invited' ? 'New invitation link' : 'Password reset link'}
              </button>
            </form>
          ) : null}
          {self ? (
            <p class="small muted">You cannot disable yourself.</p>
          ) : user.status === 'disabled' ? (
            <form method="post" action={`${base}/enable`}>
              <button type="submit">Enable</button>
            </form>
          ) : (
            <form method="post" action={`${base}/disable`}>
              <button type="submit" class="danger">
                Disable (signs them out everywhere)
              </button>
            </form>
          )}
        </div>
      </section>
    </Layout>
  );
}

const ROLE_OPTIONS: readonly Option[] = ROLES.map((role) => ({
  value: role,
  label: role,
  note: ROLE_WORDS[role],
}));

/**
 * The page's only form: its element ids are the field names. A new form has the sales role chosen;
 * a refused one shows what was sent (no role, if none was).
 */
function userForm(values: UserFormValues, errors: FieldErrors | undefined): FormView {
  const { name = '', email = '', role = 'sales', sites = [] } = values;
  return formView('', formState({ name, email, role, sites }, errors));
}

function UserFields({
  form,
  siteIds,
  withEmail = false,
}: {
  form: FormView;
  siteIds: readonly string[];
  withEmail?: boolean;
}) {
  return (
    <>
      <TextField form={form} name="name" label={LABELS.name} required maxlength={100} autocomplete="off" />
      {withEmail ? (
        <TextField
          form={form}
          name="email"
          label={LABELS.email}
          type="email"
          required
          maxlength={254}
          autocomplete="off"
        />
      ) : null}
      <ChoiceGroup
        form={form}
        name="role"
        legend={LABELS.role}
        type="radio"
        required
        options={ROLE_OPTIONS}
        stacked
      />
      {siteIds.length > 1 ? (
        <ChoiceGroup
          form={form}
          name="sites"
          legend={LABELS.sites}
          hint="The sites whose new MQLs a sales user takes in turn (round-robin). None ticked: every site."
          options={siteIds.map((id) => ({ value: id, label: id }))}
        />
      ) : null}
    </>
  );
}

/** The link just made, in a field that selects easily; said to be shown only now. */
function LinkNotice({ fresh }: { fresh: FreshLink }) {
  return (
    <div class="notice" role="status">
      <p>
        {fresh.kind === 'invite'
          ? `${fresh.user.name} is invited.`
          : `A new sign-in link for ${fresh.user.name}.`}{' '}
        Send them this link; it works once, for a week, and is not shown again:
      </p>
      <label for="fresh-link">Sign-in link for {fresh.user.email}</label>
      <input id="fresh-link" type="text" readonly value={fresh.link} class="mono" />
    </div>
  );
}
