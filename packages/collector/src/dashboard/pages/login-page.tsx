import { Layout } from '../components/layout';

export type LoginPageProps = {
  /** Where to go after signing in (a dashboard path). */
  next: string;
  /** Why the last attempt failed. */
  error?: string | undefined;
  /** The address tried last, kept in the field. */
  email?: string | undefined;
};

/**
 * GET /dashboard/login: people sign in with their e-mail address and password (an admin invites
 * them); below, operators may use an API token.
 */
export function LoginPage({ next, error, email }: LoginPageProps) {
  return (
    <Layout title="Sign in">
      <div class="narrow">
        <h1>Sign in to leadbeacon</h1>
        {error ? (
          <div class="error" role="alert" id="login-error">
            <p>{error}</p>
          </div>
        ) : null}
        <form method="post" action="/dashboard/login" class="panel">
          <input type="hidden" name="next" value={next} />
          <div>
            <label for="email">E-mail address</label>
            <input
              id="email"
              type="email"
              name="email"
              required
              autocomplete="username"
              maxlength={254}
              value={email ?? ''}
              aria-describedby={error ? 'login-error' : undefined}
            />
          </div>
          <div>
            <label for="password">Password</label>
            <input
              id="password"
              type="password"
              name="password"
              required
              autocomplete="current-password"
              maxlength={256}
            />
          </div>
          <p>
            <button type="submit">Sign in</button>
          </p>
          <p class="small muted">
            No account yet, or forgot your password? Ask an admin of your team for a sign-in link.
          </p>
        </form>
        <section aria-labelledby="operators">
          <h2 id="operators">Operators</h2>
          <p class="small">
            Scripts and operators may sign in with an API token. A read token shows leads, write adds the
            sales actions, admin everything else.
          </p>
          <form method="post" action="/dashboard/login" class="panel">
            <input type="hidden" name="next" value={next} />
            <div>
              <label for="token">API token</label>
              <input id="token" type="password" name="token" required autocomplete="off" maxlength={512} />
            </div>
            <p>
              <button type="submit" class="secondary">
                Sign in with the token
              </button>
            </p>
          </form>
        </section>
      </div>
    </Layout>
  );
}
