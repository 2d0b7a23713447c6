-- Decided leads (won or lost) as they stood just before the outcome: what the model report learns
-- from. The lead's Durable Object writes its row whenever it re-scores a lead that has an outcome,
-- so the row always follows the lead's current outcome and the model version it is scored with.
CREATE TABLE lead_outcomes (
  lead_id TEXT PRIMARY KEY,            -- the lead's Durable Object id
  site TEXT NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('won', 'lost')),
  value REAL,                          -- the deal value given with the outcome, if any
  outcome_at INTEGER NOT NULL,         -- when the (last) won/lost was recorded, ms since epoch
  model_version INTEGER NOT NULL,      -- the model version the features were computed with (0 = default)
  features TEXT NOT NULL,              -- JSON: rule id → { "fired": n, "points": earned after caps, before decay }
  interest REAL NOT NULL,              -- scores at the moment of the outcome, before it was applied
  intent REAL NOT NULL,
  fit REAL NOT NULL,
  total REAL NOT NULL,
  band TEXT NOT NULL,
  stage TEXT NOT NULL,
  reached_mql INTEGER NOT NULL,        -- 1 when the lead was an MQL at any time before the outcome
  disqualified INTEGER NOT NULL,
  rev INTEGER NOT NULL,                -- the Durable Object's revision: an older write never overwrites a newer one
  updated_at INTEGER NOT NULL
);

CREATE INDEX lead_outcomes_site ON lead_outcomes (site, outcome_at DESC);
