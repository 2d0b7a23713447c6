import type { JobKind } from '../../jobs/queue';

export type RecentJob = {
  id: string;
  kind: JobKind;
  modelVersion: number;
  status: 'running' | 'done';
  total: number;
  done: number;
  createdAt: number;
};

/** The latest preview and re-score jobs, newest first (the jobs API looks up one job by id only). */
export async function recentJobs(db: D1Database, limit = 10): Promise<RecentJob[]> {
  const { results } = await db
    .prepare(
      `SELECT id, kind, model_version AS modelVersion, status, total, done, created_at AS createdAt
       FROM jobs ORDER BY created_at DESC, id LIMIT ?1`,
    )
    .bind(limit)
    .all<RecentJob>();
  return results;
}

/** Leads per (before, after) pair, the unchanged ones included. */
export type MoveCount = { from: string; to: string; leads: number };

/**
 * The full movement matrix of a job: the job summary lists only the moves (from ≠ to), while the
 * matrix also needs the diagonal, the leads that stay where they are. Leads visited after being
 * erased or merged (recorded as "-") are left out, as in the summary.
 */
export async function jobMatrix(db: D1Database, jobId: string, of: 'band' | 'stage'): Promise<MoveCount[]> {
  const { results } = await db
    .prepare(
      `SELECT before_${of} AS "from", after_${of} AS "to", COUNT(*) AS leads FROM job_results
       WHERE job_id = ?1 AND before_${of} != '-' GROUP BY before_${of}, after_${of}`,
    )
    .bind(jobId)
    .all<MoveCount>();
  return results;
}
