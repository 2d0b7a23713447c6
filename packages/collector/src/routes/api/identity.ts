import { Hono } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../../app-env';
import { requireScope } from '../../auth/middleware';
import { signLinkToken } from '../../email/link-token';
import { signingKey } from '../../email/signing-key';
import { normalizeEmail } from '../../ingest/normalize';
import { fail } from '../../lib/http';
import { uid } from '../../lib/uid';
import { email, parseJson, props, site, visitorId } from '../../schema/api';
import type { IdentifyEvent } from '../../scoring/events';
import { leadIdForEmail, leadStubById, visitorStub } from '../../storage/lead-stub';
import { getActiveModel } from '../../storage/models';
import { siteConfig } from '../../storage/sites';

export const identityRoutes = new Hono<AppEnv>();

const IdentifyBody = v.strictObject({
  site,
  email,
  traits: v.optional(props),
  /** Merge this browser's anonymous history into the lead. */
  visitorId: v.optional(visitorId),
});

/** POST /api/identify: a known person from a server-side source (CRM, webinar tool, sign-up). */
identityRoutes.post('/identify', requireScope('write'), async (c) => {
  const body = await parseJson(c.req.raw, IdentifyBody);
  if (!(await siteConfig(c.env, body.site))) fail(400, `site: unknown site "${body.site}"`);
  const address = normalizeEmail(body.email);
  const event: IdentifyEvent = {
    id: uid(),
    at: Date.now(),
    type: 'identify',
    email: address,
    ...(body.traits ? { traits: body.traits } : {}),
    // The most trusted source: an authenticated server (CRM, the site's back end, sales).
    source: 'api',
  };
  const result = body.visitorId
    ? await visitorStub(c.env, body.site, body.visitorId).ingest({ site: body.site, events: [event] })
    : await leadStub(c.env, body.site, address, (await getActiveModel(c.env.DB)).model.plusAddressing).absorb(
        {
          site: body.site,
          events: [event],
        },
      );
  return c.json({ leadId: result.leadId }, 200);
});

const TokenBody = v.strictObject({
  site,
  email,
  campaign: v.optional(
    v.pipe(v.string(), v.regex(/^[A-Za-z0-9._-]{1,64}$/, 'expected 1-64 of A-Z a-z 0-9 . _ -')),
  ),
  ttlDays: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(365, 'at most 365 days'))),
});

/**
 * POST /api/email-tokens: a signed, expiring token for one recipient's newsletter links. The
 * recipient becomes a known lead now (stage "known"), so opens and clicks have a lead to land on.
 */
identityRoutes.post('/email-tokens', requireScope('write'), async (c) => {
  const body = await parseJson(c.req.raw, TokenBody);
  if (!(await siteConfig(c.env, body.site))) fail(400, `site: unknown site "${body.site}"`);
  const key = signingKey(c.env);
  if (!key) fail(503, 'e-mail tokens need the LB_SIGNING_KEY secret (at least 32 characters)');
  const address = normalizeEmail(body.email);
  const { model } = await getActiveModel(c.env.DB);
  const leadId = leadIdForEmail(c.env, body.site, address, model.plusAddressing);
  // A stable id: minting twice for the same person does not add a second identify event.
  const identify: IdentifyEvent = {
    id: await stableId(`${body.site}|${address}`),
    at: Date.now(),
    type: 'identify',
    email: address,
    // The recipient of a signed e-mail link: the address the links were minted for.
    source: 'link',
  };
  await leadStubById(c.env, leadId)?.absorb({ site: body.site, events: [identify] });
  const expiresAt = Math.floor(Date.now() / 1000) + (body.ttlDays ?? 90) * 86400;
  const token = await signLinkToken(
    { site: body.site, leadId, ...(body.campaign ? { campaign: body.campaign } : {}), expiresAt },
    key,
  );
  const origin = new URL(c.req.url).origin;
  return c.json({
    token,
    leadId,
    expiresAt,
    openPixel: `${origin}/o/${token}.gif`,
    clickUrl: `${origin}/c/${token}?u=`,
  });
});

function leadStub(env: Env, site: string, address: string, plusAddressing?: 'keep' | 'strip') {
  const stub = leadStubById(env, leadIdForEmail(env, site, address, plusAddressing));
  if (!stub) throw new Error('lead id derivation failed');
  return stub;
}

async function stableId(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return `id_${[...digest.slice(0, 16)].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}
