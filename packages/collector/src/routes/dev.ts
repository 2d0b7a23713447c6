import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../app-env';
import { isDevelopment } from '../config';
import { storeStats } from '../dev/store-stats';
import { ingestProgress } from '../ingest/progress';
import { fail } from '../lib/http';
import { MAX_BEACON_BYTES } from './collect';

/**
 * Routes for measuring the collector on local workerd, answered only with `LB_ENV` development or
 * test (production answers 404, as for any unknown path):
 * - `POST /dev/noop`: reads and parses a beacon body and answers 204 — the floor the benchmark
 *   compares `POST /e` with, on the same workerd and through the same middleware;
 * - `GET /dev/stats`: how far the ingest queue has got (src/ingest/progress.ts) and, with
 *   `LB_DEV_STATS=on`, what the stores did (src/dev/store-stats.ts); `POST /dev/stats/reset`
 *   zeroes the store counters.
 */
export const devRoutes = new Hono<AppEnv>();

devRoutes.use('/dev/*', async (c, next) => {
  if (!isDevelopment(c.env)) return c.json({ error: 'not found' }, 404);
  return next();
});

devRoutes.post(
  '/dev/noop',
  bodyLimit({
    maxSize: MAX_BEACON_BYTES,
    onError: () => fail(413, `body larger than ${MAX_BEACON_BYTES} bytes`),
  }),
  async (c) => {
    try {
      JSON.parse(await c.req.text());
    } catch {
      fail(400, 'body is not valid JSON');
    }
    return c.body(null, 204);
  },
);

devRoutes.get('/dev/stats', async (c) => {
  const backlog = await c.env.INGEST.metrics().then(
    (m) => m.backlogCount,
    () => null,
  );
  return c.json({ ingest: { ...ingestProgress.snapshot(), backlog }, stores: storeStats.snapshot() }, 200, {
    'Cache-Control': 'no-store',
  });
});

devRoutes.post('/dev/stats/reset', (c) => {
  storeStats.reset();
  return c.body(null, 204);
});
