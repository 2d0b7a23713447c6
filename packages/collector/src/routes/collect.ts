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
import { cleanBeaconUrls } from '../ingest/url';
import { checkIdentities } from '../ingest/verify-identity';
import { fail } from '../lib/http';
import { BeaconBatch } from '../schema/beacon';
import { formatIssues } from '../schema/issues';
import { visitorStub } from '../storage/lead-stub';
import { countAnonymousPageview } from '../storage/leads-index';
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
    let json: unknown;
    try {
      json = JSON.parse(await c.req.text());
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
    // Page URLs of the site's own origins only, without personal query parameters (ingest/url.ts).
    const pages = cleanBeaconUrls(batch, site);
    // Signed identities are checked before anything is stored: a bad signature refuses the batch.
    const identity = await checkIdentities(c.env, batch, site.requireVerifiedIdentity === true);
    if (!identity.ok) fail(400, identity.error);

    // Bots get the same answer as people, so nothing on the page changes, but nothing is stored.
    if (isBotUserAgent(c.req.header('user-agent'), allowsAutomation(c.env))) return c.body(null, 204);

    // Floods are refused before they reach any object. The IP is a transient counter key only.
    // `LB_RATE_LIMITS=off` (load benchmarks) skips both limits.
    if (rateLimitsOn(c.env)) {
      const ip = c.req.header('cf-connecting-ip');
      if (ip && !(await c.env.IP_LIMITER.limit({ key: `ip:${ip}` })).success) tooMany();
      if (batch.v && !(await c.env.VISITOR_LIMITER.limit({ key: `v:${batch.s}:${batch.v}` })).success)
        tooMany();
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

    if (!batch.v) {
      // No identifier (no consent, GPC or DNT): page views are counted, no lead is created.
      const views = events.filter((e) => e.type === 'pageview');
      c.executionCtx.waitUntil(
        Promise.all(views.map((e) => countAnonymousPageview(c.env.DB, batch.s, e.at, e.url))).catch((err) =>
          console.error('anonymous pageview count failed', err),
        ),
      );
      return c.body(null, 204);
    }

    const linkLeadId = batch.k ? await linkedLead(c.env, batch.s, batch.k) : undefined;
    await visitorStub(c.env, batch.s, batch.v).ingest({
      site: batch.s,
      events,
      ...(linkLeadId ? { linkLeadId } : {}),
    });
    return c.body(null, 204);
  },
);

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
