import { leadAddress } from '../ingest/normalize';

/**
 * Durable Object addressing. Two kinds of names share one class:
 * - `v:<site>:<visitorId>`: an anonymous browser (first-party visitor id). Every beacon of one
 *   browser lands in the same object, wherever in the world it arrives.
 * - `l:<site>:<email>`: a known person. Every visitor that identifies with the same (normalised)
 *   address forwards its history to this one object, so merges need no global lock: the lead's
 *   object serialises them, and its event log deduplicates by event id.
 */
export function visitorStub(env: Pick<Env, 'LEADS'>, site: string, visitorId: string) {
  return env.LEADS.get(env.LEADS.idFromName(`v:${site}:${visitorId}`));
}

export function leadIdForEmail(
  env: Pick<Env, 'LEADS'>,
  site: string,
  email: string,
  plusAddressing?: 'keep' | 'strip',
): string {
  return env.LEADS.idFromName(`l:${site}:${leadAddress(email, plusAddressing)}`).toString();
}

/** A lead's public id is its object id in hex. */
export function isLeadId(id: string): boolean {
  return /^[0-9a-f]{64}$/.test(id);
}

/** The stub of a lead from its public id, or null if the id is not one this namespace issued. */
export function leadStubById(env: Pick<Env, 'LEADS'>, id: string) {
  if (!isLeadId(id)) return null;
  try {
    return env.LEADS.get(env.LEADS.idFromString(id));
  } catch {
    return null;
  }
}
