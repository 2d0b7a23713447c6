import type { Principal } from '../../auth/tokens';
import type { JobSummary } from '../../jobs/jobs';
import { CheckboxField, ErrorSummary, type FormView, Hidden } from '../components/form-fields';
import { Layout } from '../components/layout';
import { MoveMatrix } from '../components/move-matrix';
import type { MoveCount } from '../data/jobs';
import { JOB_REFRESH_SECONDS, STAGE_ORDER } from './job-page';

type DraftReviewPageProps = {
  principal: Principal;
  /** The preview job of this draft. */
  job: JobSummary;
  /** The stored version the preview scored (what publishing makes active). */
  version: number;
  /** The draft's revision the preview was made of. */
  rev: number;
  /** The draft changed after the preview: its effect is unknown, preview again. */
  outdated: boolean;
  changes: readonly string[];
  bandMoves: readonly MoveCount[];
  stageMoves: readonly MoveCount[];
  bandOrder: readonly string[];
  form: FormView;
};

/** "2 leads move to another band (1 cold → warm, 1 warm → hot)", "no lead changes stage". */
function movesText(
  moves: readonly { from: string; to: string; leads: number }[],
  what: 'band' | 'stage',
): string {
  const total = moves.reduce((s, m) => s + m.leads, 0);
  const each = moves.map((m) => `${m.leads} ${m.from} → ${m.to}`).join(', ');
  const verb = what === 'band' ? 'to another band' : 'stage';
  if (total === 0) return what === 'band' ? 'no lead moves to another band' : 'no lead changes stage';
  const leads = total === 1 ? '1 lead' : `${total} leads`;
  const moved = what === 'band' ? (total === 1 ? 'moves' : 'move') : total === 1 ? 'changes' : 'change';
  return `${leads} ${moved} ${verb} (${each})`;
}

/** What publishing this preview does, in one sentence: the confirmation repeats it. */
export function effectText(job: JobSummary): string {
  const of = job.total === 1 ? '1 lead' : `${job.total} leads`;
  return `${movesText(job.bandMoves, 'band')} and ${movesText(job.stageMoves, 'stage')}, of ${of}.${compactedText(job)}`;
}

/**
 * What retention means for a new version: leads whose browser history was compacted are scored
 * from the events kept (a snapshot of one model cannot serve another). Empty when there are none.
 */
export function compactedText(job: JobSummary): string {
  const { leads, through } = job.compacted;
  if (leads === 0 || through === null) return '';
  const who = leads === 1 ? '1 lead has' : `${leads} leads have`;
  const day = new Date(through).toISOString().slice(0, 10);
  return ` ${who} browser history compacted up to ${day} (retention): this version scores them from the events kept, so rules looking back before then see only their identity, form, sales and server events.`;
}

/**
 * GET /dashboard/model/edit/review: the preview of the draft (how many leads move between bands and
 * stages) and the confirmation that states that effect before the draft is published.
 */
export function DraftReviewPage(p: DraftReviewPageProps) {
  const running = p.job.status === 'running';
  return (
    <Layout
      title="Preview of your draft"
      principal={p.principal}
      current="model"
      refreshSeconds={running ? JOB_REFRESH_SECONDS : undefined}
    >
      <p>
        <a href="/dashboard/model/edit">← Back to the draft</a>
      </p>
      <h1>Preview of your draft</h1>
      <section class="panel" aria-labelledby="what">
        <h2 id="what">What the draft changes</h2>
        <ul class="changes">
          {p.changes.map((c) => (
            <li>{c}</li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="effect">
        <h2 id="effect">What it does to your leads</h2>
        <p role="status">
          {running
            ? `Scoring every lead with the draft: ${p.job.done} of ${p.job.total} done. This page reloads every ${JOB_REFRESH_SECONDS} seconds.`
            : `Publishing would do this: ${effectText(p.job)} Nothing has changed yet.`}
        </p>
        <progress
          max={Math.max(p.job.total, 1)}
          value={p.job.total === 0 ? 1 : p.job.done}
          aria-label="Progress"
        />
        <h3>Bands</h3>
        <MoveMatrix what="Band" counts={p.bandMoves} order={p.bandOrder} />
        <h3>Stages</h3>
        <MoveMatrix what="Stage" counts={p.stageMoves} order={STAGE_ORDER} />
      </section>
      <section aria-labelledby="publish">
        <h2 id="publish">Publish</h2>
        {p.outdated ? (
          <div class="error" role="alert">
            <p>
              The draft changed after this preview, so its effect is not known. Preview it again before
              publishing.
            </p>
            <p>
              <a href="/dashboard/model/edit">Back to the draft</a>
            </p>
          </div>
        ) : running ? (
          <p>You can publish once the preview is done.</p>
        ) : (
          <form method="post" action="/dashboard/model/edit/publish" class="panel">
            <Hidden name="rev" value={String(p.rev)} />
            <Hidden name="version" value={String(p.version)} />
            <ErrorSummary form={p.form} labels={{ confirm: 'Confirmation' }} />
            <p>
              {`Publishing makes the draft the active model (version ${p.version}) and re-scores every lead. Leads that change band or stage are told to the subscribed teams, with the cause "model".`}
            </p>
            <CheckboxField
              form={p.form}
              name="confirm"
              label={`Yes, publish: ${effectText(p.job)}`}
              required
            />
            <p>
              <button type="submit">{`Publish version ${p.version}`}</button>
            </p>
          </form>
        )}
      </section>
    </Layout>
  );
}
