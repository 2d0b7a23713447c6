import type { LeadOwner } from '../webhooks/notification';
import { possibleOwners } from './users';

/**
 * Round-robin assignment of new MQLs (a site with `autoAssign: "round-robin"`): each new MQL of
 * the site without an owner goes to the next of the site's sales users, in a fixed order (by name,
 * then id). The turn is one D1 counter per site, advanced atomically, so two leads turning MQL at
 * the same moment in different places go to different people.
 */
export async function nextOwner(db: D1Database, site: string): Promise<LeadOwner | null> {
  const pool = (await possibleOwners(db, site)).filter((u) => u.role === 'sales');
  if (pool.length === 0) return null;
  const row = await db
    .prepare(
      `INSERT INTO assignment_counters (site, assigned) VALUES (?1, 1)
       ON CONFLICT (site) DO UPDATE SET assigned = assigned + 1 RETURNING assigned`,
    )
    .bind(site)
    .first<{ assigned: number }>();
  const sorted = [...pool].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  const pick = sorted[((row?.assigned ?? 1) - 1) % sorted.length];
  return pick ? { id: pick.id, name: pick.name, email: pick.email } : null;
}
