import { app } from './app';
import { consumeJobs } from './jobs/jobs';
import { JOBS_QUEUE } from './jobs/queue';
import { consumeDeadLetters, consumeDeliveries, WEBHOOK_DEAD_LETTER_QUEUE, WEBHOOK_QUEUE } from './webhooks';

export { LeadObject } from './durable/lead-object';

export default {
  fetch: app.fetch,
  async queue(batch, env) {
    switch (batch.queue) {
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
