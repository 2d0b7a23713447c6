-- The queryable index of leads. Each row is a summary that the lead's Durable Object upserts after
-- every change; the Durable Object's own SQLite storage (event log and ledger) is the source of truth.
CREATE TABLE leads (
  id TEXT PRIMARY KEY,               -- the Durable Object id (64 hex characters)
  site TEXT NOT NULL,
  stage TEXT NOT NULL,               -- visitor | known | mql | sql | recycled
  band TEXT NOT NULL,                -- cold | warm | hot (configurable names)
  interest REAL NOT NULL DEFAULT 0,
  intent REAL NOT NULL DEFAULT 0,
  fit REAL NOT NULL DEFAULT 0,
  total REAL NOT NULL DEFAULT 0,
  disqualified INTEGER NOT NULL DEFAULT 0,
  email TEXT,
  name TEXT,
  company TEXT,
  country TEXT,
  pageviews INTEGER NOT NULL DEFAULT 0,
  topics TEXT NOT NULL DEFAULT '[]',  -- JSON array of the topics the lead read
  first_seen INTEGER,
  last_seen INTEGER,
  updated_at INTEGER NOT NULL,
  rev INTEGER NOT NULL DEFAULT 0,   -- the Durable Object's revision; an older summary never overwrites a newer one
  merged_into TEXT                  -- set on an anonymous visitor's row once it identified: the lead it became
);

CREATE INDEX leads_total ON leads (total DESC, id) WHERE merged_into IS NULL;
CREATE INDEX leads_band_total ON leads (band, total DESC, id) WHERE merged_into IS NULL;
CREATE INDEX leads_updated ON leads (updated_at);

-- Page views of visitors who sent no identifier (no consent, GPC or DNT): counts only, no lead.
CREATE TABLE anonymous_pageviews (
  site TEXT NOT NULL,
  day TEXT NOT NULL,                 -- YYYY-MM-DD (UTC)
  path TEXT NOT NULL,
  views INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (site, day, path)
);
