import { uid } from '../lib/uid';
import type { SalesEvent } from '../scoring/events';
import { type Actor, recordAction } from '../storage/action-log';
import type { FoundLead } from '../storage/lead-lookup';
import { addNote, deleteNote, getNote, type LeadNote, NOTE_MAX } from '../storage/lead-notes';
import { getUser, possibleOwners, userByEmail } from '../storage/users';
import type { LeadOwner } from '../webhooks/notification';

/**
 * What sales does to a lead, the same way from the API and the dashboard: the sales event into the
 * lead's history (accept, reject, outcome), the owner, notes; each refused when it makes no sense
 * for the lead (sales-actions.ts) and written to the action log.
 */

type Lead = Extract<FoundLead, { kind: 'lead' }>;

export type Done<T> = { ok: true; value: T } | { ok: false; status: 400 | 404 | 409; error: string };

/** A sales event as the API and the dashboard build it (already checked field by field). */
export type SalesInput =
  | { action: 'accept' | 'reject'; reason?: string }
  | { action: 'won' | 'lost'; value?: number; reason?: string; at?: number };

/** Records accept, reject or an outcome; answers the lead's stage and band after it. */
export async function recordSales(
  env: Env,
  lead: Lead,
  input: SalesInput,
  actor: Actor,
): Promise<Done<{ event: SalesEvent; stage: string; band: string }>> {
  const at = 'at' in input && input.at !== undefined ? input.at : Date.now();
  const event: SalesEvent = {
    id: uid(),
    at,
    type: 'sales',
    action: input.action,
    ...('value' in input && input.value !== undefined ? { value: input.value } : {}),
    ...(input.reason ? { reason: input.reason } : {}),
  };
  // The lead's object judges the action on the lead as it stands and records it in one call.
  const done = await lead.stub.sell({ site: lead.row.site, event });
  if ('refused' in done) return { ok: false, status: 409, error: done.refused };
  const value = 'value' in input && input.value !== undefined ? ` (${input.value})` : '';
  const outcome = input.action === 'won' || input.action === 'lost';
  await recordAction(env.DB, {
    actor,
    action:
      input.action === 'accept' ? 'lead.accept' : input.action === 'reject' ? 'lead.reject' : 'lead.outcome',
    leadId: lead.row.id,
    detail: outcome
      ? `${input.action}${value}${input.reason ? `: ${input.reason}` : ''}`
      : (input.reason ?? null),
  });
  return { ok: true, value: { event, stage: done.stage, band: done.band } };
}

/**
 * Assigns the lead to a user (by id or e-mail address) or to nobody (`null`). Only active sales
 * users and admins who work the lead's site may own it.
 */
export async function assignOwner(
  env: Env,
  lead: Lead,
  ref: string | null,
  actor: Actor,
): Promise<Done<LeadOwner | null>> {
  let owner: LeadOwner | null = null;
  if (ref !== null) {
    const row = /^[0-9a-f]{32}$/.test(ref) ? await getUser(env.DB, ref) : await userByEmail(env.DB, ref);
    const eligible = row ? (await possibleOwners(env.DB, lead.row.site)).some((u) => u.id === row.id) : false;
    if (!row || !eligible) {
      return {
        ok: false,
        status: 400,
        error: `owner: ${ref} is not an active sales user or admin of site "${lead.row.site}"`,
      };
    }
    owner = { id: row.id, name: row.name, email: row.email };
  }
  await lead.stub.setOwner(owner);
  await recordAction(env.DB, {
    actor,
    action: 'lead.assign',
    target: owner?.id ?? null,
    leadId: lead.row.id,
    detail: owner ? `to ${owner.name}` : 'to nobody',
  });
  return { ok: true, value: owner };
}

/** Adds a note (1 to 4,000 characters). */
export async function noteLead(env: Env, lead: Lead, body: string, actor: Actor): Promise<Done<LeadNote>> {
  const text = body.trim();
  if (text.length === 0) return { ok: false, status: 400, error: 'body: write something' };
  if (text.length > NOTE_MAX)
    return { ok: false, status: 400, error: `body: at most ${NOTE_MAX} characters` };
  const note = await addNote(env.DB, { leadId: lead.row.id, author: actor, body: text, now: Date.now() });
  await recordAction(env.DB, { actor, action: 'lead.note', target: note.id, leadId: lead.row.id });
  return { ok: true, value: note };
}

/** Deletes a note of the lead: its author may, and so may an admin (`mayDeleteAny`). */
export async function unnoteLead(
  env: Env,
  lead: Lead,
  noteId: string,
  actor: Actor,
  mayDeleteAny: boolean,
): Promise<Done<true>> {
  const note = await getNote(env.DB, noteId);
  if (!note || note.leadId !== lead.row.id) return { ok: false, status: 404, error: 'no such note' };
  const own = actor.kind === 'user' ? note.authorId === actor.id : note.authorId === null;
  if (!own && !mayDeleteAny)
    return { ok: false, status: 409, error: 'only its author or an admin may delete a note' };
  await deleteNote(env.DB, noteId);
  await recordAction(env.DB, { actor, action: 'lead.note.delete', target: noteId, leadId: lead.row.id });
  return { ok: true, value: true };
}
