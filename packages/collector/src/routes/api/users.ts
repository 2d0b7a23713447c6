import { Hono } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../../app-env';
import { requireScope } from '../../auth/middleware';
import { fail } from '../../lib/http';
import { parseJson } from '../../schema/api';
import { actorOf, listActions } from '../../storage/action-log';
import { allUsers, inviteUser } from '../../users/service';

export const userRoutes = new Hono<AppEnv>();

/** GET /api/users: every dashboard user (no password hashes, no links). */
userRoutes.get('/users', requireScope('admin'), async (c) => {
  return c.json({ users: await allUsers(c.env) });
});

/**
 * POST /api/users: invites a user, `{ "email", "name", "role", "sites"? }`. The answer holds the
 * one-time sign-in link (valid for a week), the only time it is shown: how the first admin is
 * bootstrapped with an admin token.
 */
userRoutes.post('/users', requireScope('admin'), async (c) => {
  const body = await parseJson(c.req.raw, v.unknown());
  const base = c.env.LB_PUBLIC_URL ?? new URL(c.req.url).origin;
  const done = await inviteUser(c.env, body, actorOf(c.get('principal')), base);
  if (!done.ok) fail(done.status, done.errors.join('; '));
  return c.json(done.value, 201, { 'Cache-Control': 'no-store' });
});

/**
 * GET /api/actions: the action log, newest first. `?limit=` (1-500, default 100), `?before=<id>`
 * (the next page), `?action=<prefix>` (`lead.`, `model.`, `webhook.`, `site.`, `user.`), `?lead=<id>`.
 */
userRoutes.get('/actions', requireScope('admin'), async (c) => {
  const q = c.req.query();
  const int = (raw: string | undefined, name: string, max: number) => {
    if (raw === undefined) return undefined;
    if (!/^\d{1,15}$/.test(raw) || Number(raw) < 1 || Number(raw) > max)
      fail(400, `${name}: expected a number from 1 to ${max}`);
    return Number(raw);
  };
  const limit = int(q.limit, 'limit', 500);
  const before = int(q.before, 'before', Number.MAX_SAFE_INTEGER);
  if (q.action !== undefined && !/^(lead|model|webhook|site|account|user)\.$/.test(q.action)) {
    fail(400, 'action: expected one of lead., model., webhook., site., account., user.');
  }
  if (q.lead !== undefined && !/^[0-9a-f]{64}$/.test(q.lead)) fail(400, 'lead: expected a lead id');
  const entries = await listActions(c.env.DB, {
    limit: limit ?? 100,
    ...(before !== undefined ? { before } : {}),
    ...(q.action ? { prefix: q.action } : {}),
    ...(q.lead ? { leadId: q.lead } : {}),
  });
  return c.json({
    actions: entries,
    next: entries.length === (limit ?? 100) ? (entries.at(-1)?.id ?? null) : null,
  });
});
