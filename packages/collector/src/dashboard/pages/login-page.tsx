import { FieldError, fieldId, formView, Hidden } from '../components/form-fields';
import { Layout } from '../components/layout';
import type { FormState } from '../form';

type LoginPageProps = {
  /** Where to go after logging in (a dashboard path). */
  next: string;
  /** The token field's state from the form layer (never its value). */
  form: FormState;
  /** Why the last attempt failed (a wrong or throttled login, not a field's mistake). */
  error?: string | undefined;
};

/** GET /dashboard/login: one field, the API token (at least the read scope). */
export function LoginPage({ next, form: state, error }: LoginPageProps) {
  const form = formView('login', state);
  const tokenError = state.errors.token;
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
          <Hidden name="next" value={next} />
          <div class="field">
            <label for={fieldId(form, 'token')}>API token</label>
            {/* A password field never shows a value back: only the message next to it. */}
            <input
              id={fieldId(form, 'token')}
              type="password"
              name="token"
              required
              autocomplete="current-password"
              maxlength={512}
              aria-invalid={tokenError ? 'true' : undefined}
              aria-describedby={
                tokenError ? `${fieldId(form, 'token')}-error` : error ? 'login-error' : undefined
              }
            />
            <FieldError form={form} name="token" />
          </div>
          <p>
            <button type="submit">Log in</button>
          </p>
        </form>
      </div>
    </Layout>
  );
}
