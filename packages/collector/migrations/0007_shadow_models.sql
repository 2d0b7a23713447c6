-- Shadow models: a stored model version that scores every lead live beside the active one, without
-- notifications or stage changes, until it is promoted (it becomes the active model, adopting the
-- results it already computed) or withdrawn. At most one shadow runs at a time.
CREATE TABLE model_shadows (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  version INTEGER NOT NULL,            -- the model version scored in the shadow (0 = the built-in default)
  started_at INTEGER NOT NULL,
  started_by TEXT,
  ended_at INTEGER,
  ended_by TEXT,
  ended_how TEXT CHECK (ended_how IN ('promoted', 'withdrawn')),
  running INTEGER UNIQUE CHECK (running = 1)   -- 1 while it runs, NULL once ended: UNIQUE keeps it to one at a time
);

-- Per lead, the shadow's position beside the active model's, written by the lead's Durable Object
-- whenever it scores the lead (debounced like the lead index). One row per lead, for the shadow
-- that scored it last; rows of ended shadows are deleted when a shadow ends.
CREATE TABLE lead_shadow_scores (
  lead_id TEXT PRIMARY KEY,
  site TEXT NOT NULL,
  shadow_id INTEGER NOT NULL,
  known INTEGER NOT NULL,              -- 1 when the lead has an e-mail address
  active_total REAL NOT NULL,
  active_band TEXT NOT NULL,
  active_stage TEXT NOT NULL,
  active_sent_at INTEGER,              -- when the active model made it an MQL (sent it to sales) since the shadow started
  shadow_total REAL NOT NULL,
  shadow_band TEXT NOT NULL,
  shadow_stage TEXT NOT NULL,
  shadow_sent_at INTEGER,              -- the same under the shadow model
  rev INTEGER NOT NULL,                -- the Durable Object's revision: an older write never overwrites a newer one
  updated_at INTEGER NOT NULL
);
CREATE INDEX lead_shadow_scores_shadow ON lead_shadow_scores (shadow_id, site);

-- Decided leads as the shadow model saw them just before the outcome (the same columns as
-- lead_outcomes): the shadow's side of the comparison, and what a promotion copies into
-- lead_outcomes instead of recomputing it.
CREATE TABLE lead_shadow_outcomes (
  lead_id TEXT PRIMARY KEY,
  site TEXT NOT NULL,
  shadow_id INTEGER NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('won', 'lost')),
  value REAL,
  outcome_at INTEGER NOT NULL,
  model_version INTEGER NOT NULL,
  features TEXT NOT NULL,
  interest REAL NOT NULL,
  intent REAL NOT NULL,
  fit REAL NOT NULL,
  total REAL NOT NULL,
  band TEXT NOT NULL,
  stage TEXT NOT NULL,
  reached_mql INTEGER NOT NULL,
  disqualified INTEGER NOT NULL,
  rev INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX lead_shadow_outcomes_shadow ON lead_shadow_outcomes (shadow_id, site, outcome_at);

-- Two more kinds of jobs: `shadow` scores every lead with a new shadow (no notifications), `promote`
-- makes each lead adopt the shadow's result. SQLite cannot change a CHECK in place: rebuild the table.
CREATE TABLE jobs_next (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('preview', 'rescore', 'shadow', 'promote')),
  model_version INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('running', 'done')),
  total INTEGER NOT NULL,
  done INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  finished_at INTEGER
);
INSERT INTO jobs_next (id, kind, model_version, status, total, done, created_at, finished_at)
  SELECT id, kind, model_version, status, total, done, created_at, finished_at FROM jobs;
DROP TABLE jobs;
ALTER TABLE jobs_next RENAME TO jobs;

-- How a promotion treated each lead: `adopted` (the shadow's stored result became the lead's, nothing
-- recomputed), `rescored` (no current shadow result: scored anew), `current` (already scored by it).
ALTER TABLE job_results ADD COLUMN how TEXT;
