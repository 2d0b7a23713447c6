import { type Context, Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import * as v from 'valibot';
import type { AppEnv } from '../../app-env';
import { getJob, startJob } from '../../jobs/jobs';
import { MAX_API_BODY } from '../../schema/api';
import { parseModel, type Rule, type ScoringModel } from '../../scoring';
import { actorOf, recordAction } from '../../storage/action-log';
import { deleteDraft, recordDraftPreview } from '../../storage/model-drafts';
import { recordPublication, saveModelVersion } from '../../storage/models';
import { formView } from '../components/form-fields';
import { jobMatrix } from '../data/jobs';
import { changeDraft, type Working, working } from '../draft';
import {
  type FieldErrors,
  type FieldValues,
  FORM_ERROR,
  formState,
  number,
  readFields,
  text,
  validateFields,
} from '../form';
import { plural } from '../format';
import {
  BandsFormSchema,
  bandsErrorField,
  bandsFields,
  GeneralFormSchema,
  generalErrorField,
  generalFields,
  type ModelPart,
  partErrorFields,
  StagesFormSchema,
  stagesErrorField,
  stagesFields,
  TopicsFormSchema,
  topicsErrorField,
  topicsFields,
  withBands,
  withGeneral,
  withStages,
  withTopics,
} from '../model-forms';
import { bandView } from '../model-view';
import { DraftReviewPage } from '../pages/draft-review-page';
import {
  EDITOR_NOTICES,
  type EditorForms,
  type EditorNotice,
  ModelEditorPage,
} from '../pages/model-editor-page';
import { RulePage } from '../pages/rule-page';
import { render } from '../render';
import { RuleFormSchema, ruleErrorFields, ruleFields, ruleFromForm, withMoreRows } from '../rule-form';
import { requirePermission } from '../session';

/**
 * The model editor at /dashboard/model/edit: every change goes into the signed-in person's draft
 * (one per person, see storage/model-drafts.ts), is checked by the model's own validation, and
 * reaches leads only through a preview and a confirmed publication. Every form carries the draft's
 * revision; one drawn from an older draft changes nothing (409, the draft shown as it is now).
 */
export const editorPages = new Hono<AppEnv>();

editorPages.use('/model/edit', requirePermission('model.edit'));
editorPages.use('/model/edit/*', requirePermission('model.edit'));

type Ctx = Context<AppEnv>;

const owner = (c: Ctx) => c.get('principal').name;

/** The revision a form carries (0: drawn when there was no draft). */
const RevForm = v.object({ rev: number({ min: 0, integer: true }) });

function revOf(values: FieldValues): number | null {
  const parsed = validateFields(RevForm, values);
  return parsed.ok ? parsed.value.rev : null;
}

function freshForms(model: ScoringModel): EditorForms {
  return {
    topics: formView('topics', formState(topicsFields(model))),
    bands: formView('bands', formState(bandsFields(model))),
    stages: formView('stages', formState(stagesFields(model))),
    general: formView('general', formState(generalFields(model))),
    import: formView('import', formState()),
  };
}

function editorPage(
  c: Ctx,
  w: Working,
  opts: { forms?: Partial<EditorForms>; notice?: EditorNotice; stale?: boolean } = {},
  status: ContentfulStatusCode = 200,
) {
  return render(
    c,
    <ModelEditorPage
      principal={c.get('principal')}
      working={w}
      forms={{ ...freshForms(w.model), ...opts.forms }}
      notice={opts.notice}
      stale={opts.stale}
      now={Date.now()}
    />,
    status,
  );
}

/** GET /dashboard/model/edit */
editorPages.get('/model/edit', async (c) => {
  const w = await working(c.env.DB, owner(c));
  const done = c.req.query('done');
  const notice = done && Object.hasOwn(EDITOR_NOTICES, done) ? (done as EditorNotice) : undefined;
  return editorPage(c, w, { ...(notice ? { notice } : {}) });
});

/** GET /dashboard/model/edit/export: the model exactly as the editor shows it, as JSON. */
editorPages.get('/model/edit/export', async (c) => {
  const w = await working(c.env.DB, owner(c));
  c.header('Content-Disposition', 'attachment; filename="leadbeacon-model.json"');
  return c.json(w.model);
});

// --- The parts beside the rules: topics, bands, stages, general settings -------------------------

type Part = {
  name: 'topics' | 'bands' | 'stages' | 'general';
  schema: v.GenericSchema;
  write: (model: ScoringModel, form: never) => ModelPart & { rowOf?: number[]; rowsOf?: unknown };
  errorField: (path: string, built: { rowOf?: number[]; rowsOf?: unknown }) => string | undefined;
};

const PARTS: Part[] = [
  {
    name: 'topics',
    schema: TopicsFormSchema,
    write: withTopics as Part['write'],
    errorField: (p, b) => topicsErrorField(p, b.rowOf ?? []),
  },
  {
    name: 'bands',
    schema: BandsFormSchema,
    write: withBands as Part['write'],
    errorField: (p, b) => bandsErrorField(p, (b.rowsOf ?? []) as Parameters<typeof bandsErrorField>[1]),
  },
  {
    name: 'stages',
    schema: StagesFormSchema,
    write: withStages as Part['write'],
    errorField: (p, b) => stagesErrorField(p, b.rowOf ?? []),
  },
  {
    name: 'general',
    schema: GeneralFormSchema,
    write: withGeneral as Part['write'],
    errorField: generalErrorField,
  },
];

for (const part of PARTS) {
  /** POST /dashboard/model/edit/{topics,bands,stages,general}: that part of the draft. */
  editorPages.post(`/model/edit/${part.name}`, async (c) => {
    const values = await readFields(c);
    const w = await working(c.env.DB, owner(c));
    if (revOf(values) !== w.rev) return editorPage(c, w, { stale: true }, 409);
    const refused = (errors: FieldErrors) =>
      editorPage(c, w, { forms: { [part.name]: formView(part.name, formState(values, errors)) } }, 400);
    const parsed = validateFields(part.schema, values);
    if (!parsed.ok) return refused(parsed.errors);
    const built = part.write(w.model, parsed.value as never);
    if (!built.ok) return refused(built.errors);
    const outcome = await changeDraft(c.env.DB, owner(c), w, w.rev, built.model);
    if (outcome.kind === 'invalid')
      return refused(partErrorFields(outcome.errors, (p) => part.errorField(p, built)));
    if (outcome.kind === 'stale')
      return editorPage(c, await working(c.env.DB, owner(c)), { stale: true }, 409);
    const done = outcome.kind === 'unchanged' ? 'unchanged' : part.name;
    return c.redirect(`/dashboard/model/edit?done=${done}#${part.name}`, 303);
  });
}

const ImportFormSchema = v.object({
  model: text({ max: MAX_API_BODY, requiredMessage: 'Paste a model as JSON' }),
});

/** POST /dashboard/model/edit/import: the draft becomes the pasted model, checked whole. */
editorPages.post('/model/edit/import', async (c) => {
  const values = await readFields(c);
  const w = await working(c.env.DB, owner(c));
  if (revOf(values) !== w.rev) return editorPage(c, w, { stale: true }, 409);
  const refused = (errors: FieldErrors) =>
    editorPage(c, w, { forms: { import: formView('import', formState(values, errors)) } }, 400);
  const parsed = validateFields(ImportFormSchema, values);
  if (!parsed.ok) return refused(parsed.errors);
  let json: unknown;
  try {
    json = JSON.parse(parsed.value.model);
  } catch (err) {
    return refused({ model: `Not valid JSON: ${err instanceof Error ? err.message : 'parse error'}` });
  }
  const model = parseModel(json);
  if (!model.ok) {
    return refused({
      model: [`The model has ${plural(model.errors.length, 'error')}:`, ...model.errors].join('\n'),
    });
  }
  const outcome = await changeDraft(c.env.DB, owner(c), w, w.rev, model.model);
  if (outcome.kind === 'stale') return editorPage(c, await working(c.env.DB, owner(c)), { stale: true }, 409);
  if (outcome.kind === 'invalid') return refused({ model: outcome.errors.join('\n') });
  return c.redirect(`/dashboard/model/edit?done=${outcome.kind === 'saved' ? 'imported' : 'unchanged'}`, 303);
});

/** POST /dashboard/model/edit/discard: the draft is gone; the editor shows the active model again. */
editorPages.post('/model/edit/discard', async (c) => {
  const values = await readFields(c);
  const w = await working(c.env.DB, owner(c));
  const rev = revOf(values);
  if (rev !== w.rev || rev === null || !(await deleteDraft(c.env.DB, owner(c), rev)))
    return editorPage(c, await working(c.env.DB, owner(c)), { stale: true }, 409);
  return c.redirect('/dashboard/model/edit?done=discarded', 303);
});

// --- Rules ----------------------------------------------------------------------------------------

function rulePage(
  c: Ctx,
  w: Working,
  rule: Rule | undefined,
  values: FieldValues,
  errors: FieldErrors = {},
  status: ContentfulStatusCode = 200,
  stale = false,
) {
  return render(
    c,
    <RulePage
      principal={c.get('principal')}
      rule={rule}
      form={formView('rule', formState(values, errors))}
      rev={w.rev}
      stale={stale}
    />,
    status,
  );
}

function findRule(w: Working, id: string | undefined): Rule | undefined {
  return id ? w.model.rules.find((r) => r.id === id) : undefined;
}

/** GET /dashboard/model/edit/rule?id=…: a rule of the draft as a form; without an id, a new rule. */
editorPages.get('/model/edit/rule', async (c) => {
  const w = await working(c.env.DB, owner(c));
  const id = c.req.query('id');
  const rule = findRule(w, id);
  if (id && !rule) throw new HTTPException(404, { message: 'The draft has no rule with this id.' });
  return rulePage(c, w, rule, ruleFields(rule));
});

/**
 * POST /dashboard/model/edit/rule: saves the rule form into the draft (`original`: the id of the
 * rule it edits, empty for a new one), or with `action=rows` draws it again with more condition rows.
 */
editorPages.post('/model/edit/rule', async (c) => {
  const values = await readFields(c);
  const w = await working(c.env.DB, owner(c));
  const originalId =
    typeof values.original === 'string' && values.original !== '' ? values.original : undefined;
  const rule = findRule(w, originalId);
  if (originalId && !rule) return editorPage(c, w, { stale: true }, 409);
  if (values.action === 'rows') return rulePage(c, w, rule, withMoreRows(values));
  if (revOf(values) !== w.rev) return rulePage(c, w, rule, values, {}, 409, true);
  const parsed = validateFields(RuleFormSchema, values);
  if (!parsed.ok) return rulePage(c, w, rule, values, parsed.errors, 400);
  const built = ruleFromForm(parsed.value, rule);
  if (!built.ok) return rulePage(c, w, rule, values, built.errors, 400);
  const next = built.rule;
  if (w.model.rules.some((r) => r.id === next.id && r !== rule))
    return rulePage(c, w, rule, values, { id: 'Another rule already has this id' }, 400);
  const index = rule ? w.model.rules.indexOf(rule) : w.model.rules.length;
  const rules = [...w.model.rules];
  rules.splice(index, rule ? 1 : 0, next);
  const model = next === rule ? w.model : { ...w.model, rules };
  const outcome = await changeDraft(c.env.DB, owner(c), w, w.rev, model);
  if (outcome.kind === 'stale') return rulePage(c, w, rule, values, {}, 409, true);
  if (outcome.kind === 'invalid')
    return rulePage(c, w, rule, values, ruleErrorFields(outcome.errors, index, parsed.value), 400);
  const done = outcome.kind === 'unchanged' ? 'unchanged' : rule ? 'rule' : 'added';
  return c.redirect(`/dashboard/model/edit?done=${done}#rules`, 303);
});

const RuleActionForm = v.object({
  rev: number({ min: 0, integer: true }),
  id: text({ max: 64 }),
  to: v.optional(v.picklist(['up', 'down']), 'down'),
});

/** The next free id for a copy: `x-copy`, `x-copy-2`… within the 64 characters an id may have. */
function copyId(id: string, taken: ReadonlySet<string>): string {
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? '-copy' : `-copy-${n}`;
    const candidate = `${id.slice(0, 64 - suffix.length)}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** POST /dashboard/model/edit/rule/{duplicate,delete,move}: one rule of the draft. */
editorPages.post('/model/edit/rule/:action{duplicate|delete|move}', async (c) => {
  const values = await readFields(c);
  const w = await working(c.env.DB, owner(c));
  const parsed = validateFields(RuleActionForm, values);
  const rule = parsed.ok ? findRule(w, parsed.value.id) : undefined;
  if (!parsed.ok || parsed.value.rev !== w.rev || !rule) return editorPage(c, w, { stale: true }, 409);
  const rules = [...w.model.rules];
  const i = rules.indexOf(rule);
  const action = c.req.param('action');
  let done: EditorNotice;
  if (action === 'duplicate') {
    rules.splice(i + 1, 0, {
      ...structuredClone(rule),
      id: copyId(rule.id, new Set(rules.map((r) => r.id))),
    });
    done = 'duplicated';
  } else if (action === 'delete') {
    rules.splice(i, 1);
    done = 'deleted';
  } else {
    const j = parsed.value.to === 'up' ? i - 1 : i + 1;
    if (j >= 0 && j < rules.length) [rules[i], rules[j]] = [rules[j] as Rule, rule];
    done = 'moved';
  }
  const outcome = await changeDraft(c.env.DB, owner(c), w, w.rev, { ...w.model, rules });
  if (outcome.kind === 'stale') return editorPage(c, await working(c.env.DB, owner(c)), { stale: true }, 409);
  if (outcome.kind === 'invalid') {
    throw new HTTPException(400, {
      message: `The draft would not be a valid model: ${outcome.errors.join('; ')}`,
    });
  }
  return c.redirect(`/dashboard/model/edit?done=${outcome.kind === 'saved' ? done : 'unchanged'}#rules`, 303);
});

