-- Anonymous visitors reach only the webhook subscriptions that ask for them: sales hears about
-- people it can contact. Existing subscriptions keep to known leads (0).
ALTER TABLE webhook_subscriptions ADD COLUMN include_anonymous INTEGER NOT NULL DEFAULT 0;
