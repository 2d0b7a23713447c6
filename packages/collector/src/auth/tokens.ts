import { isDevelopment } from '../config';

export type Scope = 'read' | 'write' | 'admin';

const RANK: Record<Scope, number> = { read: 1, write: 2, admin: 3 };

/**
 * The token `pnpm start` prints. It is accepted only when the collector runs as `development` or
 * `test` and has no `LB_API_TOKENS` configured; a production collector refuses it.
 */
export const DEV_TOKEN = 'lb_dev_admin_token';

export type Principal = { name: string; scope: Scope };

type TokenEntry = Principal & { hash: Uint8Array };

/** Parses `LB_API_TOKENS`; malformed entries are skipped with a log line rather than trusted. */
export function parseTokenConfig(raw: string | undefined): TokenEntry[] {
  if (!raw) return [];
  const out: TokenEntry[] = [];
  for (const entry of raw.split(/[\s,]+/)) {
    if (!entry) continue;
    const [name, scope, hex] = entry.split(':');
    if (!name || !scope || !(scope in RANK) || !hex || !/^[0-9a-f]{64}$/i.test(hex)) {
      console.warn(`LB_API_TOKENS: ignoring a malformed entry (expected name:scope:sha256hex)`);
      continue;
    }
    out.push({ name, scope: scope as Scope, hash: hexToBytes(hex) });
  }
  return out;
}

export type AuthOutcome =
  | { ok: true; principal: Principal }
  | { ok: false; status: 401 | 403; message: string };

/** Checks a presented token against the configured hashes in constant time. */
export async function authenticate(
  env: Pick<Env, 'LB_ENV' | 'LB_API_TOKENS'>,
  token: string | undefined,
  needed: Scope,
): Promise<AuthOutcome> {
  if (!token) return { ok: false, status: 401, message: 'missing bearer token' };
  const entries = parseTokenConfig(env.LB_API_TOKENS);
  let principal: Principal | undefined;
  if (entries.length === 0) {
    if (!isDevelopment(env)) {
      return {
        ok: false,
        status: 401,
        message: 'no API tokens are configured (set the LB_API_TOKENS secret)',
      };
    }
    if (equalHashes(await sha256(token), await sha256(DEV_TOKEN))) {
      principal = { name: 'development', scope: 'admin' };
    }
  } else {
    const presented = await sha256(token);
    // Compare with every entry (no early exit) so timing does not reveal which one matched.
    for (const entry of entries) {
      if (equalHashes(presented, entry.hash)) principal ??= { name: entry.name, scope: entry.scope };
    }
  }
  if (!principal) return { ok: false, status: 401, message: 'invalid token' };
  if (RANK[principal.scope] < RANK[needed]) {
    return { ok: false, status: 403, message: `this token lacks the ${needed} scope` };
  }
  return { ok: true, principal };
}

async function sha256(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
}

function equalHashes(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && crypto.subtle.timingSafeEqual(a, b);
}

function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}