// --- Preview and publish --------------------------------------------------------------------------

/**
 * POST /dashboard/model/edit/preview: stores the draft as a version (the version that already says
 * the same, if there is one: an unchanged model creates none) and scores every lead with it.
 */
editorPages.post('/model/edit/preview', async (c) => {
  const values = await readFields(c);
  const w = await working(c.env.DB, owner(c));
  if (revOf(values) !== w.rev) return editorPage(c, w, { stale: true }, 409);
  if (!w.draft || w.changes.length === 0) {
    throw new HTTPException(409, {
      message: 'Nothing to preview: the draft says the same as the active model.',
    });
  }
  const principal = c.get('principal').name;
  const saved = await saveModelVersion(c.env.DB, w.model, {
    note: `draft of ${principal}`,
    by: principal,
    now: Date.now(),
  });
  const job = await startJob(c.env, 'preview', saved.version);
  if (!(await recordDraftPreview(c.env.DB, owner(c), { job, version: saved.version, rev: w.rev })))
    return editorPage(c, await working(c.env.DB, owner(c)), { stale: true }, 409);
  return c.redirect('/dashboard/model/edit/review', 303);
});

async function reviewPage(c: Ctx, w: Working, errors: FieldErrors = {}, status: ContentfulStatusCode = 200) {
  const preview = w.draft?.preview;
  const job = preview ? await getJob(c.env.DB, preview.job) : null;
  if (!w.draft || !preview || !job) return c.redirect('/dashboard/model/edit', 303);
  const [bandMoves, stageMoves] = await Promise.all([
    jobMatrix(c.env.DB, job.id, 'band'),
    jobMatrix(c.env.DB, job.id, 'stage'),
  ]);
  const bandOrder = [...new Set([...bandView(w.active.model).levels, ...bandView(w.model).levels])];
  return render(
    c,
    <DraftReviewPage
      principal={c.get('principal')}
      job={job}
      version={preview.version}
      rev={preview.rev}
      outdated={preview.rev !== w.draft.rev}
      changes={w.changes}
      bandMoves={bandMoves}
      stageMoves={stageMoves}
      bandOrder={bandOrder}
      form={formView('publish', formState({}, errors))}
    />,
    status,
  );
}

