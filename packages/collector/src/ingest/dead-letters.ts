import type { LeadEvent } from '../scoring/events';
import { leadIdForEmail } from '../storage/lead-stub';
import { getActiveModel } from '../storage/models';
import { retryDelaySeconds } from '../webhooks/backoff';
import { ingestProgress } from './progress';
import { type IngestMessage, isIngestMessage } from './queue';

/**
 * The ingest queue's dead letters: beacons the browser was told were accepted (204) but that could
 * not be delivered to their object after every retry. They are kept in D1 (`ingest_dead_letters`),
 * never dropped, and an operator sends them through the queue again once the cause is fixed
 * (`POST /api/ingest/dead-letters/replay`). Each row names the visitor object and the lead the
 * message concerns, so erasing a lead erases its dead letters too (storage/erase.ts).
 */

/** Base of the backoff when D1 cannot take the dead letters either (they stay in their queue meanwhile). */
const KEEP_RETRY_BASE_SECONDS = 30;

/** Consumer of the ingest dead-letter queue: keeps every message in D1, then acks it. Answers how many it kept. */
export async function consumeIngestDeadLetters(batch: MessageBatch<unknown>, env: Env): Promise<number> {
  try {
    await keepDeadLetters(env, batch.messages);
  } catch (err) {
    console.error('ingest: keeping dead letters failed; they are retried', err);
    for (const m of batch.messages)
      m.retry({ delaySeconds: retryDelaySeconds(m.attempts, KEEP_RETRY_BASE_SECONDS, Math.random()) });
    return 0;
  }
  console.error(
    `ingest: ${batch.messages.length} beacon message(s) kept as dead letters after their retries ran out; replay them with POST /api/ingest/dead-letters/replay`,
  );
  for (const m of batch.messages) m.ack();
  return batch.messages.length;
}

type DeadLetterRow = {
  id: string;
  site: string;
  kind: string;
  visitorId: string | null;
  leadId: string | null;
  body: string;
  attempts: number;
};

/** Stores messages as dead letters (once per message id). Throws when D1 does. */
export async function keepDeadLetters(env: Env, messages: readonly Message<unknown>[]): Promise<void> {
  if (messages.length === 0) return;
  const plusAddressing = messages.some((m) => isIngestMessage(m.body) && m.body.kind === 'visitor')
    ? (await getActiveModel(env.DB)).model.plusAddressing
    : undefined;
  const now = Date.now();
  const rows = messages.map((m) => deadLetterRow(env, m, plusAddressing));
  await env.DB.batch(
    rows.map((r) =>
      env.DB.prepare(
        `INSERT OR IGNORE INTO ingest_dead_letters (id, site, kind, visitor_id, lead_id, body, attempts, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)`,
      ).bind(r.id, r.site, r.kind, r.visitorId, r.leadId, r.body, r.attempts, now),
    ),
  );
}

function deadLetterRow(
  env: Pick<Env, 'LEADS'>,
  message: Message<unknown>,
  plusAddressing: 'keep' | 'strip' | undefined,
): DeadLetterRow {
  const body = message.body;
  const base = { id: message.id, body: JSON.stringify(body) ?? 'null', attempts: message.attempts };
  if (!isIngestMessage(body)) {
    const site = (body as { site?: unknown } | null)?.site;
    return {
      ...base,
      site: typeof site === 'string' ? site : '',
      kind: 'unknown',
      visitorId: null,
      leadId: null,
    };
  }
  if (body.kind === 'pageviews')
    return { ...base, site: body.site, kind: body.kind, visitorId: null, leadId: null };
  const identity = latestIdentity(body.events);
  return {
    ...base,
    site: body.site,
    kind: body.kind,
    visitorId: env.LEADS.idFromName(`v:${body.site}:${body.visitor}`).toString(),
    leadId: body.linkLeadId ?? (identity ? leadIdForEmail(env, body.site, identity, plusAddressing) : null),
  };
}

/** The address of the batch's latest identify or identifying form: the lead the visitor would become. */
function latestIdentity(events: readonly LeadEvent[]): string | undefined {
  let latest: { at: number; email: string } | undefined;
  for (const e of events) {
    const email = e.type === 'identify' || e.type === 'form' ? e.email : undefined;
    if (email !== undefined && (!latest || e.at >= latest.at)) latest = { at: e.at, email };
  }
  return latest?.email;
}

/** How many dead letters are kept, and since when. */
export async function deadLetterSummary(
  db: D1Database,
): Promise<{ count: number; replayable: number; oldest: number | null }> {
  const row = await db
    .prepare(
      `SELECT COUNT(*) AS count, SUM(kind != 'unknown') AS replayable, MIN(created_at) AS oldest
       FROM ingest_dead_letters`,
    )
    .first<{ count: number; replayable: number | null; oldest: number | null }>();
  return { count: row?.count ?? 0, replayable: row?.replayable ?? 0, oldest: row?.oldest ?? null };
}

/** At most this many dead letters are replayed per call (each call is one request's work). */
export const REPLAY_LIMIT = 500;

/** Queues accept at most 100 messages and 256 KB per sendBatch. */
const SEND_BATCH_MESSAGES = 100;
const SEND_BATCH_BYTES = 200_000;

/**
 * Sends the oldest kept dead letters through the ingest queue again, then deletes them. A row is
 * deleted only after its message was accepted by the queue, so a failure replays it again later
 * (duplicates are harmless: objects deduplicate by event id). Bodies this code cannot read stay.
 */
export async function replayDeadLetters(
  env: Env,
  limit = REPLAY_LIMIT,
): Promise<{ replayed: number; remaining: number }> {
  const { results } = await env.DB.prepare(
    `SELECT id, body FROM ingest_dead_letters WHERE kind != 'unknown' ORDER BY created_at, id LIMIT ?1`,
  )
    .bind(limit)
    .all<{ id: string; body: string }>();
  let replayed = 0;
  let chunk: { id: string; body: IngestMessage; bytes: number }[] = [];
  const flush = async () => {
    if (chunk.length === 0) return;
    await env.INGEST.sendBatch(chunk.map((c) => ({ body: c.body })));
    ingestProgress.sent(chunk.length);
    await env.DB.batch(
      chunk.map((c) => env.DB.prepare('DELETE FROM ingest_dead_letters WHERE id = ?1').bind(c.id)),
    );
    replayed += chunk.length;
    chunk = [];
  };
  for (const row of results) {
    const bytes = new TextEncoder().encode(row.body).length;
    const size = chunk.reduce((sum, c) => sum + c.bytes, 0);
    if (chunk.length === SEND_BATCH_MESSAGES || size + bytes > SEND_BATCH_BYTES) await flush();
    chunk.push({ id: row.id, body: JSON.parse(row.body) as IngestMessage, bytes });
  }
  await flush();
  const { replayable } = await deadLetterSummary(env.DB);
  return { replayed, remaining: replayable };
}
