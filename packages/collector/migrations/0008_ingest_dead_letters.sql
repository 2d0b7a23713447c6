-- Beacons the ingest consumer could not deliver to their object after every retry. They were
-- acknowledged to the browser, so they are kept here rather than dropped, until an operator replays
-- them (POST /api/ingest/dead-letters/replay) once the cause is fixed. Erasure deletes a lead's rows.
CREATE TABLE ingest_dead_letters (
  id TEXT PRIMARY KEY,               -- the queue message id: a dead letter delivered twice is kept once
  site TEXT NOT NULL,
  kind TEXT NOT NULL,                -- visitor | pageviews | unknown (a body this code cannot read)
  visitor_id TEXT,                   -- the visitor object's id (64 hex characters), for erasure
  lead_id TEXT,                      -- the lead the message names (its e-mail link token, or its latest identity), for erasure
  body TEXT NOT NULL,                -- the message as the Worker sent it (JSON)
  attempts INTEGER NOT NULL,         -- deliveries tried before it was given up
  created_at INTEGER NOT NULL        -- when it was kept, ms since the epoch
);

CREATE INDEX ingest_dead_letters_created ON ingest_dead_letters (created_at, id);
CREATE INDEX ingest_dead_letters_visitor ON ingest_dead_letters (visitor_id);
CREATE INDEX ingest_dead_letters_lead ON ingest_dead_letters (lead_id);
