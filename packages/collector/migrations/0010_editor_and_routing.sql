-- The model editor's drafts: one per person signed in to the dashboard (the session's subject), so
-- two marketers never overwrite each other's half-done edits. A draft is always a valid model; it
-- remembers the version it started from and its latest preview (job, stored version, and the
-- revision of the draft that was previewed, so publishing needs a preview of exactly this draft).
CREATE TABLE model_drafts (
  owner TEXT PRIMARY KEY,              -- the dashboard principal's name
  base_version INTEGER NOT NULL,       -- the active version when the draft started
  body TEXT NOT NULL,                  -- the draft model, JSON
  rev INTEGER NOT NULL,                -- bumped by every change; forms carry it, a stale form is refused
  updated_at INTEGER NOT NULL,
  preview_job TEXT,                    -- the latest preview job of this draft
  preview_version INTEGER,             -- the stored version that preview scored
  preview_rev INTEGER                  -- the draft's rev when it was previewed
);

-- The hash of a version's content without its label ("v7"): saving a model that is already stored
-- finds that version instead of creating a new one. NULL for versions stored before; filled in when
-- first looked at.
ALTER TABLE models ADD COLUMN content_hash TEXT;
CREATE INDEX models_content_hash ON models (content_hash);

-- Routing: each team hears about its own leads. NULL = no condition (JSON arrays otherwise).
ALTER TABLE webhook_subscriptions ADD COLUMN topics TEXT;            -- topic globs the lead read a page on
ALTER TABLE webhook_subscriptions ADD COLUMN countries TEXT;         -- ISO country codes of the lead
ALTER TABLE webhook_subscriptions ADD COLUMN companies TEXT;         -- company names (case-insensitive substrings)
ALTER TABLE webhook_subscriptions ADD COLUMN owners TEXT;            -- lead owners; null in the list = no owner
ALTER TABLE webhook_subscriptions ADD COLUMN min_score_change REAL;  -- the total moved at least this much
-- No second delivery about the same lead to this subscription within this many hours (NULL = none).
ALTER TABLE webhook_subscriptions ADD COLUMN cooldown_hours REAL;
-- Single-signal alerts: JSON conditions over the triggering event and the lead (NULL = none).
ALTER TABLE webhook_subscriptions ADD COLUMN signal TEXT;
ALTER TABLE webhook_subscriptions ADD COLUMN updated_at INTEGER;

-- The cooldown asks "when did this subscription last hear about this lead?".
CREATE INDEX webhook_deliveries_cooldown ON webhook_deliveries (subscription_id, lead_id, created_at);

-- Signal alerts count the known people of a lead's company ("a company with ≥ 2 people").
CREATE INDEX leads_company ON leads (lower(company)) WHERE merged_into IS NULL;
