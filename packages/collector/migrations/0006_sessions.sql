-- Dashboard sessions. The cookie holds a random session id; only its SHA-256 is stored here, so a
-- copy of this table cannot be replayed as a cookie. A session belongs to a subject: today an API
-- token (subject_kind 'token', subject = the token's name in LB_API_TOKENS), later a named user
-- (subject_kind 'user', subject = the user's id). `credential` ties the session to the credential
-- it was opened with (for a token: the SHA-256 of its configured hash), so removing or replacing
-- the token ends its sessions. Logout deletes the row; expired rows are deleted at the next login.
CREATE TABLE sessions (
  id_hash TEXT PRIMARY KEY,            -- hex SHA-256 of the session id in the cookie
  subject_kind TEXT NOT NULL CHECK (subject_kind IN ('token', 'user')),
  subject TEXT NOT NULL,
  credential TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expires_at);
CREATE INDEX sessions_subject ON sessions (subject_kind, subject);

-- Failed dashboard logins, counted per key in fixed windows: per client address ('ip:' and a keyed
-- hash of the address, never the address) and per account ('account:' and a hash of the token's
-- first characters; a user name once named users exist). Rows outlive their window by nothing:
-- each login deletes the expired ones.
CREATE TABLE login_failures (
  key TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  window_start INTEGER NOT NULL
);
