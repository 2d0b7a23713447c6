-- Retention (LB_RETENTION_DAYS): a job's lead whose browser history was compacted records up to
-- when, so a preview or a publication can say how many leads a new model scores from kept events.
ALTER TABLE job_results ADD COLUMN compacted_through INTEGER;
