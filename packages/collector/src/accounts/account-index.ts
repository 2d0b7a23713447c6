/**
 * The account index in D1 (migration 0011): one row per account for lists and filters, its
 * members' ids (for erasure and for a lead's page), and the company networks its known people came
 * from (how an anonymous visitor finds its account, `resolve.ts`). Written only by the account's
 * own object, revision-guarded like the lead index.
 */
import type { ScoreResult } from '../scoring';

/** Who a member of an account is, as its own object tells the account. */
export type MemberInfo = {
  /** The member's lead or visitor object id. */
  id: string;
  kind: 'lead' | 'visitor';
  /** Its membership key (`d:<domain>` or `n:<companyKey>`, see membership.ts). */
  key: string;
  email?: string;
  /** A name for people: the person's `name` trait, or, for an anonymous visitor, its network's company. */
  name?: string;
  /** The company networks its events came from. */
  companyKeys: string[];
};

export type AccountMemberRow = MemberInfo & { joinedAt: number };

export type AccountIndexWrite = {
  site: string;
  domain: string;
  name?: string;
  result: ScoreResult;
  members: readonly MemberInfo[];
  /** Members that just sent events: their rows are written (the others' are there already). */
  joined: readonly MemberInfo[];
  /** Members that just left: their rows go. */
  left: readonly string[];
  topics: string[];
  profile: Record<string, string>;
  updatedAt: number;
  rev: number;
};

/** Writes the account's row, its members and its network links in one round trip. */
export async function writeAccountIndex(db: D1Database, w: AccountIndexWrite): Promise<void> {
  const r = w.result;
  const known = w.members.filter((m) => m.kind === 'lead');
  const statements: D1PreparedStatement[] = [
    db
      .prepare(
        `INSERT INTO accounts (site, domain, name, total, interest, intent, fit, band, stage, known_people,
           anonymous_visitors, topics, country, industry, last_seen, updated_at, rev)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)
         ON CONFLICT (site, domain) DO UPDATE SET name = ?3, total = ?4, interest = ?5, intent = ?6, fit = ?7,
           band = ?8, stage = ?9, known_people = ?10, anonymous_visitors = ?11, topics = ?12, country = ?13,
           industry = ?14, last_seen = ?15, updated_at = ?16, rev = ?17
         WHERE accounts.rev < ?17`,
      )
      .bind(
        w.site,
        w.domain,
        w.name ?? null,
        r.total,
        r.scores.interest,
        r.scores.intent,
        r.scores.fit,
        r.band,
        r.stage,
        known.length,
        w.members.length - known.length,
        JSON.stringify(w.topics.slice(0, 50)),
        w.profile.country ?? r.profile.country ?? null,
        w.profile.industry ??
          (typeof r.profile.traits.industry === 'string' ? r.profile.traits.industry : null),
        r.lastVisitAt ?? null,
        w.updatedAt,
        w.rev,
      ),
  ];
  for (const id of w.left) {
    statements.push(
      db
        .prepare('DELETE FROM account_members WHERE site = ?1 AND member_id = ?2 AND domain = ?3')
        .bind(w.site, id, w.domain),
    );
  }
  for (const m of w.joined) {
    statements.push(
      db
        .prepare(
          `INSERT INTO account_members (site, domain, member_id) VALUES (?1, ?2, ?3)
           ON CONFLICT (site, member_id) DO UPDATE SET domain = ?2 WHERE account_members.domain <> ?2`,
        )
        .bind(w.site, w.domain, m.id),
    );
  }
  // Network links: how many known people came from each company network (they change only when a
  // known person sends events or someone leaves).
  if (!w.joined.some((m) => m.kind === 'lead') && w.left.length === 0) {
    await db.batch(statements);
    return;
  }
  const people = new Map<string, number>();
  for (const m of known) for (const k of m.companyKeys) people.set(k, (people.get(k) ?? 0) + 1);
  statements.push(
    db.prepare('DELETE FROM account_networks WHERE site = ?1 AND domain = ?2').bind(w.site, w.domain),
  );
  for (const [key, n] of people) {
    statements.push(
      db
        .prepare('INSERT INTO account_networks (site, company_key, domain, people) VALUES (?1, ?2, ?3, ?4)')
        .bind(w.site, key, w.domain, n),
    );
  }
  await db.batch(statements);
}

/** The account is gone (merged away, or its last member left). */
export async function deleteAccountRows(db: D1Database, site: string, domain: string): Promise<void> {
  await db.batch([
    db.prepare('DELETE FROM accounts WHERE site = ?1 AND domain = ?2').bind(site, domain),
    db.prepare('DELETE FROM account_members WHERE site = ?1 AND domain = ?2').bind(site, domain),
    db.prepare('DELETE FROM account_networks WHERE site = ?1 AND domain = ?2').bind(site, domain),
  ]);
}
