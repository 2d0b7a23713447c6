import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import * as v from 'valibot';
import type { AppEnv } from '../app-env';
import { allowsAutomation, rateLimitsOn } from '../config';
import { verifyLinkToken } from '../email/link-token';
import { signingKey } from '../email/signing-key';
import { isBotUserAgent } from '../enrich/bot';
import { networkInfo } from '../enrich/network';
import { cachedNetworkOverrides } from '../enrich/network-overrides';
import { extensionSet } from '../ingest/links';
import { normalizeBatch } from '../ingest/normalize';
import { ingestProgress } from '../ingest/progress';
import { anonymousViews, INGEST_MESSAGE_VERSION, type IngestMessage, visitorMessages } from '../ingest/queue';
import { cleanBeaconPages } from '../ingest/url';
import { checkIdentities } from '../ingest/verify-identity';
import { fail } from '../lib/http';
import { BeaconBatch } from '../schema/beacon';
import { formatIssues } from '../schema/issues';
import { isAllowedOrigin, siteConfig } from '../storage/sites';

/** Beacon bodies are small; 32 KB leaves room under the 64 KB keepalive budget of a page. */
export const MAX_BEACON_BYTES = 32 * 1024;

export const collectRoutes = new Hono<AppEnv>();

collectRoutes.use(
  '/e',
  cors({
    origin: async (origin, c) => (origin && (await isAllowedOrigin(c.env, origin)) ? origin : null),
    allowMethods: ['POST'],
    allowHeaders: ['Content-Type'],
    maxAge: 86400,
  }),
);

collectRoutes.post(
  '/e',
  bodyLimit({
    maxSize: MAX_BEACON_BYTES,
    onError: () => fail(413, `body larger than ${MAX_BEACON_BYTES} bytes`),
  }),
  async (c) => {
    // text/plain keeps browser beacons preflight-free; JSON is accepted for server-side senders.
    const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'text/plain' && type !== 'application/json') {
      fail(415, 'expected a text/plain (or application/json) body');
    }
    const text = await c.req.text();
    const bodyChars = text.length;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      fail(400, 'body is not valid JSON');
    }
    const parsed = v.safeParse(BeaconBatch, json);
    if (!parsed.success) fail(400, formatIssues(parsed.issues));
    const batch = parsed.output;

    const site = await siteConfig(c.env, batch.s);
    if (!site) fail(403, `unknown site "${batch.s}"`);
    const origin = c.req.header('origin');
    // Browsers always send Origin on cross-origin POSTs; server-side senders may omit it.
    if (origin && !site.origins.includes(origin))
      fail(403, `origin ${origin} is not allowed for site "${batch.s}"`);
    // Page URLs of the site's own origins only; URLs and titles without personal data (ingest/url.ts).
    const pages = cleanBeaconPages(batch, site);
    // Signed identities are checked before anything is stored: a bad signature refuses the batch.
    const identity = await checkIdentities(c.env, batch, site.requireVerifiedIdentity === true);
    if (!identity.ok) fail(400, identity.error);

    // Bots get the same answer as people, so nothing on the page changes, but nothing is stored.
    if (isBotUserAgent(c.req.header('user-agent'), allowsAutomation(c.env))) return c.body(null, 204);

    // Floods are refused before they reach the queue. The IP is a transient counter key only. Both
    // limits are asked at once (each is a round trip); `LB_RATE_LIMITS=off` (load benchmarks) skips them.
    if (rateLimitsOn(c.env)) {
      const ip = c.req.header('cf-connecting-ip');
      const [byIp, byVisitor] = await Promise.all([
        ip ? c.env.IP_LIMITER.limit({ key: `ip:${ip}` }) : ALLOWED,
        batch.v ? c.env.VISITOR_LIMITER.limit({ key: `v:${batch.s}:${batch.v}` }) : ALLOWED,
      ]);
      if (!byIp.success || !byVisitor.success) tooMany();
    }

    const receivedAt = Date.now();
    const events = normalizeBatch(pages, {
      receivedAt,
      downloadExtensions: extensionSet(site.downloadExtensions),
      network: networkInfo(
        c.req.raw.cf as IncomingRequestCfProperties | undefined,
        cachedNetworkOverrides(c.env.LB_NETWORK_OVERRIDES),
      ),
      identity: identity.verdict,
    });
    if (events.length === 0) return c.body(null, 204);

    // The 204 is an acknowledgement: it is sent only once the queue holds the beacon, and a message
    // the queue accepted is not lost. The consumer (ingest/consumer.ts) delivers it to the visitor's
    // object; nothing slow (the object, D1, webhooks) waits on this answer.
    let messages: IngestMessage[];
    if (!batch.v) {
      // No identifier (no consent, GPC or DNT): page views are counted, no lead is created.
      const views = anonymousViews(events);
      if (views.length === 0) return c.body(null, 204);
      messages = [{ v: INGEST_MESSAGE_VERSION, kind: 'pageviews', site: batch.s, views }];
    } else {
      const linkLeadId = batch.k ? await linkedLead(c.env, batch.s, batch.k) : undefined;
      messages = visitorMessages({ site: batch.s, visitor: batch.v, events, linkLeadId }, bodyChars);
    }
    await enqueue(c.env, messages);
    return c.body(null, 204);
  },
);

const ALLOWED = { success: true } as const;

/**
 * Hands a beacon's messages to the ingest queue. If the queue refuses (an outage, its throughput
 * limit), the browser hears 503 and keeps the events in its retry queue: nothing was acknowledged.
 */
async function enqueue(env: Env, messages: IngestMessage[]): Promise<void> {
  try {
    // One send per message: a beacon split in parts could pass sendBatch's 256 KB. Should one part
    // fail, the browser sends the whole beacon again and the object keeps each event id once.
    await Promise.all(messages.map((m) => env.INGEST.send(m)));
  } catch (err) {
    console.error('ingest: the queue refused a beacon; the browser will retry it', err);
    fail(503, 'the collector cannot take beacons right now; retry later', { 'Retry-After': '10' });
  }
  ingestProgress.sent(messages.length);
}

function tooMany(): never {
  fail(429, 'rate limited: slow down', { 'Retry-After': '60' });
}

/** The lead a valid e-mail link token names; an invalid token is ignored, the events still count. */
async function linkedLead(env: Env, site: string, raw: string): Promise<string | undefined> {
  const key = signingKey(env);
  if (!key) return undefined;
  const verified = await verifyLinkToken(raw, key, Date.now());
  return verified.ok && verified.token.site === site ? verified.token.leadId : undefined;
}
