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

  it('declares both beacon rate limits with distinct namespace ids', () => {
    const limits = config.ratelimits ?? [];
    expect(limits.map((l) => l.name).sort()).toEqual(['IP_LIMITER', 'VISITOR_LIMITER']);
    expect(new Set(limits.map((l) => l.namespace_id)).size).toBe(2);
  });
});
