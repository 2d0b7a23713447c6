import { type Context, Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../../app-env';
import { getJob, startJob } from '../../jobs/jobs';
import { loadModelReport } from '../../report/load';
import { promoteShadow, publishShadow, shadowStatus, withdrawShadow } from '../../shadow/service';
import { currentShadow } from '../../shadow/store';
import { actorOf, recordAction } from '../../storage/action-log';
import { getDraft } from '../../storage/model-drafts';
import {
  activeVersion,
  getActiveModel,
  getModelVersion,
  listModelVersions,
  publications,
  recordPublication,
  rollbackTarget,
} from '../../storage/models';
import { jobMatrix, recentJobs } from '../data/jobs';
import { modelChanges } from '../model-changes';
import { bandView } from '../model-view';
import { JobPage } from '../pages/job-page';
import { ModelPage } from '../pages/model-page';
import { VersionPage } from '../pages/version-page';
import { render } from '../render';
import { requireDashboardScope } from '../session';

export const modelPages = new Hono<AppEnv>();

/** GET /dashboard/model: the evaluation, the shadow model, the active model, its versions and jobs. */
modelPages.get('/model', async (c) => modelPage(c));

/** GET /dashboard/model/versions/:version */
modelPages.get('/model/versions/:version', async (c) => {
  const version = await existingVersion(c.env.DB, c.req.param('version'));
  const [active, shadow] = await Promise.all([
    activeVersion(c.env.DB),
    currentShadow(c.env.DB, { fresh: true }),
  ]);
  return render(
    c,
    <VersionPage
      principal={c.get('principal')}
      version={version}
      isActive={active === version.version}
      shadowVersion={shadow?.version ?? null}
      now={Date.now()}
    />,
  );
});

/** POST /dashboard/model/versions/:version/shadow: score every lead with it beside the active model. */
modelPages.post('/model/versions/:version/shadow', requireDashboardScope('admin'), async (c) => {
  const { version } = await existingVersion(c.env.DB, c.req.param('version'));
  const { job } = await publishShadow(c.env, version, c.get('principal').name);
  await recordAction(c.env.DB, {
    actor: actorOf(c.get('principal')),
    action: 'model.shadow',
    target: String(version),
  });
  return c.redirect(`/dashboard/model/jobs/${job}`, 303);
});

/** POST /dashboard/model/shadow/promote: the shadow becomes the active model; leads adopt its results. */
modelPages.post('/model/shadow/promote', requireDashboardScope('admin'), async (c) => {
  const { job } = await promoteShadow(c.env, c.get('principal').name);
  await recordAction(c.env.DB, { actor: actorOf(c.get('principal')), action: 'model.promote', target: null });
  return c.redirect(`/dashboard/model/jobs/${job}`, 303);
});

/** POST /dashboard/model/shadow/withdraw: stop the shadow; no lead changes. */
modelPages.post('/model/shadow/withdraw', requireDashboardScope('admin'), async (c) => {
  await withdrawShadow(c.env, c.get('principal').name);
  await recordAction(c.env.DB, {
    actor: actorOf(c.get('principal')),
    action: 'model.withdraw',
    target: null,
  });
  return c.redirect('/dashboard/model#shadow', 303);
});

/** POST /dashboard/model/versions/:version/preview: how every lead would move under this version. */
modelPages.post('/model/versions/:version/preview', requireDashboardScope('admin'), async (c) => {
  const { version } = await existingVersion(c.env.DB, c.req.param('version'));
  const job = await startJob(c.env, 'preview', version);
  return c.redirect(`/dashboard/model/jobs/${job}`, 303);
});

/** POST /dashboard/model/versions/:version/publish: make it active and re-score every lead. */
modelPages.post('/model/versions/:version/publish', requireDashboardScope('admin'), async (c) => {
  const { version } = await existingVersion(c.env.DB, c.req.param('version'));
  await recordPublication(c.env.DB, {
    version,
    action: 'publish',
    by: c.get('principal').name,
    now: Date.now(),
  });
  const job = await startJob(c.env, 'rescore', version);
  await recordAction(c.env.DB, {
    actor: actorOf(c.get('principal')),
    action: 'model.publish',
    target: String(version),
  });
  return c.redirect(`/dashboard/model/jobs/${job}`, 303);
});

/** POST /dashboard/model/rollback: re-publish the version active before the current one. */
modelPages.post('/model/rollback', requireDashboardScope('admin'), async (c) => {
  const previous = rollbackTarget(await publications(c.env.DB));
  if (previous === undefined) {
    throw new HTTPException(409, {
      message: 'Nothing to roll back to: the built-in default model is active.',
    });
  }
  await recordPublication(c.env.DB, {
    version: previous,
    action: 'rollback',
    by: c.get('principal').name,
    now: Date.now(),
  });
  const job = await startJob(c.env, 'rescore', previous);
  await recordAction(c.env.DB, {
    actor: actorOf(c.get('principal')),
    action: 'model.rollback',
    target: String(previous),
  });
  return c.redirect(`/dashboard/model/jobs/${job}`, 303);
});

/** GET /dashboard/model/jobs/:id: progress (reloading itself while running), then the movement matrices. */
modelPages.get('/model/jobs/:id', async (c) => {
  const id = c.req.param('id');
  const job = /^[0-9a-f]{32}$/.test(id) ? await getJob(c.env.DB, id) : null;
  if (!job) throw new HTTPException(404, { message: 'There is no job with this id.' });
  const [bandMoves, stageMoves, jobModel, active, current] = await Promise.all([
    jobMatrix(c.env.DB, id, 'band'),
    jobMatrix(c.env.DB, id, 'stage'),
    getModelVersion(c.env.DB, job.modelVersion),
    getActiveModel(c.env.DB),
    activeVersion(c.env.DB),
  ]);
  const bandOrder = [
    ...new Set([...bandView(active.model).levels, ...(jobModel ? bandView(jobModel.model).levels : [])]),
  ];
  return render(
    c,
    <JobPage
      principal={c.get('principal')}
      job={job}
      bandMoves={bandMoves}
      stageMoves={stageMoves}
      bandOrder={bandOrder}
      isActive={current === job.modelVersion}
      now={Date.now()}
    />,
  );
});

async function modelPage(c: Context<AppEnv>) {
  const now = Date.now();
  const [active, versions, history, jobs, report, shadow, draft] = await Promise.all([
    getActiveModel(c.env.DB),
    listModelVersions(c.env.DB),
    publications(c.env.DB),
    recentJobs(c.env.DB),
    loadModelReport(c.env.DB, { now }),
    shadowStatus(c.env.DB),
    getDraft(c.env.DB, c.get('principal').name),
  ]);
  return render(
    c,
    <ModelPage
      principal={c.get('principal')}
      active={active}
      versions={versions}
      publications={history}
      jobs={jobs}
      draftChanges={draft ? modelChanges(active.model, draft.model).length : null}
      canRollback={rollbackTarget(history) !== undefined}
      report={report}
      shadow={shadow}
      now={now}
    />,
  );
}

async function existingVersion(db: D1Database, raw: string) {
  const version = /^\d{1,9}$/.test(raw) ? await getModelVersion(db, Number(raw)) : null;
  if (!version) throw new HTTPException(404, { message: 'There is no model version with this number.' });
  return version;
}
