import { env } from 'cloudflare:workers';
import { inject } from 'vitest';
import type { LeadNotification } from '../src/webhooks/notification';
import { api, uid } from './helpers';
import type { ReceivedRequest } from './webhook-receiver.mjs';

/** Base URL of the local receiver started by the globalSetup (a Node HTTP server on 127.0.0.1). */
export const receiverUrl = inject('webhookReceiverUrl');

/** What the receiver got on one path, oldest first. */
export async function received(path: string): Promise<ReceivedRequest[]> {
  const res = await fetch(`${receiverUrl}/received?path=${encodeURIComponent(path)}`);
  return (await res.json()) as ReceivedRequest[];
}

export type CreatedWebhook = { id: string; secret: string; url: string; [key: string]: unknown };

export async function createWebhook(body: Record<string, unknown>): Promise<CreatedWebhook> {
  const res = await api('/api/webhooks', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`creating a webhook: ${res.status} ${await res.text()}`);
  return (await res.json()) as CreatedWebhook;
}

export type DeliveryRow = {
  id: string;
  subscription_id: string;
  notification_id: string;
  lead_id: string;
  kind: string;
  status: string;
  attempts: number;
  last_status: number | null;
  last_error: string | null;
  delivered_at: number | null;
};

export async function deliveriesOf(subscriptionId: string): Promise<DeliveryRow[]> {
  const { results } = await env.DB.prepare(
    'SELECT * FROM webhook_deliveries WHERE subscription_id = ? ORDER BY created_at, id',
  )
    .bind(subscriptionId)
    .all<DeliveryRow>();
  return results;
}

/** Polls until `probe` returns a value (not undefined/null/false) or the time is up. */
export async function waitFor<T>(
  probe: () => Promise<T | null | undefined | false>,
  { timeoutMs = 15_000, intervalMs = 50, what = 'condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** A lead crossing warm → hot on its total score. */
export function warmToHot(site: string, overrides: Partial<LeadNotification> = {}): LeadNotification {
  return {
    id: uid('n'),
    kind: 'band_changed',
    at: Date.now(),
    site,
    leadId: uid('lead'),
    lead: {
      email: 'ada@acme.test',
      name: 'Ada Lovelace',
      company: 'Acme',
      scores: { interest: 25, intent: 20, fit: 10 },
      total: 55,
      band: 'hot',
      stage: 'mql',
      disqualified: false,
      anonymous: false,
    },
    change: { axis: 'total', from: 'warm', to: 'hot', direction: 'up', cause: 'event' },
    why: [
      { rule: 'video_watched', points: 15, reason: 'Watched the instruction video' },
      { rule: 'cost_page', points: 15, reason: 'Read the costs page' },
    ],
    url: 'https://leads.acme.test/dashboard/leads/1',
    ...overrides,
  };
}

/** A receiver path nobody else uses, so concurrent tests never see each other's requests. */
export function path(kind: 'ok' | 'fail'): string {
  return `/${kind}/${uid('p')}`;
}
