/**
 * Durable Object addressing. A visitor's object is named from its site and first-party visitor
 * id, so every beacon of one visitor lands in the same object, wherever in the world it arrives.
 */
export function leadStubForVisitor(env: Pick<Env, 'LEADS'>, site: string, visitorId: string) {
  return env.LEADS.get(env.LEADS.idFromName(`v:${site}:${visitorId}`));
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
