import { env, exports } from 'cloudflare:workers';
import { identityHash } from '../src/identity/user-hash';
import { ingestProgress } from '../src/ingest/progress';
import type { LeadEvent } from '../src/scoring/events';

export const ORIGIN = 'http://127.0.0.1:8080';
export const TOKEN = 'lb_dev_admin_token';
export const BROWSER_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';

let counter = 0;
/** A unique, valid id for events and visitors. */
export function uid(prefix = 'id'): string {
  counter++;
  return `${prefix}${counter.toString(36).padStart(6, '0')}${Math.random().toString(36).slice(2, 10)}`;
}

export function pageview(url: string, topics: string[] = [], extra: Record<string, unknown> = {}) {
  return { i: uid('ev'), n: 'pv', ts: Date.now(), u: url, ti: `Page ${url}`, tp: topics, ...extra };
}

export function beacon(visitor: string | undefined, events: unknown[], extra: Record<string, unknown> = {}) {
  return {
    s: 'acme',
    ...(visitor ? { v: visitor, x: `${visitor}-s` } : {}),
    t: Date.now(),
    e: events,
    ...extra,
  };
}

/**
 * Sends a beacon the way the SDK does (text/plain, from an allowed origin) and waits until the
 * ingest queue has delivered it (and everything sent before it), so the lead can be read at once.
 */
export async function send(body: unknown, headers: Record<string, string> = {}) {
  const res = await post(body, headers);
  await drained();
  return res;
}

/**
 * Waits until every message handed to the ingest queue has been delivered to its object or kept as
 * a dead letter: the Worker, the consumer and the objects share this isolate and its counters
 * (src/ingest/progress.ts). Polls; fails with the counters after `timeoutMs`.
 */
export async function drained(timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const p = ingestProgress.snapshot();
    if (p.settled >= p.sent) return;
    if (Date.now() > deadline) throw new Error(`the ingest queue did not drain: ${JSON.stringify(p)}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Sends a beacon without waiting for the queue: the answer alone (an acknowledgement, or a refusal). */
export function post(body: unknown, headers: Record<string, string> = {}) {
  return exports.default.fetch('http://collector.test/e', {
    method: 'POST',
    headers: {
      'content-type': 'text/plain;charset=UTF-8',
      origin: ORIGIN,
      'user-agent': BROWSER_UA,
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export function api(path: string, init: RequestInit & { token?: string | null } = {}) {
  const { token = TOKEN, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (token) headers.set('authorization', `Bearer ${token}`);
  return exports.default.fetch(`http://collector.test${path}`, { ...rest, headers });
}

/** What a site's server computes for verified identify, with the test secrets of vitest.config.ts. */
export async function signAddress(site: string, email: string): Promise<string> {
  const secrets = JSON.parse(env.LB_IDENTITY_SECRETS ?? '{}') as Record<string, string>;
  const secret = secrets[site];
  if (!secret) throw new Error(`no test identity secret for ${site}`);
  return identityHash(secret, email);
}

/** A lead's export (admin): every stored event, with its source where it has one. */
export async function exportOf(
  leadId: string,
): Promise<{ events: LeadEvent[]; merges: { visitor: string }[] }> {
  const res = await api(`/api/leads/${leadId}/export`);
  if (res.status !== 200) throw new Error(`export: ${res.status} ${await res.text()}`);
  const { events, merges } = (await res.json()) as { events: LeadEvent[]; merges: { visitor: string }[] };
  return { events, merges };
}

/** The public id of a browser's visitor object. */
export function visitorObjectId(site: string, visitor: string): string {
  return env.LEADS.idFromName(`v:${site}:${visitor}`).toString();
}

/** The public id of the lead an address names (plus tags kept, as the default model does). */
export function leadObjectId(site: string, email: string): string {
  return env.LEADS.idFromName(`l:${site}:${email.trim().toLowerCase()}`).toString();
}

/** The hex SHA-256 of a token: what an `LB_API_TOKENS` entry stores. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Waits, when needed, until at least `needMs` remain of the current rate-limit minute. Local rate
 * limits count in windows aligned to the wall clock (as Cloudflare's do), so a flood that straddles
 * a minute boundary would be counted in two windows.
 */
export async function freshRateLimitWindow(needMs: number): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < needMs) await new Promise((r) => setTimeout(r, left + 100));
}
