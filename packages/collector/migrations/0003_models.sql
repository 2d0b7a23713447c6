-- Scoring model versions. The built-in default model is version 0 and is not stored; every
-- model created through the API gets the next version number, and its `version` label in ledger
-- lines is "v<number>". The active model is the one of the latest publication.
CREATE TABLE models (
  version INTEGER PRIMARY KEY AUTOINCREMENT,
  hash TEXT NOT NULL,                 -- SHA-256 of the canonical JSON (content address)
  body TEXT NOT NULL,                 -- the validated model, JSON
  note TEXT,
  created_at INTEGER NOT NULL,
  created_by TEXT
);
CREATE INDEX models_hash ON models (hash);

CREATE TABLE model_publications (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  version INTEGER NOT NULL,           -- 0 = the built-in default model
  action TEXT NOT NULL CHECK (action IN ('publish', 'rollback')),
  at INTEGER NOT NULL,
  by TEXT
);

-- Fan-out jobs over every lead (preview of a candidate model, re-scoring after a publication),
-- carried out through the jobs queue, a batch of leads per message.
CREATE TABLE jobs (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('preview', 'rescore')),
  model_version INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('running', 'done')),
  total INTEGER NOT NULL,
  done INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  finished_at INTEGER
);

CREATE TABLE job_results (
  job_id TEXT NOT NULL,
  lead_id TEXT NOT NULL,
  before_band TEXT NOT NULL,
  after_band TEXT NOT NULL,
  before_stage TEXT NOT NULL,
  after_stage TEXT NOT NULL,
  before_total REAL NOT NULL,
  after_total REAL NOT NULL,
  PRIMARY KEY (job_id, lead_id)
);