/** GET /dashboard/model/edit/review: the latest preview of the draft, and the publish confirmation. */
editorPages.get('/model/edit/review', async (c) => reviewPage(c, await working(c.env.DB, owner(c))));

const PublishForm = v.pipe(
  v.object({
    rev: number({ min: 0, integer: true }),
    version: number({ min: 0, integer: true }),
    confirm: v.pipe(
      v.optional(v.string(), ''),
      v.check((x) => x !== '', 'Tick the box to confirm the effect on your leads'),
    ),
  }),
);

/**
 * POST /dashboard/model/edit/publish: only the previewed draft, unchanged since its preview, once
 * the preview is done and confirmed: it becomes the active model and every lead is re-scored.
 */
editorPages.post('/model/edit/publish', async (c) => {
  const values = await readFields(c);
  const w = await working(c.env.DB, owner(c));
  const parsed = validateFields(PublishForm, values);
  if (!parsed.ok) return reviewPage(c, w, parsed.errors, 400);
  const preview = w.draft?.preview;
  const { rev, version } = parsed.value;
  if (
    !w.draft ||
    !preview ||
    preview.rev !== w.draft.rev ||
    rev !== w.draft.rev ||
    preview.version !== version
  ) {
    throw new HTTPException(409, {
      message: 'The draft changed after its preview, or this is not its latest preview: preview it again.',
    });
  }
  const job = await getJob(c.env.DB, preview.job);
  if (job?.status !== 'done') {
    return reviewPage(c, w, { [FORM_ERROR]: 'The preview is still running: publish once it is done.' }, 409);
  }
  const by = c.get('principal').name;
  await recordPublication(c.env.DB, { version, action: 'publish', by, now: Date.now() });
  const rescore = await startJob(c.env, 'rescore', version);
  await recordAction(c.env.DB, {
    actor: actorOf(c.get('principal')),
    action: 'model.publish',
    target: String(version),
  });
  await deleteDraft(c.env.DB, owner(c), rev);
  return c.redirect(`/dashboard/model/jobs/${rescore}`, 303);
});
