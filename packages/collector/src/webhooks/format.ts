import type { LeadNotification } from './notification';
import { slackMessage } from './slack';

export type WebhookFormat = 'json' | 'slack';

/** Version of the JSON envelope; bumped only for changes that could break a receiver. */
export const PAYLOAD_VERSION = 1;

/** The JSON envelope receivers get: `type` is `lead.<kind>`, `id` is the notification's (dedupe on it). */
export type JsonPayload = {
  type: `lead.${LeadNotification['kind']}`;
  version: typeof PAYLOAD_VERSION;
  id: string;
  createdAt: string;
  test?: true;
  data: Omit<LeadNotification, 'id' | 'kind' | 'at' | 'test'>;
};

export function jsonPayload(n: LeadNotification): JsonPayload {
  const { id, kind, at, test, ...data } = n;
  return {
    type: `lead.${kind}`,
    version: PAYLOAD_VERSION,
    id,
    createdAt: new Date(at).toISOString(),
    ...(test ? { test } : {}),
    data,
  };
}

/** The exact request body for a subscription's format; stored with the delivery, signed per attempt. */
export function renderPayload(n: LeadNotification, format: WebhookFormat): string {
  return JSON.stringify(format === 'slack' ? slackMessage(n) : jsonPayload(n));
}
