/** The jobs queue, by the name wrangler.jsonc gives it (a queue handler only learns the name). */
export const JOBS_QUEUE = 'leadbeacon-jobs';

/**
 * `preview` a candidate against every lead, `rescore` every lead after a publication, `shadow`
 * score every lead with a new shadow model (no notifications), `promote` make every lead adopt
 * the promoted shadow's result.
 */
export type JobKind = 'preview' | 'rescore' | 'shadow' | 'promote';

export const JOB_KINDS: readonly JobKind[] = ['preview', 'rescore', 'shadow', 'promote'];

/** One message: a slice of the leads a job must visit. */
export type JobMessage = { jobId: string; kind: JobKind; version: number; leadIds: string[] };

/** Leads per message: each is one Durable Object call, well inside a consumer's time budget. */
export const LEADS_PER_MESSAGE = 50;

export function isJobMessage(body: unknown): body is JobMessage {
  if (typeof body !== 'object' || body === null) return false;
  const m = body as Partial<JobMessage>;
  return (
    typeof m.jobId === 'string' &&
    JOB_KINDS.includes(m.kind as JobKind) &&
    typeof m.version === 'number' &&
    Array.isArray(m.leadIds) &&
    m.leadIds.every((id) => typeof id === 'string' && /^[0-9a-f]{64}$/.test(id))
  );
}
