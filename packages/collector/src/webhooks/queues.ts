/**
 * The webhook queues, by the names wrangler.jsonc gives them (a queue handler only learns the
 * name). Rename them here and there together.
 */
export const WEBHOOK_QUEUE = 'leadbeacon-webhooks';
export const WEBHOOK_DEAD_LETTER_QUEUE = 'leadbeacon-webhooks-dlq';

/** The body of a webhook queue message: only the delivery's id, so the payload stays erasable in D1. */
export type DeliveryMessage = { deliveryId: string };

const DELIVERY_ID = /^[0-9a-f]{32}$/;

export function isDeliveryId(value: unknown): value is string {
  return typeof value === 'string' && DELIVERY_ID.test(value);
}

/** The delivery id a message names, or null for a body this code never sent. */
export function deliveryIdOf(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const id = (body as Partial<DeliveryMessage>).deliveryId;
  return isDeliveryId(id) ? id : null;
}
