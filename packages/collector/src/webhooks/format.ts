import { type Match, scoreReasons, TOP_REASONS } from './match';
import type { LeadNotification, SignalEvent } from './notification';
import { slackMessage } from './slack';

export type WebhookFormat = 'json' | 'slack';

/** Version of the JSON envelope; bumped only for changes that could break a receiver. */
export const PAYLOAD_VERSION = 1;

/**
 * The JSON envelope receivers get: `type` is `lead.<kind>`, `id` is the notification's (dedupe on
 * it). `data.reasons` are the alert's top three reasons in words; a signal alert adds `data.signal`,
 * the event that met the subscription's conditions and those conditions in words.
 */
export type JsonPayload = {
  type: `lead.${LeadNotification['kind']}`;
  version: typeof PAYLOAD_VERSION;
  id: string;
  createdAt: string;
  test?: true;
  data: Omit<LeadNotification, 'id' | 'kind' | 'at' | 'test' | 'events'> & {
    reasons: string[];
    signal?: { event: SignalEvent; matched: string[] };
  };
};

/** What a notification means to one subscription; without a match, the reasons are the score's. */
function reasonsOf(n: LeadNotification, m: Match | undefined): Match {
  return m ?? { matched: [], reasons: scoreReasons(n).slice(0, TOP_REASONS) };
}

export function jsonPayload(n: LeadNotification, m?: Match): JsonPayload {
  const { id, kind, at, test, events: _candidates, ...data } = n;
  const why = reasonsOf(n, m);
  return {
    type: `lead.${kind}`,
    version: PAYLOAD_VERSION,
    id,
    createdAt: new Date(at).toISOString(),
    ...(test ? { test } : {}),
    data: {
      ...data,
      reasons: why.reasons,
      ...(why.event ? { signal: { event: why.event, matched: why.matched } } : {}),
    },
  };
}

/** The exact request body for a subscription's format; stored with the delivery, signed per attempt. */
export function renderPayload(n: LeadNotification, format: WebhookFormat, m?: Match): string {
  return JSON.stringify(format === 'slack' ? slackMessage(n, reasonsOf(n, m)) : jsonPayload(n, m));
}
