import { Hono } from 'hono';
import type { AppEnv } from '../app-env';
import { rateLimitsOn } from '../config';
import { verifyLinkToken } from '../email/link-token';
import { isAllowedRedirect } from '../email/redirect';
import { signingKey } from '../email/signing-key';
import { stripPersonalData, strippedKeys } from '../ingest/url';
import { fail } from '../lib/http';
import { uid } from '../lib/uid';
import type { EmailEvent } from '../scoring/events';
import { leadStubById } from '../storage/lead-stub';
import { siteConfig } from '../storage/sites';

/** The URL parameter that carries an e-mail link token to the landing page (read by the SDK). */
export const TOKEN_PARAM = 'lb_t';

// A transparent 1×1 GIF.
const PIXEL = Uint8Array.from(atob('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7'), (c) =>
  c.charCodeAt(0),
);

export const emailRoutes = new Hono<AppEnv>();

/**
 * GET /o/:token(.gif): the open pixel. Always a GIF, whatever the token and the limits (an e-mail
 * client must never show a broken image); an open is recorded only for a valid token within them.
 */
emailRoutes.get('/o/:token', async (c) => {
  const raw = c.req.param('token').replace(/\.gif$/, '');
  c.executionCtx.waitUntil(
    record(c.env, raw, 'email_open').catch((err) => console.error('open not recorded', err)),
  );
  return c.body(PIXEL, 200, {
    'Content-Type': 'image/gif',
    'Cache-Control': 'no-store, max-age=0',
    'Referrer-Policy': 'no-referrer',
  });
});

/**
 * GET /c/:token?u=<destination>: the click redirect. The destination must be allow-listed, whatever
 * the token; a tampered or expired token still redirects there, without recording anything and
 * without passing the token on. A valid token over its limits redirects with the token, unrecorded.
 */
emailRoutes.get('/c/:token', async (c) => {
  const dest = await isAllowedRedirect(c.env, c.req.query('u') ?? '');
  if (!dest) fail(400, 'u: the destination is missing or not on the redirect allow-list');
  const raw = c.req.param('token');
  const outcome = await record(c.env, raw, 'email_click', dest.href);
  if (outcome !== 'invalid') dest.searchParams.set(TOKEN_PARAM, raw);
  return c.redirect(dest.href, 302);
});

/**
 * Records an e-mail event for the token's lead: `invalid` when the token is not valid, `limited`
 * when the token or its lead is over its limit (nothing recorded), else `recorded`.
 */
async function record(
  env: Env,
  raw: string,
  type: EmailEvent['type'],
  href?: string,
): Promise<'recorded' | 'limited' | 'invalid'> {
  const key = signingKey(env);
  if (!key) return 'invalid';
  const verified = await verifyLinkToken(raw, key, Date.now());
  if (!verified.ok) return 'invalid';
  const stub = leadStubById(env, verified.token.leadId);
  if (!stub) return 'invalid';
  if (!(await withinLimits(env, raw, verified.token.leadId))) return 'limited';
  const event: EmailEvent = {
    id: uid(),
    at: Date.now(),
    type,
    ...(verified.token.campaign ? { campaign: verified.token.campaign } : {}),
    ...(href
      ? {
          href: stripPersonalData(
            href,
            strippedKeys((await siteConfig(env, verified.token.site))?.stripParams),
          ),
        }
      : {}),
  };
  await stub.absorb({ site: verified.token.site, events: [event] });
  return 'recorded';
}

/**
 * Opens and clicks per token (10 a minute, `EMAIL_TOKEN_LIMITER`) and per lead (30 a minute, all its
 * tokens, `EMAIL_LEAD_LIMITER`), asked at once, so a mail client or a scanner fetching one link in
 * a loop neither grows the lead's history nor uses up the lead's other e-mails. Only valid tokens
 * get here: a forged one costs no counter. The token's key is its signature (unique per token,
 * shorter than the token). `LB_RATE_LIMITS=off` (load benchmarks) skips them, as for beacons.
 */
async function withinLimits(env: Env, raw: string, leadId: string): Promise<boolean> {
  if (!rateLimitsOn(env)) return true;
  const [byToken, byLead] = await Promise.all([
    env.EMAIL_TOKEN_LIMITER.limit({ key: `t:${raw.slice(raw.indexOf('.') + 1)}` }),
    env.EMAIL_LEAD_LIMITER.limit({ key: `l:${leadId}` }),
  ]);
  return byToken.success && byLead.success;
}
