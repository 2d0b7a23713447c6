-- The workspace: sites changed at run time, named users and their invitations, the action log, and
-- what sales enter about a lead (its owner, notes).

-- Sites added or changed in the dashboard or through POST /api/sites. LB_SITES in wrangler.jsonc
-- stays the seed: a row here replaces the seed site of the same id (config NULL keeps the seed's
-- settings, e.g. a row that only holds a generated identity secret). `config` is the JSON of one
-- site as LB_SITES spells it, checked by the same schema before it is written.
CREATE TABLE sites (
  id TEXT PRIMARY KEY,                 -- 1-64 of A-Z a-z 0-9 . _ -
  config TEXT,                         -- JSON { origins, downloadExtensions?, … }; NULL = the seed's
  identity_secret TEXT,                -- generated in the dashboard; replaces LB_IDENTITY_SECRETS for this site
  identity_secret_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  updated_by TEXT NOT NULL
);

-- People who sign in to the dashboard. API tokens (LB_API_TOKENS) stay for machines.
CREATE TABLE users (
  id TEXT PRIMARY KEY,                 -- 32 hexadecimal characters
  email TEXT NOT NULL UNIQUE,          -- lower case; the sign-in name
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'marketer', 'sales')),
  sites TEXT,                          -- JSON array of site ids a sales user works (round-robin); NULL = every site
  password_hash TEXT,                  -- PBKDF2-SHA256 (auth/password.ts); NULL until the invitation is accepted
  session_key TEXT NOT NULL,           -- random; a session names it, so a new one (password set, disabled) ends every session
  disabled_at INTEGER,                 -- set: the user can no longer sign in, and their sessions end
  invite_hash TEXT,                    -- SHA-256 of the one-time invitation (or password reset) link's token
  invite_expires_at INTEGER,
  created_at INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  last_login_at INTEGER
);
CREATE UNIQUE INDEX users_invite ON users (invite_hash) WHERE invite_hash IS NOT NULL;

-- Who did what: model publications, subscription and site changes, user changes, sales actions,
-- erasures. `lead_id` and `detail` are cleared when the lead is erased (storage/erase.ts): the row
-- still says who did what, not to whom.
CREATE TABLE action_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  actor_kind TEXT NOT NULL CHECK (actor_kind IN ('user', 'token', 'system')),
  actor_id TEXT,                       -- the user's id or the token's name; NULL for the system
  actor_name TEXT NOT NULL,            -- as it read at the time
  action TEXT NOT NULL,                -- e.g. model.publish, site.update, lead.accept (storage/action-log.ts)
  target TEXT,                         -- what was acted on: a site id, a model version, a subscription or user id
  lead_id TEXT,                        -- the lead a sales action or erasure concerned
  detail TEXT                          -- a short summary in words
);
CREATE INDEX action_log_lead ON action_log (lead_id) WHERE lead_id IS NOT NULL;

-- Notes sales write on a lead; erased with it.
CREATE TABLE lead_notes (
  id TEXT PRIMARY KEY,
  lead_id TEXT NOT NULL,
  author_id TEXT,                      -- the user's id, or NULL for an API token
  author_name TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX lead_notes_lead ON lead_notes (lead_id, created_at DESC);

-- The lead's owner (a user id), written by the lead's Durable Object with its summary, so lists,
-- filters and routing can use it.
ALTER TABLE leads ADD COLUMN owner_id TEXT;
CREATE INDEX leads_owner ON leads (owner_id, total DESC) WHERE merged_into IS NULL;

-- Round-robin assignment of new MQLs: how many leads of the site were assigned so far.
CREATE TABLE assignment_counters (
  site TEXT PRIMARY KEY,
  assigned INTEGER NOT NULL
);
