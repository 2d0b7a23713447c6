import { Hono } from 'hono';
import type { AppEnv } from '../../app-env';
import { requireScope } from '../../auth/middleware';
import { deadLetterSummary, replayDeadLetters } from '../../ingest/dead-letters';

/** The ingest queue's dead letters: beacons that could not be delivered after every retry (kept in D1). */
export const ingestRoutes = new Hono<AppEnv>();

/** GET /api/ingest/dead-letters: how many are kept, how many can be replayed, and since when. */
ingestRoutes.get('/ingest/dead-letters', requireScope('read'), async (c) => {
  return c.json(await deadLetterSummary(c.env.DB));
});

/**
 * POST /api/ingest/dead-letters/replay: sends up to 500 of the oldest kept dead letters through the
 * ingest queue again (call it until `remaining` is 0), once the cause of the failures is fixed.
 * Replaying twice is harmless: objects deduplicate events by id.
 */
ingestRoutes.post('/ingest/dead-letters/replay', requireScope('admin'), async (c) => {
  return c.json(await replayDeadLetters(c.env));
});
