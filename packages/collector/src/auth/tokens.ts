import { isDevelopment } from '../config';
import type { Scope, TokenPrincipal } from './principal';

export type { Principal, Scope } from './principal';

const RANK: Record<Scope, number> = { read: 1, write: 2, admin: 3 };

/**
 * The token `pnpm start` prints. It is accepted only when the collector runs as `development` or
 * `test` and has no `LB_API_TOKENS` configured; a production collector refuses it.
 */
export const DEV_TOKEN = 'lb_dev_admin_token';

type TokenEntry = { name: string; scope: Scope; hash: Uint8Array };

const ENTRY = /^([A-Za-z0-9_.-]+):(read|write|admin):([0-9a-fA-F]{64})$/;

/**
 * Parses `LB_API_TOKENS`. A malformed entry is never trusted: it is skipped here, and the
 * configuration check (config-check.ts) reports it, by position, before any request is served.
 */
export function parseTokenConfig(raw: string | undefined): TokenEntry[] {
  const out: TokenEntry[] = [];
  for (const entry of tokenEntries(raw)) {
    const m = ENTRY.exec(entry);
    if (m?.[1] && m[2] && m[3]) out.push({ name: m[1], scope: m[2] as Scope, hash: hexToBytes(m[3]) });
  }
  return out;
}

/** The positions (0-based) of malformed `LB_API_TOKENS` entries; the entries themselves stay unprinted. */
export function malformedTokenEntries(raw: string | undefined): number[] {
  return tokenEntries(raw).flatMap((entry, i) => (ENTRY.test(entry) ? [] : [i]));
}

function tokenEntries(raw: string | undefined): string[] {
  return (raw ?? '').split(/[\s,]+/).filter(Boolean);
}

export type AuthOutcome =
  | { ok: true; principal: TokenPrincipal }
  | { ok: false; status: 401 | 403; message: string };

/** Checks a presented token against the configured hashes in constant time. */
export async function authenticate(
  env: Pick<Env, 'LB_ENV' | 'LB_API_TOKENS'>,
  token: string | undefined,
  needed: Scope,
): Promise<AuthOutcome> {
  if (!token) return { ok: false, status: 401, message: 'missing bearer token' };
  const entries = parseTokenConfig(env.LB_API_TOKENS);
  let principal: TokenPrincipal | undefined;
  if (entries.length === 0) {
    if (!isDevelopment(env)) {
      return {
        ok: false,
        status: 401,
        message: 'no API tokens are configured (set the LB_API_TOKENS secret)',
      };
    }
    if (equalHashes(await sha256(token), await sha256(DEV_TOKEN))) {
      principal = { kind: 'token', name: 'development', scope: 'admin' };
    }
  } else {
    const presented = await sha256(token);
    // Compare with every entry (no early exit) so timing does not reveal which one matched.
    for (const entry of entries) {
      if (equalHashes(presented, entry.hash))
        principal ??= { kind: 'token', name: entry.name, scope: entry.scope };
    }
  }
  if (!principal) return { ok: false, status: 401, message: 'invalid token' };
  if (RANK[principal.scope] < RANK[needed]) {
    return { ok: false, status: 403, message: `this token lacks the ${needed} scope` };
  }
  return { ok: true, principal };
}

/**
 * What a dashboard session remembers of the token it was opened with: the SHA-256 of the token's
 * configured hash (hex). It names the token without being it, and stops matching once the token
 * is removed from `LB_API_TOKENS` or replaced.
 */
export async function tokenCredential(token: string): Promise<string> {
  return hex(await sha256Bytes(await sha256(token)));
}

/**
 * The principal a session's credential stands for today (its scope as configured now), or null
 * when the token is gone. Every configured entry is compared (no early exit), in constant time.
 */
export async function principalForCredential(
  env: Pick<Env, 'LB_ENV' | 'LB_API_TOKENS'>,
  credential: string,
): Promise<TokenPrincipal | null> {
  const wanted = new TextEncoder().encode(credential);
  const entries = parseTokenConfig(env.LB_API_TOKENS);
  let principal: TokenPrincipal | null = null;
  if (entries.length === 0) {
    if (!isDevelopment(env)) return null;
    const dev = new TextEncoder().encode(await tokenCredential(DEV_TOKEN));
    if (equalHashes(dev, wanted)) principal = { kind: 'token', name: 'development', scope: 'admin' };
    return principal;
  }
  for (const entry of entries) {
    const candidate = new TextEncoder().encode(hex(await sha256Bytes(entry.hash)));
    if (equalHashes(candidate, wanted)) principal ??= { kind: 'token', name: entry.name, scope: entry.scope };
  }
  return principal;
}

async function sha256Bytes(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
}

function hex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
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
