import { PASSWORD_MIN } from '../../auth/password';
import type { User } from '../../storage/users';
import { describedBy, ErrorSummary, FieldError } from '../components/form-errors';
import { Layout } from '../components/layout';
import type { FieldErrors } from '../form';

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
        <ErrorSummary errors={errors} labels={LABELS} />
        <form method="post" action={`/dashboard/invite/${token}`} class="panel">
          {/* A password manager files the new password under this address. */}
          <input type="hidden" name="username" autocomplete="username" value={user.email} />
          <div>
            <label for="password">{LABELS.password}</label>
            <p class="small muted" id="password-hint">
              {`At least ${PASSWORD_MIN} characters. A passphrase of a few words is easy to type and hard to guess.`}
            </p>
            <FieldError name="password" errors={errors} />
            <input
              id="password"
              type="password"
              name="password"
              required
              minlength={PASSWORD_MIN}
              maxlength={256}
              autocomplete="new-password"
              aria-invalid={errors?.password ? 'true' : undefined}
              aria-describedby={describedBy('password', errors, 'password-hint')}
            />
          </div>
          <div>
            <label for="repeat">{LABELS.repeat}</label>
            <FieldError name="repeat" errors={errors} />
            <input
              id="repeat"
              type="password"
              name="repeat"
              required
              maxlength={256}
              autocomplete="new-password"
              aria-invalid={errors?.repeat ? 'true' : undefined}
              aria-describedby={describedBy('repeat', errors)}
            />
          </div>
          <p>
            <button type="submit">{first ? 'Set password and sign in' : 'Save the new password'}</button>
          </p>
        </form>
      </div>
    </Layout>
  );
}
