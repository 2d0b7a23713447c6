import { Hono } from 'hono';
import type { AppEnv } from '../../app-env';
import { listActions } from '../../storage/action-log';
import { allUsers } from '../../users/service';
import { LogPage } from '../pages/log-page';
import { render } from '../render';
import { requirePermission } from '../session';

const PAGE_SIZE = 100;

export const logPages = new Hono<AppEnv>();

/** GET /dashboard/log?action=<prefix>&before=<id>: the action log, 100 entries a page. */
logPages.get('/log', requirePermission('users.manage'), async (c) => {
  const rawPrefix = c.req.query('action') ?? '';
  const prefix = /^(lead|model|webhook|site|account|user)\.$/.test(rawPrefix) ? rawPrefix : undefined;
  const rawBefore = c.req.query('before') ?? '';
  const before = /^\d{1,15}$/.test(rawBefore) ? Number(rawBefore) : undefined;
  const found = await listActions(c.env.DB, {
    limit: PAGE_SIZE + 1,
    ...(prefix ? { prefix } : {}),
    ...(before !== undefined ? { before } : {}),
  });
  const entries = found.slice(0, PAGE_SIZE);
  const last = entries.at(-1);
  const nextHref =
    found.length > PAGE_SIZE && last
      ? `/dashboard/log?${new URLSearchParams({ ...(prefix ? { action: prefix } : {}), before: String(last.id) })}`
      : undefined;
  const users = new Map((await allUsers(c.env)).map((u) => [u.id, u.name]));
  return render(
    c,
    <LogPage
      principal={c.get('principal')}
      entries={entries}
      users={users}
      prefix={prefix}
      nextHref={nextHref}
      now={Date.now()}
    />,
  );
});
