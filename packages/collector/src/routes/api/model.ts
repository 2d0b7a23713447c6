import { Hono } from 'hono';
import type { AppEnv } from '../../app-env';
import { requireScope } from '../../auth/middleware';
import { getJob, startJob } from '../../jobs/jobs';
import { fail } from '../../lib/http';
import { MAX_API_BODY } from '../../schema/api';
import { parseModel } from '../../scoring';
import { actorOf, recordAction } from '../../storage/action-log';
import {
  getActiveModel,
  getModelVersion,
  listModelVersions,
  publications,
  recordPublication,
  rollbackTarget,
  saveModelVersion,
} from '../../storage/models';

export const modelRoutes = new Hono<AppEnv>();

/** GET /api/model: the active model, the stored versions and the publication history. */
modelRoutes.get('/model', requireScope('read'), async (c) => {
  const active = await getActiveModel(c.env.DB);
  return c.json({
    active: { version: active.version, hash: active.hash, model: active.model },
    versions: await listModelVersions(c.env.DB),
    publications: await publications(c.env.DB),
  });
});

/** GET /api/model/versions/:version: one stored version (0 is the built-in default). */
modelRoutes.get('/model/versions/:version', requireScope('read'), async (c) => {
  const m = await getModelVersion(c.env.DB, versionParam(c.req.param('version')));
  if (!m) fail(404, 'no such model version');
  return c.json({ version: m.version, hash: m.hash, note: m.note, createdAt: m.createdAt, model: m.model });
});

/** POST /api/model/validate: checks a candidate without storing it. */
modelRoutes.post('/model/validate', requireScope('read'), async (c) => {
  const parsed = parseModel(await readJson(c.req.raw));
  return c.json(parsed.ok ? { ok: true } : { ok: false, errors: parsed.errors }, parsed.ok ? 200 : 400);
});

/**
 * POST /api/model: stores a candidate as a new version (not yet active): `201`. A model that says
 * exactly what a stored version says (its label aside) creates no new version: `200` with that
 * version. A bad model is refused whole with every error named by its path; nothing is stored.
 */
modelRoutes.post('/model', requireScope('admin'), async (c) => {
  const body = await readJson(c.req.raw);
  const parsed = parseModel(body);
  if (!parsed.ok) return c.json({ error: 'invalid model', errors: parsed.errors }, 400);
  const note = c.req.query('note');
  if (note !== undefined && note.length > 200) fail(400, 'note: at most 200 characters');
  const stored = await saveModelVersion(c.env.DB, parsed.model, {
    ...(note ? { note } : {}),
    by: c.get('principal').name,
    now: Date.now(),
  });
  const { version, hash, label, created } = stored;
  if (created) {
    await recordAction(c.env.DB, {
      actor: actorOf(c.get('principal')),
      action: 'model.save',
      target: String(version),
    });
  }
  return c.json({ version, hash, label, created }, created ? 201 : 200);
});

/** POST /api/model/versions/:version/preview: how every lead would move under this version (a job). */
modelRoutes.post('/model/versions/:version/preview', requireScope('admin'), async (c) => {
  const version = await existingVersion(c.env.DB, c.req.param('version'));
  const job = await startJob(c.env, 'preview', version);
  return c.json({ job, status: `/api/jobs/${job}` }, 202);
});

/** POST /api/model/versions/:version/publish: makes the version active and re-scores every lead (a job). */
modelRoutes.post('/model/versions/:version/publish', requireScope('admin'), async (c) => {
  const version = await existingVersion(c.env.DB, c.req.param('version'));
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
  return c.json({ version, job, status: `/api/jobs/${job}` }, 202);
});

/** POST /api/model/rollback: re-publishes the version that was active before the current one. */
modelRoutes.post('/model/rollback', requireScope('admin'), async (c) => {
  const previous = rollbackTarget(await publications(c.env.DB));
  if (previous === undefined) fail(409, 'nothing to roll back to: the built-in default model is active');
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
  return c.json({ version: previous, job, status: `/api/jobs/${job}` }, 202);
});

/** GET /api/jobs/:id: progress and the per-band / per-stage movements of a preview or re-score. */
modelRoutes.get('/jobs/:id', requireScope('read'), async (c) => {
  const id = c.req.param('id');
  if (!/^[0-9a-f]{32}$/.test(id)) fail(400, 'job id: expected 32 hexadecimal characters');
  const job = await getJob(c.env.DB, id);
  if (!job) fail(404, 'no such job');
  return c.json(job);
});

function versionParam(raw: string): number {
  if (!/^\d{1,9}$/.test(raw)) fail(400, 'version: expected a non-negative integer');
  return Number(raw);
}

async function existingVersion(db: D1Database, raw: string): Promise<number> {
  const version = versionParam(raw);
  if (!(await getModelVersion(db, version))) fail(404, 'no such model version');
  return version;
}

async function readJson(req: Request): Promise<unknown> {
  const text = await req.text();
  if (text.length > MAX_API_BODY) fail(413, `body larger than ${MAX_API_BODY} bytes`);
  try {
    return JSON.parse(text);
  } catch {
    fail(400, 'body is not valid JSON');
  }
}
