import type { Principal } from '../../auth/tokens';
import type { ModelVersion } from '../../storage/models';
import { Layout } from '../components/layout';
import { ModelSummary } from '../components/model-summary';
import { RelTime } from '../components/rel-time';
import { hasScope } from '../session';

type VersionPageProps = {
  principal: Principal;
  version: ModelVersion;
  isActive: boolean;
  /** The running shadow's version, if one runs (only one at a time). */
  shadowVersion: number | null;
  now: number;
};

/** GET /dashboard/model/versions/:version: one stored model in words, with preview and publish. */
export function VersionPage({ principal, version: v, isActive, shadowVersion, now }: VersionPageProps) {
  const admin = hasScope(principal, 'admin');
  return (
    <Layout title={`Model version ${v.version}`} principal={principal} current="model">
      <p>
        <a href="/dashboard/model">← Scoring model</a>
      </p>
      <h1>{`Model version ${v.version}`}</h1>
      <p>
        <code>{v.model.version}</code>
        {v.model.name ? `, ${v.model.name}` : ''}
        {isActive ? (
          <>
            {' '}
            <span class="badge stage-sql">active</span>
          </>
        ) : null}
        {shadowVersion === v.version ? (
          <>
            {' '}
            <span class="badge stage-mql">shadow</span>
          </>
        ) : null}
      </p>
      <p class="small muted">
        {v.note ? `${v.note}. ` : ''}
        {v.createdAt ? (
          <>
            Created <RelTime at={v.createdAt} now={now} />
            {v.createdBy ? ` by ${v.createdBy}` : ''}.{' '}
          </>
        ) : null}
        Hash <code>{v.hash.slice(0, 12)}</code>.
      </p>
      {admin ? (
        <div class="actions">
          <form method="post" action={`/dashboard/model/versions/${v.version}/preview`}>
            <button type="submit" class="secondary">
              Preview against all leads
            </button>
          </form>
          {isActive ? null : (
            <form method="post" action={`/dashboard/model/versions/${v.version}/publish`}>
              <button type="submit">Publish this version</button>
            </form>
          )}
          {isActive || shadowVersion !== null ? null : (
            <form method="post" action={`/dashboard/model/versions/${v.version}/shadow`}>
              <button type="submit" class="secondary">
                Publish as shadow
              </button>
            </form>
          )}
        </div>
      ) : null}
      {shadowVersion === v.version ? (
        <p>
          This version runs as the shadow model: <a href="/dashboard/model#shadow">see how it compares</a>{' '}
          with the active one, and promote or withdraw it there.
        </p>
      ) : shadowVersion !== null && admin && !isActive ? (
        <p class="small muted">{`Version ${shadowVersion} runs as the shadow model; one shadow at a time.`}</p>
      ) : null}
      <section aria-labelledby="model">
        <h2 id="model">The model</h2>
        <ModelSummary model={v.model} idPrefix="version" />
        <details>
          <summary>As JSON</summary>
          <pre class="mono">{JSON.stringify(v.model, null, 2)}</pre>
        </details>
      </section>
    </Layout>
  );
}
