import type { Principal } from '../auth/principal';

/**
 * The action log: who did what, for changes people and machines make (not for what visitors do,
 * which is each lead's own history). Entries are written after the change succeeded; a failed
 * write is logged and never undoes or fails the change itself.
 */

/** Every action the log records, with how the log screen words it. */
export const ACTIONS = {
  'model.save': 'saved a model version',
  'model.publish': 'published a model version',
  'model.rollback': 'rolled the model back',
  'model.shadow': 'started a shadow model',
  'model.promote': 'promoted the shadow model',
  'model.withdraw': 'withdrew the shadow model',
  'webhook.create': 'created a subscription',
  'webhook.update': 'changed a subscription',
  'webhook.delete': 'deleted a subscription',
  'webhook.test': 'sent a test notification',
  'webhook.pause': 'paused a subscription',
  'webhook.resume': 'resumed a subscription',
  'webhook.redeliver': 'redelivered a failed notification',
  'site.create': 'added a site',
  'site.update': 'changed a site',
  'site.reset': 'reset a site to its seed settings',
  'site.delete': 'removed a site',
  'site.secret': 'generated an identity secret',
  'user.invite': 'invited a user',
  'user.update': 'changed a user',
  'user.disable': 'disabled a user',
  'user.enable': 'enabled a user',
  'user.reset': 'sent a password reset link',
  'user.activate': 'set their password',
  'user.login': 'signed in',
  'user.logout': 'signed out',
  'lead.accept': 'accepted a lead',
  'lead.reject': 'rejected a lead',
  'lead.outcome': 'recorded an outcome',
  'lead.assign': 'assigned a lead',
  'lead.note': 'wrote a note',
  'lead.note.delete': 'deleted a note',
  'lead.erase': 'erased a lead',
  'account.alias': 'merged a domain or network into an account',
  'account.split': 'split an alias off an account',
  'account.profile': 'set an account profile',
} as const;

export type Action = keyof typeof ACTIONS;

/** Who acted: a user, an API token, or the collector itself (round-robin assignment). */
export type Actor = { kind: 'user' | 'token' | 'system'; id: string | null; name: string };

export const SYSTEM_ACTOR: Actor = { kind: 'system', id: null, name: 'leadbeacon' };

export function actorOf(principal: Principal): Actor {
  return principal.kind === 'user'
    ? { kind: 'user', id: principal.userId, name: principal.name }
    : { kind: 'token', id: principal.name, name: `${principal.name} (token)` };
}

export type ActionEntry = {
  id: number;
  at: number;
  actor: Actor;
  action: Action;
  /** What was acted on: a site id, a model version, a subscription or user id. */
  target: string | null;
  /** The lead a sales action concerned; null once the lead is erased. */
  leadId: string | null;
  /** A short summary in words; null once the lead it named is erased. */
  detail: string | null;
};

type ActionRow = {
  id: number;
  at: number;
  actor_kind: Actor['kind'];
  actor_id: string | null;
  actor_name: string;
  action: Action;
  target: string | null;
  lead_id: string | null;
  detail: string | null;
};

export type NewAction = {
  actor: Actor;
  action: Action;
  target?: string | null;
  leadId?: string | null;
  detail?: string | null;
  at?: number;
};

/** The statement that records an action, for a caller that batches it with the change itself. */
export function actionStatement(db: D1Database, a: NewAction): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO action_log (at, actor_kind, actor_id, actor_name, action, target, lead_id, detail)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)`,
    )
    .bind(
      a.at ?? Date.now(),
      a.actor.kind,
      a.actor.id,
      a.actor.name.slice(0, 200),
      a.action,
      a.target ?? null,
      a.leadId ?? null,
      a.detail ? a.detail.slice(0, 500) : null,
    );
}

/** Records an action after it succeeded; a failure is logged, never thrown. */
export async function recordAction(db: D1Database, a: NewAction): Promise<void> {
  try {
    await actionStatement(db, a).run();
  } catch (err) {
    console.error(`action log: ${a.action} not recorded`, err);
  }
}

export type ActionQuery = {
  /** At most this many, newest first. Default 100. */
  limit?: number;
  /** Entries older than this id (the previous page's last id). */
  before?: number;
  /** Only this lead's entries. */
  leadId?: string;
  /** Only actions starting with this prefix (`site.`, `lead.`). */
  prefix?: string;
};

export async function listActions(db: D1Database, q: ActionQuery = {}): Promise<ActionEntry[]> {
  const where: string[] = [];
  const binds: (string | number)[] = [];
  if (q.before !== undefined) {
    binds.push(q.before);
    where.push(`id < ?${binds.length}`);
  }
  if (q.leadId !== undefined) {
    binds.push(q.leadId);
    where.push(`lead_id = ?${binds.length}`);
  }
  if (q.prefix !== undefined) {
    // A prefix of known action names only: no LIKE wildcards reach the query.
    binds.push(q.prefix.replace(/[%_]/g, ''));
    where.push(`substr(action, 1, length(?${binds.length})) = ?${binds.length}`);
  }
  binds.push(Math.min(Math.max(q.limit ?? 100, 1), 500));
  const { results } = await db
    .prepare(
      `SELECT * FROM action_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY id DESC LIMIT ?${binds.length}`,
    )
    .bind(...binds)
    .all<ActionRow>();
  return results.map((r) => ({
    id: r.id,
    at: r.at,
    actor: { kind: r.actor_kind, id: r.actor_id, name: r.actor_name },
    action: r.action,
    target: r.target,
    leadId: r.lead_id,
    detail: r.detail,
  }));
}
