-- Webhook subscriptions and the delivery log. A queued webhook message carries only a delivery id;
-- the payload lives here, so erasing a lead's deliveries erases every queued copy of its data too.
CREATE TABLE webhook_subscriptions (
  id TEXT PRIMARY KEY,                 -- 32 hexadecimal characters
  name TEXT NOT NULL,
  url TEXT NOT NULL,
  secret TEXT NOT NULL,                -- the HMAC signing secret; shown once at creation, needed to sign
  kinds TEXT NOT NULL,                 -- JSON array: band_changed | stage_changed | identified | disqualified
  bands TEXT,                          -- JSON array of band names, NULL = any band
  stages TEXT,                         -- JSON array of stage names, NULL = any stage
  axes TEXT,                           -- JSON array: interest | intent | fit | total, NULL = any axis
  sites TEXT,                          -- JSON array of site ids, NULL = every site
  direction TEXT NOT NULL DEFAULT 'both' CHECK (direction IN ('up', 'down', 'both')),
  format TEXT NOT NULL DEFAULT 'json' CHECK (format IN ('json', 'slack')),
  active INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL
);

CREATE TABLE webhook_deliveries (
  id TEXT PRIMARY KEY,                 -- 32 hexadecimal characters; the queue message body names it
  subscription_id TEXT NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
  notification_id TEXT NOT NULL,       -- the notification's own id: one delivery per subscription
  lead_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  payload TEXT NOT NULL,               -- the exact request body (JSON or Slack), signed at each attempt
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'retrying', 'dead')),
  attempts INTEGER NOT NULL DEFAULT 0,
  last_status INTEGER,                 -- HTTP status of the last attempt, NULL if it got none
  last_error TEXT,                     -- truncated
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  delivered_at INTEGER
);

CREATE UNIQUE INDEX webhook_deliveries_once ON webhook_deliveries (subscription_id, notification_id);
CREATE INDEX webhook_deliveries_log ON webhook_deliveries (subscription_id, created_at DESC);
CREATE INDEX webhook_deliveries_lead ON webhook_deliveries (lead_id);
CREATE INDEX webhook_deliveries_status ON webhook_deliveries (status, updated_at);
