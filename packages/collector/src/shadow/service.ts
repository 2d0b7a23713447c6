/**
 * Shadow models for the API and the dashboard: publish a stored version as the shadow, promote it
 * to active, withdraw it, and read its comparison with the active model. Client errors are thrown
 * as HTTP exceptions (404 no such version, 409 a conflict), which both front ends render.
 */
import { startJob } from '../jobs/jobs';
import { fail } from '../lib/http';
import { compareModels, type ShadowComparison } from '../report/shadow-comparison';
import { getActiveModel, getModelVersion, recordPublication } from '../storage/models';
import {
  currentShadow,
  type EndedShadow,
  endShadow,
  liveCounts,
  outcomePairs,
  type Shadow,
  shadowHistory,
  startShadow,
} from './store';

/** Publishes `version` as the shadow and starts the job that scores every lead with it. */
export async function publishShadow(
  env: Env,
  version: number,
  by: string,
  now = Date.now(),
): Promise<{ shadow: Shadow; job: string }> {
  if (!(await getModelVersion(env.DB, version))) fail(404, 'no such model version');
  const active = await getActiveModel(env.DB);
  if (active.version === version)
    fail(409, `version ${version} is the active model: a shadow must be another version`);
  const shadow = await startShadow(env.DB, { version, by, now });
  if (!shadow) {
    const running = await currentShadow(env.DB, { fresh: true });
    fail(409, `version ${running?.version ?? '?'} is already the shadow model: promote or withdraw it first`);
  }
  return { shadow, job: await startJob(env, 'shadow', version, now) };
}

/**
 * Makes the shadow the active model (a publication) and starts the job in which every lead adopts
 * the shadow's result (re-scoring only those without a current one).
 */
export async function promoteShadow(
  env: Env,
  by: string,
  now = Date.now(),
): Promise<{ shadow: EndedShadow; job: string }> {
  const running = await currentShadow(env.DB, { fresh: true });
  if (!running) fail(409, 'no shadow model is running');
  // Published first: a lead re-scored between the two steps is then scored by the new active
  // model itself (and counts as `current`), rather than losing its shadow result to a moment
  // without a shadow. Should a withdrawal slip in between, the promotion still stands: its job
  // re-scores the leads whose shadow rows the withdrawal deleted.
  await recordPublication(env.DB, { version: running.version, action: 'publish', by, now });
  const ended = (await endShadow(env.DB, { how: 'promoted', by, now })) ?? {
    ...running,
    endedAt: now,
    endedBy: by,
    endedHow: 'promoted' as const,
  };
  return { shadow: ended, job: await startJob(env, 'promote', ended.version, now) };
}

/** Stops the shadow; its per-lead rows are deleted. Nothing about any lead changes. */
export async function withdrawShadow(env: Env, by: string, now = Date.now()): Promise<EndedShadow> {
  const ended = await endShadow(env.DB, { how: 'withdrawn', by, now });
  if (!ended) fail(409, 'no shadow model is running');
  return ended;
}

export type ShadowStatus = {
  shadow: (Shadow & { label: string }) | null;
  activeVersion: number;
  history: EndedShadow[];
  /** The running shadow against the active model; `null` without a shadow. */
  comparison: ShadowComparison | null;
};

/** The running shadow, past ones, and the comparison (one site's leads with `site`). */
export async function shadowStatus(db: D1Database, options: { site?: string } = {}): Promise<ShadowStatus> {
  const [running, history, active] = await Promise.all([
    currentShadow(db, { fresh: true }),
    shadowHistory(db),
    getActiveModel(db),
  ]);
  const model = running ? await getModelVersion(db, running.version) : null;
  if (!running || !model) return { shadow: null, activeVersion: active.version, history, comparison: null };
  const [pairs, live] = await Promise.all([
    outcomePairs(db, running, {
      activeVersion: active.version,
      ...(options.site !== undefined ? { site: options.site } : {}),
    }),
    liveCounts(db, running, options.site),
  ]);
  return {
    shadow: { ...running, label: model.model.version },
    activeVersion: active.version,
    history,
    comparison: compareModels({
      since: running.startedAt,
      outcomes: pairs.map((p) => ({ outcome: p.outcome, active: p.active, shadow: p.shadow })),
      active: { version: active.version, model: active.model },
      shadow: { version: model.version, model: model.model },
      live,
    }),
  };
}
