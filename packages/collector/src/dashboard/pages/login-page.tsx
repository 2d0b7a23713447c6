import { Layout } from '../components/layout';

type LoginPageProps = {
  /** Where to go after logging in (a dashboard path). */
  next: string;
  /** Why the last attempt failed. */
  error?: string | undefined;
};

/** GET /dashboard/login: one field, the API token (at least the read scope). */
export function LoginPage({ next, error }: LoginPageProps) {
  return (
    <Layout title="Log in">
      <div class="narrow">
        <h1>Log in to the dashboard</h1>
        <p>
          Use an API token (<code>pnpm run token</code> creates one). A read token shows leads; write adds the
          sales actions; admin adds publishing models.
        </p>
        {error ? (
          <div class="error" role="alert" id="login-error">
            <p>{error}</p>
          </div>
        ) : null}
        <form method="post" action="/dashboard/login" class="panel">
          <input type="hidden" name="next" value={next} />
          <div>
            <label for="token">API token</label>
            <input
              id="token"
              type="password"
              name="token"
              required
              autocomplete="current-password"
              maxlength={512}
              aria-describedby={error ? 'login-error' : undefined}
            />
          </div>
          <p>
            <button type="submit">Log in</button>
          </p>
        </form>
      </div>
    </Layout>
  );
}
