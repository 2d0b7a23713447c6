import { uid } from '../lib/uid';
import { goneLeadKey } from '../storage/erase';
import { leadStubById } from '../storage/lead-stub';
import { isJobMessage, type JobKind, type JobMessage, LEADS_PER_MESSAGE } from './queue';

export type JobSummary = {
  id: string;
  kind: JobKind;
  modelVersion: number;
  status: 'running' | 'done';
  total: number;
  done: number;
  createdAt: number;
  finishedAt: number | null;
  /** Leads whose band or stage would change (preview) or changed (rescore). */
  changed: { band: number; stage: number };
  /** Band moves: `{ from, to, leads }` for every pair with from ≠ to. */
  bandMoves: { from: string; to: string; leads: number }[];
  stageMoves: { from: string; to: string; leads: number }[];
  /** Leads per band before and after. */
  bands: { before: Record<string, number>; after: Record<string, number> };
  /** Promotions: leads whose shadow result was adopted as it was, re-scored anew, or already current. */
  how?: { adopted: number; rescored: number; current: number };
  /**
   * Leads whose browser history retention compacted (`LB_RETENTION_DAYS`), and the latest time up
   * to which one was: a model version other than the one that compacted scores them from the kept
   * events only.
   */
  compacted: { leads: number; through: number | null };
};

/**
 * Starts a fan-out over every lead in the index: one queue message per slice of leads; the
 * consumer calls each lead's object and records its before/after position. No single request
 * touches all leads, so this scales with the number of leads.
 */
export async function startJob(env: Env, kind: JobKind, version: number, now = Date.now()): Promise<string> {
  const id = uid();
  const count = await env.DB.prepare('SELECT COUNT(*) AS n FROM leads WHERE merged_into IS NULL').first<{
    n: number;
  }>();
  const total = count?.n ?? 0;
  await env.DB.prepare(
    `INSERT INTO jobs (id, kind, model_version, status, total, created_at, finished_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)`,
  )
    .bind(id, kind, version, total === 0 ? 'done' : 'running', total, now, total === 0 ? now : null)
    .run();
  let after = '';
  for (;;) {
    const { results } = await env.DB.prepare(
      'SELECT id FROM leads WHERE merged_into IS NULL AND id > ?1 ORDER BY id LIMIT 1000',
    )
      .bind(after)
      .all<{ id: string }>();
    if (results.length === 0) break;
    const messages: { body: JobMessage }[] = [];
    for (let i = 0; i < results.length; i += LEADS_PER_MESSAGE) {
      messages.push({
        body: { jobId: id, kind, version, leadIds: results.slice(i, i + LEADS_PER_MESSAGE).map((r) => r.id) },
      });
    }
    for (let i = 0; i < messages.length; i += 100) await env.JOBS.sendBatch(messages.slice(i, i + 100));
    after = results.at(-1)?.id ?? after;
  }
  return id;
}

/** The jobs queue consumer: visits each lead of a message, records the outcome, acks. */
export async function consumeJobs(batch: MessageBatch, env: Env): Promise<void> {
  for (const message of batch.messages) {
    if (!isJobMessage(message.body)) {
      console.error('jobs queue: dropping a malformed message');
      message.ack();
      continue;
    }
    const job = message.body;
    try {
      const rows = [];
      for (const leadId of job.leadIds) {
        const stub = leadStubById(env, leadId);
        const outcome = stub ? await visit(stub, job) : null;
        // A lead erased or merged since the job started still counts as visited, unchanged, under
        // a key that does not name it (an erased lead leaves no id behind).
        const key = outcome ? leadId : await goneLeadKey(job.jobId, leadId);
        const o = outcome ?? {
          before: { band: '-', stage: '-', total: 0 },
          after: { band: '-', stage: '-', total: 0 },
        };
        rows.push(
          env.DB.prepare(
            `INSERT OR REPLACE INTO job_results (job_id, lead_id, before_band, after_band, before_stage, after_stage,
               before_total, after_total, how, compacted_through) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)`,
          ).bind(
            job.jobId,
            key,
            o.before.band,
            o.after.band,
            o.before.stage,
            o.after.stage,
            o.before.total,
            o.after.total,
            outcome?.how ?? null,
            outcome?.compactedThrough ?? null,
          ),
        );
      }
      // `done` is counted from the results, so a retried message cannot count twice.
      rows.push(
        env.DB.prepare(
          `UPDATE jobs SET done = (SELECT COUNT(*) FROM job_results WHERE job_id = ?1),
             status = CASE WHEN (SELECT COUNT(*) FROM job_results WHERE job_id = ?1) >= total THEN 'done' ELSE status END,
             finished_at = CASE WHEN finished_at IS NULL AND (SELECT COUNT(*) FROM job_results WHERE job_id = ?1) >= total
               THEN ?2 ELSE finished_at END
           WHERE id = ?1`,
        ).bind(job.jobId, Date.now()),
      );
      await env.DB.batch(rows);
      message.ack();
    } catch (err) {
      console.error('jobs queue: retrying a slice', err);
      message.retry({ delaySeconds: 5 });
    }
  }
}

