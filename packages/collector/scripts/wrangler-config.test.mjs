import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { unstable_readConfig } from 'wrangler';

const config = unstable_readConfig({ config: fileURLToPath(new URL('../wrangler.jsonc', import.meta.url)) });

describe('wrangler.jsonc', () => {
  it('keeps request URLs, which carry lead ids and e-mail link tokens, out of Workers Logs and traces', () => {
    const o = config.observability;
    expect(o?.enabled).toBe(true);
    // What the Worker logs itself stays; the per-request log of URL and headers does not.
    expect(o?.logs?.invocation_logs).toBe(false);
    expect(o?.traces?.enabled).not.toBe(true);
    expect(o?.redact_query_string).toBe(true);
  });

  it('declares the beacon and e-mail rate limits with distinct namespace ids', () => {
    const limits = config.ratelimits ?? [];
    expect(limits.map((l) => l.name).sort()).toEqual([
      'EMAIL_LEAD_LIMITER',
      'EMAIL_TOKEN_LIMITER',
      'IP_LIMITER',
      'VISITOR_LIMITER',
    ]);
    expect(new Set(limits.map((l) => l.namespace_id)).size).toBe(4);
  });

  it('has a consumer for every queue, and the deploy steps create every one', () => {
    const queues = config.queues ?? {};
    const names = new Set([
      ...(queues.producers ?? []).map((p) => p.queue),
      ...(queues.consumers ?? []).flatMap((c) => [c.queue, c.dead_letter_queue].filter(Boolean)),
    ]);
    const consumed = new Set((queues.consumers ?? []).map((c) => c.queue));
    for (const name of names) expect(consumed.has(name), `${name} has no consumer`).toBe(true);
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const create =
      /for q in ([^;]+); do pnpm exec wrangler queues create/.exec(readme)?.[1]?.split(/\s+/) ?? [];
    expect(new Set(create)).toEqual(names);
  });

  it('names the ingest queues as the Worker matches them, with a dead-letter queue', async () => {
    const { INGEST_QUEUE, INGEST_DEAD_LETTER_QUEUE } = await import('../src/ingest/queue.ts');
    const ingest = config.queues?.consumers?.find((c) => c.queue === INGEST_QUEUE);
    expect(ingest?.dead_letter_queue).toBe(INGEST_DEAD_LETTER_QUEUE);
    expect(ingest?.max_batch_size).toBe(100);
    expect(config.queues?.producers?.find((p) => p.binding === 'INGEST')?.queue).toBe(INGEST_QUEUE);
  });
});
