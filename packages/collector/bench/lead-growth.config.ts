import { fileURLToPath } from 'node:url';
import { defineConfig, type ViteUserConfig } from 'vitest/config';
import base from '../vitest.config.ts';

// The lead growth benchmark runs in workerd like the integration tests (real Durable Objects, D1,
// Queues; the same bindings), but only when asked: `pnpm run bench:lead`.
export default defineConfig(async (env) => {
  const config = (await (base as unknown as (e: typeof env) => Promise<ViteUserConfig>)(
    env,
  )) as ViteUserConfig;
  return {
    ...config,
    root: fileURLToPath(new URL('..', import.meta.url)),
    test: {
      ...config.test,
      name: 'lead-growth',
      include: ['bench/lead-growth.workerd.ts'],
      globalSetup: ['./test/embed-sdk.global.mjs'],
      testTimeout: 600_000,
    },
  };
});