/** One lead of a job: what each kind asks of the lead's object. */
function visit(stub: ReturnType<typeof leadStubById> & object, job: JobMessage) {
  switch (job.kind) {
    case 'preview':
      return stub.preview(job.version);
    case 'rescore':
      return stub.rescoreWith(job.version);
    case 'shadow':
      return stub.shadowScore();
    case 'promote':
      return stub.promoteShadow(job.version);
  }
}

export async function getJob(db: D1Database, id: string): Promise<JobSummary | null> {
  const job = await db.prepare('SELECT * FROM jobs WHERE id = ?1').bind(id).first<{
    id: string;
    kind: JobKind;
    model_version: number;
    status: 'running' | 'done';
    total: number;
    done: number;
    created_at: number;
    finished_at: number | null;
  }>();
  if (!job) return null;
  const [bandRows, stageRows] = await Promise.all(
    (['band', 'stage'] as const).map(
      async (k) =>
        (
          await db
            .prepare(
              `SELECT before_${k} AS "from", after_${k} AS "to", COUNT(*) AS leads FROM job_results
               WHERE job_id = ?1 AND before_${k} != '-' GROUP BY before_${k}, after_${k}`,
            )
            .bind(id)
            .all<{ from: string; to: string; leads: number }>()
        ).results,
    ),
  );
  const count = (rows: { from: string; to: string; leads: number }[], side: 'from' | 'to') => {
    const out: Record<string, number> = {};
    for (const r of rows ?? []) out[r[side]] = (out[r[side]] ?? 0) + r.leads;
    return out;
  };
  const moves = (rows: { from: string; to: string; leads: number }[] = []) =>
    rows.filter((r) => r.from !== r.to);
  const changed = (rows: { from: string; to: string; leads: number }[] = []) =>
    moves(rows).reduce((sum, r) => sum + r.leads, 0);
  const how =
    job.kind === 'promote'
      ? await db
          .prepare(
            `SELECT COALESCE(SUM(how = 'adopted'), 0) AS adopted, COALESCE(SUM(how = 'rescored'), 0) AS rescored,
               COALESCE(SUM(how = 'current'), 0) AS current FROM job_results WHERE job_id = ?1`,
          )
          .bind(id)
          .first<{ adopted: number; rescored: number; current: number }>()
      : null;
  const compacted = await db
    .prepare(
      'SELECT COUNT(compacted_through) AS leads, MAX(compacted_through) AS through FROM job_results WHERE job_id = ?1',
    )
    .bind(id)
    .first<{ leads: number; through: number | null }>();
  return {
    id: job.id,
    kind: job.kind,
    modelVersion: job.model_version,
    status: job.status,
    total: job.total,
    done: job.done,
    createdAt: job.created_at,
    finishedAt: job.finished_at,
    changed: { band: changed(bandRows), stage: changed(stageRows) },
    bandMoves: moves(bandRows),
    stageMoves: moves(stageRows),
    bands: { before: count(bandRows ?? [], 'from'), after: count(bandRows ?? [], 'to') },
    ...(how ? { how } : {}),
    compacted: { leads: compacted?.leads ?? 0, through: compacted?.through ?? null },
  };
}
