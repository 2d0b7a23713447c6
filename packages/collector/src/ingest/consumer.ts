import type { IngestRequest } from '../durable/lead-object';
import { visitorStub } from '../storage/lead-stub';
import { addAnonymousPageviews, type PageviewCount } from '../storage/leads-index';
import { retryDelaySeconds } from '../webhooks/backoff';
import { keepDeadLetters } from './dead-letters';
import { ingestProgress } from './progress';
import { isIngestMessage, type PageviewsMessage, type VisitorMessage } from './queue';

/**
 * Base of the retry backoff for a failed delivery: about 2, 4, 8 … seconds (jittered, capped at an
 * hour), so an object that was reset is tried again at once and a store that is down for a while is
 * not hammered. With `max_retries` 12 in wrangler.jsonc a message is retried for about an hour and a
 * half before it is kept as a dead letter.
 */
export const INGEST_RETRY_BASE_SECONDS = 2;

/** What one consumer batch did (for the benchmarks and tests; the queue only sees acks and retries). */
export type IngestBatchReport = {
  /** Visitor objects called: one RPC each, however many of the visitor's messages the batch held. */
  visitors: number;
  /** Messages delivered (acked). */
  delivered: number;
  /** Messages of visitors whose call failed, retried after a backoff. */
  retried: number;
  /** D1 statements that counted the batch's anonymous page views (one per batch, 0 without any). */
  pageviewStatements: number;
  /** Bodies this code cannot read, kept as dead letters at once (retrying would not help). */
  kept: number;
};

type VisitorGroup = { site: string; visitor: string; messages: Message<unknown>[]; bodies: VisitorMessage[] };

/**
 * Consumer of the ingest queue: the beacons the Worker accepted (and acknowledged with a 204), on
 * their way to the visitors' objects.
 *
 * - A visitor's messages in the batch go to its object in **one** call, in the order they were sent
 *   (Queues may deliver out of order and twice: the object deduplicates by event id and the engine
 *   scores the same events the same whatever their order). The calls to different visitors run side
 *   by side.
 * - A failed call retries only that visitor's messages, after a backoff; the others are acked.
 *   After `max_retries` the queue moves them to the dead-letter queue, whose consumer keeps them
 *   in D1 for a replay: an acknowledged beacon is never dropped.
 * - Anonymous page views (beacons without a visitor id) of the whole batch are summed per site,
 *   day and path and written in one D1 statement.
 */
export async function consumeIngest(batch: MessageBatch<unknown>, env: Env): Promise<IngestBatchReport> {
  const groups = new Map<string, VisitorGroup>();
  const pageviews: { message: Message<unknown>; body: PageviewsMessage }[] = [];
  const unreadable: Message<unknown>[] = [];
  const byTime = [...batch.messages].sort((a, b) => a.timestamp.getTime() - b.timestamp.getTime());
  for (const message of byTime) {
    const body = message.body;
    if (!isIngestMessage(body)) unreadable.push(message);
    else if (body.kind === 'pageviews') pageviews.push({ message, body });
    else {
      const key = `${body.site}\n${body.visitor}`;
      const group = groups.get(key) ?? { site: body.site, visitor: body.visitor, messages: [], bodies: [] };
      group.messages.push(message);
      group.bodies.push(body);
      groups.set(key, group);
    }
  }

  const report: IngestBatchReport = {
    visitors: groups.size,
    delivered: 0,
    retried: 0,
    pageviewStatements: 0,
    kept: 0,
  };
  const settle = (messages: readonly Message<unknown>[], ok: boolean) => {
    for (const m of messages) {
      if (ok) m.ack();
      else m.retry({ delaySeconds: retryDelaySeconds(m.attempts, INGEST_RETRY_BASE_SECONDS, Math.random()) });
    }
    if (ok) report.delivered += messages.length;
    else report.retried += messages.length;
  };

  await Promise.all([
    ...[...groups.values()].map(async (group) => {
      try {
        const { dropped } = await visitorStub(env, group.site, group.visitor).ingest(
          ingestRequest(group.bodies),
        );
        ingestProgress.dropped(dropped);
        settle(group.messages, true);
      } catch (err) {
        console.error(`ingest: a visitor object of site ${group.site} failed; its messages are retried`, err);
        settle(group.messages, false);
      }
    }),
    (async () => {
      if (pageviews.length === 0) return;
      try {
        report.pageviewStatements = (await addAnonymousPageviews(env.DB, sumViews(pageviews))).statements;
        settle(
          pageviews.map((p) => p.message),
          true,
        );
      } catch (err) {
        console.error('ingest: counting anonymous page views failed; they are retried', err);
        settle(
          pageviews.map((p) => p.message),
          false,
        );
      }
    })(),
    (async () => {
      if (unreadable.length === 0) return;
      console.error(`ingest: ${unreadable.length} message(s) of an unknown format, kept as dead letters`);
      try {
        await keepDeadLetters(env, unreadable);
        for (const m of unreadable) m.ack();
        report.kept = unreadable.length;
      } catch (err) {
        console.error('ingest: keeping unreadable messages failed; they are retried', err);
        settle(unreadable, false);
      }
    })(),
  ]);
  return report;
}

/**
 * One call's worth of a visitor's messages: every event, and the link token's lead of the latest
 * message that carried one (the browser followed that e-mail link last).
 */
export function ingestRequest(bodies: readonly VisitorMessage[]): IngestRequest {
  const first = bodies[0];
  if (!first) throw new Error('no messages for the visitor');
  const linkLeadId = bodies.findLast((b) => b.linkLeadId !== undefined)?.linkLeadId;
  return {
    site: first.site,
    events: bodies.flatMap((b) => b.events),
    ...(linkLeadId ? { linkLeadId } : {}),
  };
}

/** The batch's anonymous page views summed per (site, day, path). */
function sumViews(messages: readonly { body: PageviewsMessage }[]): PageviewCount[] {
  const counts = new Map<string, PageviewCount>();
  for (const { body } of messages) {
    for (const view of body.views) {
      const key = `${body.site}\n${view.day}\n${view.path}`;
      const entry = counts.get(key);
      if (entry) entry.count++;
      else counts.set(key, { site: body.site, day: view.day, path: view.path, count: 1 });
    }
  }
  return [...counts.values()];
}
