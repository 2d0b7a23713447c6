import { isLeadId, leadStubById } from './lead-stub';
import { getLeadRow, type LeadRow } from './leads-index';

export type FoundLead =
  | { kind: 'lead'; row: LeadRow; stub: NonNullable<ReturnType<typeof leadStubById>> }
  | { kind: 'merged'; into: string }
  | { kind: 'missing' };

/**
 * A lead by its public id, as the lead API resolves it: the D1 index decides whether it exists
 * (a made-up id never creates an object), and an anonymous visitor that identified names the lead
 * it became.
 */
export async function findLead(env: Env, id: string): Promise<FoundLead> {
  if (!isLeadId(id)) return { kind: 'missing' };
  const row = await getLeadRow(env.DB, id);
  if (!row) return { kind: 'missing' };
  if (row.merged_into) return { kind: 'merged', into: row.merged_into };
  const stub = leadStubById(env, row.id);
  return stub ? { kind: 'lead', row, stub } : { kind: 'missing' };
}

/** The lead an id stands for now: a merged visitor's id leads to the lead it became. */
export async function currentLead(env: Env, id: string): Promise<FoundLead> {
  const found = await findLead(env, id);
  return found.kind === 'merged' ? findLead(env, found.into) : found;
}
