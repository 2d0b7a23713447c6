import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

// Integration tests run inside workerd with real Durable Objects, D1 (migrations applied in
// test/setup.ts) and Queues, configured from wrangler.jsonc.
export default defineConfig(async () => {
  const migrations = await readD1Migrations(new URL('./migrations', import.meta.url).pathname);
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: './wrangler.jsonc' },
        miniflare: {
          bindings: { LB_ENV: 'test', TEST_MIGRATIONS: migrations },
        },
      }),
    ],
    test: {
      name: 'collector',
      include: ['test/**/*.test.ts'],
      setupFiles: ['./test/setup.ts'],
    },
  };
});
