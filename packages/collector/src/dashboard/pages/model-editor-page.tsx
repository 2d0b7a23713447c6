import type { Principal } from '../../auth/tokens';
import { EditorRules } from '../components/editor-rules';
import { type FormView, Hidden } from '../components/form-fields';
import { Layout } from '../components/layout';
import { BandsForm, GeneralForm, ImportForm, StagesForm, TopicsForm } from '../components/model-part-forms';
import { RelTime } from '../components/rel-time';
import type { Working } from '../draft';
import { plural } from '../format';

/** The editor's forms beside the rules, each drawn from the model or from a refused submission. */
export type EditorForms = {
  topics: FormView;
  bands: FormView;
  stages: FormView;
  general: FormView;
  import: FormView;
};

/** Confirmations after a change, chosen by a fixed key (the URL never carries the text). */
export const EDITOR_NOTICES = {
  rule: 'Rule saved in your draft.',
  added: 'Rule added to your draft.',
  duplicated: 'Rule duplicated in your draft.',
  deleted: 'Rule deleted from your draft.',
  moved: 'Rule moved.',
  topics: 'Topics saved in your draft.',
  bands: 'Bands saved in your draft.',
  stages: 'Stages saved in your draft.',
  general: 'Settings saved in your draft.',
  imported: 'The draft was replaced with the imported model.',
  unchanged: 'Nothing changed: the draft is as it was.',
  discarded: 'Draft discarded: you see the active model again.',
} as const;
export type EditorNotice = keyof typeof EDITOR_NOTICES;

type ModelEditorPageProps = {
  principal: Principal;
  working: Working;
  forms: EditorForms;
  notice?: EditorNotice | undefined;
  /** Said above everything when a form arrived from a page older than the draft. */
  stale?: boolean;
  now: number;
};

/**
 * GET /dashboard/model/edit: the person's draft of the scoring model, edited without JSON: the
 * rules table, topics, bands, stages and the competitor list. Every change lands in the draft;
 * "Preview the effect" scores every lead with it before anything is published.
 */
export function ModelEditorPage({ principal, working: w, forms, notice, stale, now }: ModelEditorPageProps) {
  const changed = w.changes.length > 0;
  const rebased = w.draft !== null && w.draft.baseVersion !== w.active.version;
  return (
    <Layout title="Edit the scoring model" principal={principal} current="model">
      <p>
        <a href="/dashboard/model">← Scoring model</a>
      </p>
      <h1>Edit the scoring model</h1>
      {stale ? (
        <div class="error" role="alert">
          <p>
            The draft changed since that page was shown (in another tab?). Nothing was saved: here is the
            draft as it is now.
          </p>
        </div>
      ) : null}
      {notice ? (
        <p class="notice" role="status">
          {EDITOR_NOTICES[notice]}
        </p>
      ) : null}

      <section class="panel" aria-labelledby="draft-status">
        <h2 id="draft-status">{w.draft ? 'Your draft' : 'No draft yet'}</h2>
        {w.draft ? (
          <p>
            {`Started from version ${w.draft.baseVersion}, last changed `}
            <RelTime at={w.draft.updatedAt} now={now} />. Nothing changes for leads until you preview and
            publish it.
          </p>
        ) : (
          <p>{`This is the active model (version ${w.active.version}). Your first change starts a draft only you see; nothing changes for leads until you preview and publish it.`}</p>
        )}
        {rebased ? (
          <p class="error">
            {`Version ${w.active.version} was published after this draft started from version ${w.draft?.baseVersion}. Publishing the draft replaces it entirely; discard the draft to start again from version ${w.active.version}.`}
          </p>
        ) : null}
        {changed ? (
          <>
            <h3>{`${plural(w.changes.length, 'change')} from the active model`}</h3>
            <ul class="changes">
              {w.changes.map((c) => (
                <li>{c}</li>
              ))}
            </ul>
          </>
        ) : w.draft ? (
          <p>The draft says the same as the active model: there is nothing to preview or publish.</p>
        ) : null}
        <div class="actions">
          {changed ? (
            <form method="post" action="/dashboard/model/edit/preview">
              <Hidden name="rev" value={String(w.rev)} />
              <button type="submit">Preview the effect on every lead</button>
            </form>
          ) : null}
          {w.draft ? (
            <form method="post" action="/dashboard/model/edit/discard">
              <Hidden name="rev" value={String(w.rev)} />
              <button type="submit" class="secondary">
                Discard the draft
              </button>
            </form>
          ) : null}
        </div>
      </section>

      <section aria-labelledby="rules">
        <h2 id="rules">Rules</h2>
        <p>
          <a class="button" href="/dashboard/model/edit/rule">
            Add a rule
          </a>
        </p>
        <EditorRules rules={w.model.rules} rev={w.rev} />
      </section>

      <section aria-labelledby="topics">
        <h2 id="topics">Topics from URLs</h2>
        <TopicsForm form={forms.topics} rev={w.rev} />
      </section>

      <section aria-labelledby="bands">
        <h2 id="bands">Bands</h2>
        <BandsForm form={forms.bands} rev={w.rev} />
      </section>

      <section aria-labelledby="stages">
        <h2 id="stages">Stages</h2>
        <StagesForm form={forms.stages} rev={w.rev} />
      </section>

      <section aria-labelledby="general">
        <h2 id="general">Competitors and e-mail domains</h2>
        <GeneralForm form={forms.general} rev={w.rev} />
      </section>

      <section aria-labelledby="json">
        <h2 id="json">JSON, for power users</h2>
        <p>
          <a href="/dashboard/model/edit/export" download="leadbeacon-model.json">
            Export the model as the editor shows it (JSON)
          </a>
        </p>
        <details open={Object.keys(forms.import.state.errors).length > 0}>
          <summary>Import a model from JSON</summary>
          <ImportForm form={forms.import} rev={w.rev} />
        </details>
      </section>
    </Layout>
  );
}
