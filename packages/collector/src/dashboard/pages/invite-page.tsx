import { PASSWORD_MIN } from '../../auth/password';
import type { User } from '../../storage/users';
import { ErrorSummary, formView, TextField } from '../components/form-fields';
import { Layout } from '../components/layout';
import { type FieldErrors, formState } from '../form';

type InvitePageProps = {
  token: string;
  /** The user the link names; null when it is used up, expired or unknown. */
  user: User | null;
  errors?: FieldErrors | undefined;
};

const LABELS = { password: 'New password', repeat: 'The same password again' };

/** GET /dashboard/invite/:token: choose a password (a first one, or a new one after a reset). */
export function InvitePage({ token, user, errors }: InvitePageProps) {
  if (!user) {
    return (
      <Layout title="Link not valid">
        <div class="narrow">
          <h1>This link does not work any more</h1>
          <p>
            It has been used, has expired (links work for a week) or was replaced by a newer one. Ask an admin
            of your team for a new link.
          </p>
          <p>
            <a href="/dashboard/login">Sign in</a>
          </p>
        </div>
      </Layout>
    );
  }
  const first = user.status === 'invited';
  // The page's only form (its ids are the field names); a password is never sent back to be shown.
  const form = formView('', formState({}, errors));
  return (
    <Layout title={first ? 'Welcome' : 'New password'}>
      <div class="narrow">
        <h1>{first ? `Welcome, ${user.name}` : 'Choose a new password'}</h1>
        <p>
          {first
            ? `You were invited to leadbeacon as ${user.role}. Choose a password to sign in with `
            : 'Choose a new password for '}
          <strong>{user.email}</strong>.
        </p>
        <ErrorSummary form={form} labels={LABELS} />
        <form method="post" action={`/dashboard/invite/${token}`} class="panel">
          {/* A password manager files the new password under this address. */}
          <input type="hidden" name="username" autocomplete="username" value={user.email} />
          <TextField
            form={form}
            name="password"
            label={LABELS.password}
            hint={`At least ${PASSWORD_MIN} characters. A passphrase of a few words is easy to type and hard to guess.`}
            type="password"
            required
            minlength={PASSWORD_MIN}
            maxlength={256}
            autocomplete="new-password"
          />
          <TextField
            form={form}
            name="repeat"
            label={LABELS.repeat}
            type="password"
            required
            maxlength={256}
            autocomplete="new-password"
          />
          <p>
            <button type="submit">{first ? 'Set password and sign in' : 'Save the new password'}</button>
          </p>
        </form>
      </div>
    </Layout>
  );
}
