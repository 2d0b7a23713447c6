import { fileURLToPath } from 'node:url';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';
import { unstable_readConfig } from 'wrangler';

// Integration tests run inside workerd with real Durable Objects, D1 (migrations applied in
// test/setup.ts) and Queues, configured from wrangler.jsonc.
export default defineConfig(async () => {
  const migrations = await readD1Migrations(new URL('./migrations', import.meta.url).pathname);
  const wrangler = unstable_readConfig({
    config: fileURLToPath(new URL('./wrangler.jsonc', import.meta.url)),
  });
  // The queue consumers exactly as wrangler.jsonc declares them (retries, dead-letter queue), only
  // without the wait for a batch to fill, so each retry of a webhook runs at once.
  const queueConsumers = Object.fromEntries(
    wrangler.queues.consumers?.map((c) => [
      c.queue,
      {
        maxBatchSize: c.max_batch_size,
        maxBatchTimeout: 0,
        maxRetries: c.max_retries,
        deadLetterQueue: c.dead_letter_queue,
      },
    ]) ?? [],
  );
  // The configured sites plus two for identity tests: `acme-verified` requires verified identify,
  // `beta` has no identity secret.
  const sites = JSON.parse(String(wrangler.vars.LB_SITES)) as Record<string, { origins: string[] }>;
  // https://acme.test is the site many tests name in page URLs (a page URL must be on one of its
  // site's origins).
  const origins = [...(sites.acme?.origins ?? []), 'https://acme.test'];
  const testSites = {
    ...sites,
    acme: { origins },
    'acme-verified': { origins, requireVerifiedIdentity: true },
    beta: { origins },
  };
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: './wrangler.jsonc' },
        miniflare: {
          bindings: {
            LB_ENV: 'test',
            TEST_MIGRATIONS: migrations,
            // Webhook retries without waiting, so a failing receiver reaches the dead-letter queue fast.
            LB_WEBHOOK_RETRY_BASE_SECONDS: '0',
            // Index writes at once, so tests can read D1 right after a beacon (the debounce itself is
            // unit-tested in src/durable/index-policy.test.ts).
            LB_INDEX_INTERVAL_SECONDS: '0',
            LB_SITES: JSON.stringify(testSites),
            // test/helpers.ts signs with these (IDENTITY_SECRETS).
            LB_IDENTITY_SECRETS: JSON.stringify({
              acme: 'acme-identity-secret-for-tests-only-0001',
              'acme-verified': 'acme-verified-identity-secret-for-tests-0002',
            }),
            // Anonymous visitors' notifications wait 2 s (10 s by default) for an identify to follow.
            LB_ANONYMOUS_NOTIFY_DELAY_SECONDS: '2',
            // Webhooks link to the lead's dashboard page under this base (test/config.test.ts).
            LB_PUBLIC_URL: 'https://leads.example.test/',
          },
          queueConsumers,
        },
      }),
    ],
    test: {
      name: 'collector',
      include: ['test/**/*.test.ts'],
      setupFiles: ['./test/setup.ts'],
      // The embedded SDK, rebuilt when its sources changed (as wrangler's build does), and a local
      // HTTP server (Node) that webhook deliveries from workerd really reach.
      globalSetup: ['./test/embed-sdk.global.mjs', './test/webhook-receiver.mjs'],
    },
  };
});
