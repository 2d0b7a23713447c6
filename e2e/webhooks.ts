import { expect, inject } from 'vitest';
// The collector tests' receiver, shared here.
import { startReceiver } from '../packages/collector/test/webhook-receiver.mjs';
import { TOKEN } from './api';

/** One request as the receiver got it. */
export type Received = { method: string; headers: Record<string, string>; body: string; at: number };

/** A local webhook receiver (Node, 127.0.0.1) the e2e collector really delivers to. */
export type Receiver = {
  url: string;
  close: () => Promise<void>;
  /** Every request on `path`, oldest first. */
  received: (path: string) => Promise<Received[]>;
};

/** Starts a receiver: `/ok/…` answers 200, `/fail/…` 500 (see the collector's test/webhook-receiver.mjs). */
export async function webhookReceiver(): Promise<Receiver> {
  const { url, close } = (await startReceiver()) as { url: string; close: () => Promise<void> };
  return {
    url,
    close,
    received: async (path) => {
      const res = await fetch(`${url}/received?path=${encodeURIComponent(path)}`);
      return (await res.json()) as Received[];
    },
  };
}

/** Creates a subscription on the e2e collector (development: loopback receivers are allowed). */
export async function subscribe(body: Record<string, unknown>): Promise<{ id: string }> {
  const res = await fetch(`${inject('collectorUrl')}/api/webhooks`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string };
}
