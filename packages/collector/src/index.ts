import { app } from './app';
import { countObjectStorage, measuredEnv } from './dev/store-stats';
import { AccountObject as AccountObjectBase } from './durable/account-object';
import { LeadObject as LeadObjectBase } from './durable/lead-object';
import { consumeIngest } from './ingest/consumer';
import { consumeIngestDeadLetters } from './ingest/dead-letters';
import { ingestProgress } from './ingest/progress';
import { INGEST_DEAD_LETTER_QUEUE, INGEST_QUEUE } from './ingest/queue';
import { consumeJobs } from './jobs/jobs';
import { JOBS_QUEUE } from './jobs/queue';
import { consumeDeadLetters, consumeDeliveries, WEBHOOK_DEAD_LETTER_QUEUE, WEBHOOK_QUEUE } from './webhooks';

/**
 * The visitor/lead Durable Object. With `LB_DEV_STATS=on` (development only) its storage and
 * bindings are counted (src/dev/store-stats.ts); otherwise it gets them as they are.
 */
export class LeadObject extends LeadObjectBase {
  constructor(ctx: DurableObjectState, env: Env) {
    super(countObjectStorage(ctx, env), measuredEnv(env));
  }
}

/** An account's Durable Object (`a:<site>:<domain>`), counted like the lead object under `LB_DEV_STATS`. */
export class AccountObject extends AccountObjectBase {
  constructor(ctx: DurableObjectState, env: Env) {
    super(countObjectStorage(ctx, env), measuredEnv(env));
  }
}

export default {
  fetch: (request, env, ctx) => app.fetch(request, measuredEnv(env), ctx),
  async queue(batch, rawEnv) {
    const env = measuredEnv(rawEnv);
    switch (batch.queue) {
      case INGEST_QUEUE: {
        const report = await consumeIngest(batch, env);
        ingestProgress.settled(report.delivered + report.kept);
        ingestProgress.retried(report.retried);
        ingestProgress.deadLettered(report.kept);
        return;
      }
      case INGEST_DEAD_LETTER_QUEUE: {
        const kept = await consumeIngestDeadLetters(batch, env);
        ingestProgress.settled(kept);
        ingestProgress.deadLettered(kept);
        return;
      }
      case WEBHOOK_QUEUE:
        return consumeDeliveries(batch, env);
      case WEBHOOK_DEAD_LETTER_QUEUE:
        return consumeDeadLetters(batch, env);
      case JOBS_QUEUE:
        return consumeJobs(batch, env);
      default:
        // Every message is retried and eventually dropped: a binding in wrangler.jsonc lacks a consumer here.
        throw new Error(`no consumer for queue "${batch.queue}"`);
    }
  },
} satisfies ExportedHandler<Env>;
