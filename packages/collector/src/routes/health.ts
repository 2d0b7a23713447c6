import { Hono } from 'hono';
import type { AppEnv } from '../app-env';

/** Liveness plus a cheap D1 round trip, for uptime checks and the start script. */
export const healthRoutes = new Hono<AppEnv>();

healthRoutes.get('/healthz', async (c) => {
  await c.env.DB.prepare('SELECT 1').first();
  return c.json({ ok: true });
});
