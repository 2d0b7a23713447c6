// The webhooks' public surface for the rest of the collector.
export { consumeDeadLetters, consumeDeliveries } from './consumer';
export { eraseLeadDeliveries } from './deliveries';
export type { LeadNotification, NotificationKind } from './notification';
export { notify } from './notify';
export { WEBHOOK_DEAD_LETTER_QUEUE, WEBHOOK_QUEUE } from './queues';
export { verifyWebhookSignature } from './sign';
