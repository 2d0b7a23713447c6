/**
 * Who is acting: an API token (machines, operators) or a named user (people in the dashboard),
 * and what each may do. Tokens have a scope (`read` ⊂ `write` ⊂ `admin`); users have a role, and
 * roles are not ranked: a marketer edits the model, sites and notifications but records no sales
 * actions, a salesperson the reverse.
 */

export type Scope = 'read' | 'write' | 'admin';

export const ROLES = ['admin', 'marketer', 'sales'] as const;
export type Role = (typeof ROLES)[number];

export type TokenPrincipal = { kind: 'token'; name: string; scope: Scope };
export type UserPrincipal = { kind: 'user'; name: string; userId: string; email: string; role: Role };
export type Principal = TokenPrincipal | UserPrincipal;

/** What a principal may do in the dashboard. */
export type Permission =
  /** See leads, companies, the model and its report. */
  | 'leads.view'
  /** Sales actions: accept, reject, record an outcome, assign an owner, write notes. */
  | 'leads.sell'
  /** Erase a lead. */
  | 'leads.erase'
  /** Check, preview, publish and roll back scoring models; shadow models. */
  | 'model.edit'
  /** Add and change sites, generate identity secrets. */
  | 'sites.edit'
  /** Webhook and Slack subscriptions. */
  | 'notifications.edit'
  /** Invite and disable users, change roles; read the action log. */
  | 'users.manage';

const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: [
    'leads.view',
    'leads.sell',
    'leads.erase',
    'model.edit',
    'sites.edit',
    'notifications.edit',
    'users.manage',
  ],
  marketer: ['leads.view', 'model.edit', 'sites.edit', 'notifications.edit'],
  sales: ['leads.view', 'leads.sell'],
};

const SCOPE_PERMISSIONS: Record<Scope, readonly Permission[]> = {
  read: ['leads.view'],
  write: ['leads.view', 'leads.sell'],
  admin: ROLE_PERMISSIONS.admin,
};

/** What a role may do, in words for the users screen. */
export const ROLE_WORDS: Record<Role, string> = {
  admin: 'everything, including users and erasure',
  marketer: 'the scoring model, sites and notifications',
  sales: 'leads and sales actions (accept, reject, outcome, owner, notes)',
};

/** Whether the principal may do `permission`. */
export function can(principal: Principal | undefined, permission: Permission): boolean {
  if (!principal) return false;
  const granted =
    principal.kind === 'user' ? ROLE_PERMISSIONS[principal.role] : SCOPE_PERMISSIONS[principal.scope];
  return granted.includes(permission);
}

const RANK: Record<Scope, number> = { read: 1, write: 2, admin: 3 };

/**
 * Whether the principal passes a check written in token scopes. A token compares its scope; a user
 * passes `read` always, `write` when it may record sales actions and `admin` when it may edit the
 * model (what the `admin` scope guards on dashboard screens). New checks should name a `Permission`.
 */
export function hasScope(principal: Principal | undefined, scope: Scope): boolean {
  if (!principal) return false;
  if (principal.kind === 'token') return RANK[principal.scope] >= RANK[scope];
  if (scope === 'read') return true;
  return can(principal, scope === 'write' ? 'leads.sell' : 'model.edit');
}

/** How the principal is shown: `Ada Lovelace (sales)`, `ops (admin token)`. */
export function principalLabel(principal: Principal): string {
  return principal.kind === 'user'
    ? `${principal.name} (${principal.role})`
    : `${principal.name} (${principal.scope} token)`;
}
