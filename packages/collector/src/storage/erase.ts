/**
 * Erasure across D1. Every table that can hold a lead's (or one of its browsers') id is listed
 * here, with the columns that hold it, and `eraseLeadRecords` clears them all; a test compares the
 * list with the schema, so a table added later with a lead id column fails the build until it is
 * listed. The lead's Durable Objects (its own and those of its browsers) are erased by the object
 * itself (LeadObject.erase).
 */

/**
 * How a table forgets a lead: its rows deleted; kept without anything that names the lead (a job's
 * progress rows); or kept with the listed columns cleared (the action log keeps who did what).
 */
type Forget = 'delete' | 'anonymise' | { clear: readonly string[] };

export type LeadKeyedTable = {
  table: string;
  /** Columns that hold a lead or visitor id. */
  columns: readonly string[];
  forget: Forget;
};

export const LEAD_KEYED_TABLES: readonly LeadKeyedTable[] = [
  // The index row of the lead and of every browser merged into it.
  { table: 'leads', columns: ['id', 'merged_into'], forget: 'delete' },
  // The model report's evidence.
  { table: 'lead_outcomes', columns: ['lead_id'], forget: 'delete' },
  // Queued and sent webhook payloads (a queue message names only the delivery row).
  { table: 'webhook_deliveries', columns: ['lead_id'], forget: 'delete' },
  // A preview or re-scoring job counts its progress in these rows: the lead's row stays as a lead
  // that is gone (no band, no total, a placeholder id), so a running job still finishes.
  { table: 'job_results', columns: ['lead_id'], forget: 'anonymise' },
  // The shadow model's live score and outcome evidence of the lead.
  { table: 'lead_shadow_scores', columns: ['lead_id'], forget: 'delete' },
  { table: 'lead_shadow_outcomes', columns: ['lead_id'], forget: 'delete' },
  // Beacons kept after their delivery failed for good (src/ingest/dead-letters.ts): the browser's
  // object, and the lead the beacon names.
  { table: 'ingest_dead_letters', columns: ['visitor_id', 'lead_id'], forget: 'delete' },
  // Notes sales wrote on the lead.
  { table: 'lead_notes', columns: ['lead_id'], forget: 'delete' },
  // Who did what to the lead: the entry stays (who accepted a lead, when), the lead and the detail
  // (a reason, a value) go.
  { table: 'action_log', columns: ['lead_id'], forget: { clear: ['lead_id', 'detail'] } },
  // Membership of an account (src/accounts): the account's own object drops the member's events
  // when the lead object leaves it on erasure; this is the index's row.
  { table: 'account_members', columns: ['member_id'], forget: 'delete' },
];

/** D1 binds at most 100 parameters a statement. */
const IDS_PER_STATEMENT = 50;

/** The lead and every browser merged into it, as the index knows them. Read before anything is erased. */
export async function leadAndBrowserIds(db: D1Database, leadId: string): Promise<string[]> {
  const { results } = await db
    .prepare('SELECT id FROM leads WHERE id = ?1 OR merged_into = ?1')
    .bind(leadId)
    .all<{ id: string }>();
  return [...new Set([leadId, ...results.map((r) => r.id)])];
}

/** Erases every D1 row that names one of `ids`; answers the rows changed per table. */
export async function eraseLeadRecords(
  db: D1Database,
  ids: readonly string[],
): Promise<Record<string, number>> {
  const changed: Record<string, number> = Object.fromEntries(LEAD_KEYED_TABLES.map((t) => [t.table, 0]));
  for (let i = 0; i < ids.length; i += IDS_PER_STATEMENT) {
    const slice = ids.slice(i, i + IDS_PER_STATEMENT);
    const list = slice.map((_, n) => `?${n + 1}`).join(', ');
    for (const { table, columns, forget } of LEAD_KEYED_TABLES) {
      const where = columns.map((c) => `${c} IN (${list})`).join(' OR ');
      if (forget === 'delete') {
        const res = await db
          .prepare(`DELETE FROM ${table} WHERE ${where}`)
          .bind(...slice)
          .run();
        changed[table] = (changed[table] ?? 0) + res.meta.changes;
      } else if (forget === 'anonymise') {
        changed[table] = (changed[table] ?? 0) + (await anonymiseJobResults(db, where, slice));
      } else {
        const res = await db
          .prepare(`UPDATE ${table} SET ${forget.clear.map((c) => `${c} = NULL`).join(', ')} WHERE ${where}`)
          .bind(...slice)
          .run();
        changed[table] = (changed[table] ?? 0) + res.meta.changes;
      }
    }
  }
  return changed;
}

async function anonymiseJobResults(db: D1Database, where: string, ids: readonly string[]): Promise<number> {
  const { results } = await db
    .prepare(`SELECT job_id, lead_id FROM job_results WHERE ${where}`)
    .bind(...ids)
    .all<{ job_id: string; lead_id: string }>();
  if (results.length === 0) return 0;
  await db.batch(
    await Promise.all(
      results.map(async (r) =>
        db
          .prepare(
            `UPDATE OR REPLACE job_results SET lead_id = ?3, before_band = '-', after_band = '-', before_stage = '-',
               after_stage = '-', before_total = 0, after_total = 0 WHERE job_id = ?1 AND lead_id = ?2`,
          )
          .bind(r.job_id, r.lead_id, await goneLeadKey(r.job_id, r.lead_id)),
      ),
    ),
  );
  return results.length;
}

/**
 * The key a job keeps for a lead that is gone: a hash of the job and the lead, so it names no lead
 * and a retried slice of the job still finds (and does not double) its row.
 */
export async function goneLeadKey(jobId: string, leadId: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${jobId}:${leadId}`));
  const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `gone:${hex.slice(0, 32)}`;
}
