/** Longest wait between two attempts. */
export const MAX_RETRY_DELAY_SECONDS = 3600;

/** Base delay when `LB_WEBHOOK_RETRY_BASE_SECONDS` is unset or unusable. */
export const DEFAULT_RETRY_BASE_SECONDS = 10;

/**
 * Seconds to wait before the next attempt after `attempt` failed ones (1 = the first failed):
 * exponential, base · 2^(attempt-1), capped at an hour, with "equal jitter" (half fixed, half
 * random) so the retries of a burst that failed together do not all come back at the same moment.
 * `random` is in [0, 1).
 */
export function retryDelaySeconds(attempt: number, baseSeconds: number, random: number): number {
  if (!(baseSeconds > 0)) return 0;
  const exponent = Math.min(Math.max(attempt, 1) - 1, 30);
  const ceiling = Math.min(MAX_RETRY_DELAY_SECONDS, baseSeconds * 2 ** exponent);
  return Math.min(MAX_RETRY_DELAY_SECONDS, Math.round(ceiling / 2 + (random * ceiling) / 2));
}

/** The configured base delay; a malformed value falls back to the default with a log line. */
export function retryBaseSeconds(env: { LB_WEBHOOK_RETRY_BASE_SECONDS?: string }): number {
  const raw = env.LB_WEBHOOK_RETRY_BASE_SECONDS;
  if (raw === undefined || raw === '') return DEFAULT_RETRY_BASE_SECONDS;
  const value = Number(raw);
  if (Number.isFinite(value) && value >= 0 && value <= MAX_RETRY_DELAY_SECONDS) return value;
  console.warn(`LB_WEBHOOK_RETRY_BASE_SECONDS: expected 0-${MAX_RETRY_DELAY_SECONDS}, using the default`);
  return DEFAULT_RETRY_BASE_SECONDS;
}
