import { app } from './app';
import { consumeIngest } from './ingest/consumer';
import { consumeIngestDeadLetters } from './ingest/dead-letters';
import { ingestProgress } from './ingest/progress';
import { INGEST_DEAD_LETTER_QUEUE, INGEST_QUEUE } from './ingest/queue';
import { consumeJobs } from './jobs/jobs';
import { JOBS_QUEUE } from './jobs/queue';
import { consumeDeadLetters, consumeDeliveries, WEBHOOK_DEAD_LETTER_QUEUE, WEBHOOK_QUEUE } from './webhooks';

export { LeadObject } from './durable/lead-object';

export default {
  fetch: app.fetch,
  async queue(batch, env) {
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
