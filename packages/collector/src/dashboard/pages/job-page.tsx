import type { Principal } from '../../auth/tokens';
import type { JobSummary } from '../../jobs/jobs';
import { jobTitle } from '../components/jobs-table';
import { Layout } from '../components/layout';
import { MoveMatrix } from '../components/move-matrix';
import { RelTime } from '../components/rel-time';
import type { MoveCount } from '../data/jobs';
import { hasScope } from '../session';

/** Stages from lowest to highest, for the matrix ("up" means towards SQL). */
export const STAGE_ORDER = ['visitor', 'recycled', 'known', 'mql', 'sql'];

/** How often a running job's page reloads itself (a meta refresh: no script). */
export const JOB_REFRESH_SECONDS = 2;

type JobPageProps = {
  principal: Principal;
  job: JobSummary;
  bandMoves: readonly MoveCount[];
  stageMoves: readonly MoveCount[];
  /** Band names lowest first: the job's model's primary bands, then the active ones. */
  bandOrder: readonly string[];
  /** Whether the job's version is the active one. */
  isActive: boolean;
  now: number;
};

/** GET /dashboard/model/jobs/:id: progress, then how leads move between bands and stages. */
export function JobPage({ principal, job, bandMoves, stageMoves, bandOrder, isActive, now }: JobPageProps) {
  const running = job.status === 'running';
  const preview = job.kind === 'preview';
  // A shadow job scores without changing anyone: its matrix is the active model against the shadow.
  const verb = preview || job.kind === 'shadow' ? 'would change' : 'changed';
  return (
    <Layout
      title={jobTitle(job.kind, job.modelVersion)}
      principal={principal}
      current="model"
      refreshSeconds={running ? JOB_REFRESH_SECONDS : undefined}
    >
      <p>
        <a href="/dashboard/model">← Scoring model</a>
      </p>
      <h1>{jobTitle(job.kind, job.modelVersion)}</h1>
      <p>
        Started <RelTime at={job.createdAt} now={now} />.{' '}
        <a href={`/dashboard/model/versions/${job.modelVersion}`}>{`See version ${job.modelVersion}`}</a>.
      </p>
      <p role="status">
        {running
          ? `Running: ${job.done} of ${job.total} leads visited. This page reloads every ${JOB_REFRESH_SECONDS} seconds.`
          : `Done: ${job.total} leads visited; ${job.changed.band} ${verb} band, ${job.changed.stage} ${verb} stage.`}
      </p>
      {job.how ? (
        <p>
          {`${job.how.adopted} adopted the shadow's result as it was (nothing re-scored), ${job.how.rescored} had no current shadow result and were re-scored, ${job.how.current} were already scored by this version.`}
        </p>
      ) : null}
      {job.kind === 'shadow' ? (
        <p class="small muted">
          Rows: the active model; columns: the shadow. Nobody was notified and no lead changed; see the{' '}
          <a href="/dashboard/model#shadow">comparison on the model page</a>.
        </p>
      ) : null}
      <progress max={Math.max(job.total, 1)} value={job.total === 0 ? 1 : job.done} aria-label="Progress" />
      {preview && !running && !isActive && hasScope(principal, 'admin') ? (
        <form method="post" action={`/dashboard/model/versions/${job.modelVersion}/publish`}>
          <p>
            <button type="submit">{`Publish version ${job.modelVersion}`}</button>
          </p>
        </form>
      ) : null}
      <section aria-labelledby="bands">
        <h2 id="bands">Bands</h2>
        <MoveMatrix what="Band" counts={bandMoves} order={bandOrder} />
      </section>
      <section aria-labelledby="stages">
        <h2 id="stages">Stages</h2>
        <MoveMatrix what="Stage" counts={stageMoves} order={STAGE_ORDER} />
      </section>
    </Layout>
  );
}
