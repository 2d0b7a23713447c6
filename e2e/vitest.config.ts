import { defineConfig } from 'vitest/config';

// End-to-end: the real collector (wrangler dev on workerd), the example site and headless Chromium.
export default defineConfig({
  test: {
    name: 'e2e',
    include: ['**/*.test.ts'],
    environment: 'node',
    globalSetup: ['./global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
