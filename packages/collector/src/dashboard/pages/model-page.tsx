import type { Principal } from '../../auth/tokens';
import type { ServedReport } from '../../report/load';
import type { ScoringModel } from '../../scoring';
import type { ShadowStatus } from '../../shadow/service';
import type { ModelVersion } from '../../storage/models';
import { JobsTable } from '../components/jobs-table';
import { Layout } from '../components/layout';
import { ModelEvaluation } from '../components/model-evaluation';
import { ModelSummary } from '../components/model-summary';
import { RelTime } from '../components/rel-time';
import { ShadowPanel } from '../components/shadow-panel';
import { TableWrap } from '../components/table-wrap';
import type { RecentJob } from '../data/jobs';
import { plural } from '../format';
import { hasScope } from '../session';

export type Publication = { version: number; action: string; at: number; by: string | null };

type ModelPageProps = {
  principal: Principal;
  active: { version: number; hash: string; model: ScoringModel };
  versions: readonly Omit<ModelVersion, 'model'>[];
  publications: readonly Publication[];
  jobs: readonly RecentJob[];
  /** The viewer's draft in the model editor: how many changes it holds, null without one. */
  draftChanges: number | null;
  /** Whether a rollback has a version to go back to. */
  canRollback: boolean;
  /** The model report on the recorded outcomes (all sites). */
  report: ServedReport;
  /** The shadow model, if one runs, and its comparison with the active one. */
  shadow: ShadowStatus;
  now: number;
};

/**
 * GET /dashboard/model: how leads convert by score and what the outcomes say about the model, the
 * shadow model, the active model in words, its versions and publications. Changing the model is
 * the editor's job (/dashboard/model/edit); rolling back sits with the publications, not first.
 */
export function ModelPage(p: ModelPageProps) {
  const admin = hasScope(p.principal, 'admin');
  const m = p.active.model;
  return (
    <Layout title="Scoring model" principal={p.principal} current="model">
      <h1>Scoring model</h1>
      <p>
        Active: <strong>version {p.active.version}</strong> (<code>{m.version}</code>
        {m.name ? `, ${m.name}` : ''}), hash <code>{p.active.hash.slice(0, 12)}</code>.
      </p>
      {admin ? (
        <section class="panel" aria-labelledby="change">
          <h2 id="change">Change the model</h2>
          <p>
            {p.draftChanges === null
              ? 'Edit rules, topics, bands, stages and competitors in forms; preview the effect on every lead before you publish.'
              : `Your draft holds ${plural(p.draftChanges, 'change')} that nobody else sees until you publish it.`}
          </p>
          <p>
            <a class="button" href="/dashboard/model/edit">
              {p.draftChanges === null ? 'Edit the model' : 'Continue editing your draft'}
            </a>
          </p>
        </section>
      ) : null}

      <section aria-labelledby="evaluation">
        <h2 id="evaluation">Evaluation: how leads converted</h2>
        <ModelEvaluation report={p.report} />
      </section>

      <section aria-labelledby="shadow">
        <h2 id="shadow">Shadow model</h2>
        <ShadowPanel status={p.shadow} admin={admin} now={p.now} />
      </section>

      <section aria-labelledby="active-model">
        <h2 id="active-model">Active model</h2>
        <ModelSummary model={m} idPrefix="active" />
      </section>

      <section aria-labelledby="jobs">
        <h2 id="jobs">Previews and re-scorings</h2>
        <JobsTable jobs={p.jobs} now={p.now} />
      </section>

      <section aria-labelledby="versions">
        <h2 id="versions">Versions</h2>
        <TableWrap label="Model versions">
          <table>
            <caption>Stored model versions, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Note</th>
                <th scope="col">Created</th>
                <th scope="col">By</th>
                <th scope="col">Hash</th>
              </tr>
            </thead>
            <tbody>
              {p.versions.map((v) => (
                <tr>
                  <th scope="row">
                    <a href={`/dashboard/model/versions/${v.version}`}>{`Version ${v.version}`}</a>
                    {v.version === p.active.version ? (
                      <>
                        {' '}
                        <span class="badge stage-sql">active</span>
                      </>
                    ) : null}
                  </th>
                  <td>{v.note ?? ''}</td>
                  <td>{v.createdAt === null ? 'built in' : <RelTime at={v.createdAt} now={p.now} />}</td>
                  <td>{v.createdBy ?? ''}</td>
                  <td>
                    <code>{v.hash.slice(0, 12)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </section>

      <section aria-labelledby="publications">
        <h2 id="publications">Publications</h2>
        {admin && p.canRollback ? (
          <form method="post" action="/dashboard/model/rollback">
            <p>
              <button type="submit" class="secondary">
                Roll back to the previous version
              </button>
            </p>
          </form>
        ) : null}
        {p.publications.length === 0 ? (
          <p>Nothing published yet: the built-in default model (version 0) is active.</p>
        ) : (
          <TableWrap label="Publications">
            <table>
              <caption>Publications and rollbacks, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Action</th>
                  <th scope="col">Version</th>
                  <th scope="col">By</th>
                </tr>
              </thead>
              <tbody>
                {p.publications.map((pub) => (
                  <tr>
                    <td>
                      <RelTime at={pub.at} now={p.now} />
                    </td>
                    <td>{pub.action}</td>
                    <td>
                      <a href={`/dashboard/model/versions/${pub.version}`}>{`Version ${pub.version}`}</a>
                    </td>
                    <td>{pub.by ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </section>
    </Layout>
  );
}
