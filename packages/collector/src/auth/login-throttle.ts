/**
 * Throttling of failed dashboard logins (per client address and per account) and of failed API
 * bearer tokens (per client address; auth/middleware.ts), in D1: one store for every Cloudflare
 * location, unlike the per-location rate limiting binding, and a count of failures only, which
 * that binding cannot keep (each `limit()` call counts). Only failures write; an attempt checks
 * its keys with one read. Both kinds of failure share the address key: they guess the same tokens.
 */

export type ThrottleRule = {
  /** Failed logins allowed per window; the next attempt is refused until the window ends. */
  failures: number;
};

/** How long a window of failures lasts. */
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;

/** Per client address: a person mistyping a few times is never stopped, a script is. */
export const PER_ADDRESS: ThrottleRule = { failures: 10 };

/** Per account (a user's e-mail address; for tokens, their first characters): guesses at one credential. */
export const PER_ACCOUNT: ThrottleRule = { failures: 5 };

/** Characters of a presented token that name its "account" (a token has no other name to give). */
export const ACCOUNT_PREFIX_CHARS = 12;

/** The account a token login counts against: the token's first characters. */
export function tokenAccount(token: string): string {
  return token.slice(0, ACCOUNT_PREFIX_CHARS);
}

/** The account a user's login counts against: the e-mail address as typed, trimmed and lower-cased. */
export function userAccount(email: string): string {
  return `user:${email.trim().toLowerCase()}`;
}

export type ThrottleKey = { key: string; rule: ThrottleRule };

/** The key addresses and accounts are hashed with: the signing key when there is one. */
export function throttleSecret(env: Pick<Env, 'LB_SIGNING_KEY'>): string {
  return env.LB_SIGNING_KEY ?? '';
}

/**
 * The per-address key of an attempt, none without an address (a local request with no Cloudflare
 * in front, which always sets `CF-Connecting-IP`).
 */
export async function addressKeys(ip: string | undefined, secret: string): Promise<ThrottleKey[]> {
  return ip ? [{ key: `ip:${await digest(secret, `ip:${ip}`)}`, rule: PER_ADDRESS }] : [];
}

/**
 * The keys of one attempt (`account`: `tokenAccount` or `userAccount`). The address is stored as a keyed hash only (no raw IP is ever
 * stored); the key is the signing key when there is one, so the hash cannot be reversed by
 * hashing every IPv4 address.
 */
export async function throttleKeys(
  ip: string | undefined,
  account: string,
  secret: string,
): Promise<ThrottleKey[]> {
  return [
    { key: `account:${await digest(secret, `account:${account}`)}`, rule: PER_ACCOUNT },
    // Without an address only the account counts.
    ...(await addressKeys(ip, secret)),
  ];
}

/** When the attempt may be made again (ms), or null when it may be made now. */
export async function throttledUntil(
  db: D1Database,
  keys: readonly ThrottleKey[],
  now: number,
): Promise<number | null> {
  if (keys.length === 0) return null;
  const { results } = await db
    .prepare(
      `SELECT key, failures, window_start FROM login_failures WHERE key IN (${keys.map((_, i) => `?${i + 1}`).join(', ')})`,
    )
    .bind(...keys.map((k) => k.key))
    .all<{ key: string; failures: number; window_start: number }>();
  let until: number | null = null;
  for (const row of results) {
    const rule = keys.find((k) => k.key === row.key)?.rule;
    const end = row.window_start + LOGIN_WINDOW_MS;
    if (rule && end > now && row.failures >= rule.failures) until = Math.max(until ?? 0, end);
  }
  return until;
}

/** Counts a failed attempt on every key; a key whose window has ended starts a new one. */
export async function recordFailure(
  db: D1Database,
  keys: readonly ThrottleKey[],
  now: number,
): Promise<void> {
  if (keys.length === 0) return;
  await db.batch([
    db.prepare('DELETE FROM login_failures WHERE window_start <= ?1').bind(now - LOGIN_WINDOW_MS),
    ...keys.map((k) =>
      db
        .prepare(
          `INSERT INTO login_failures (key, failures, window_start) VALUES (?1, 1, ?2)
           ON CONFLICT (key) DO UPDATE SET
             failures = CASE WHEN window_start + ?3 <= ?2 THEN 1 ELSE failures + 1 END,
             window_start = CASE WHEN window_start + ?3 <= ?2 THEN ?2 ELSE window_start END`,
        )
        .bind(k.key, now, LOGIN_WINDOW_MS),
    ),
  ]);
}

/** After a successful login: the account's failures are forgiven, and old windows are dropped. */
export async function clearFailures(
  db: D1Database,
  keys: readonly ThrottleKey[],
  now: number,
): Promise<void> {
  const account = keys.filter((k) => k.key.startsWith('account:')).map((k) => k.key);
  await db.batch([
    ...account.map((key) => db.prepare('DELETE FROM login_failures WHERE key = ?1').bind(key)),
    db.prepare('DELETE FROM login_failures WHERE window_start <= ?1').bind(now - LOGIN_WINDOW_MS),
  ]);
}

async function digest(secret: string, text: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret || 'leadbeacon-login-throttle'),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(text)));
  return [...mac.slice(0, 16)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
