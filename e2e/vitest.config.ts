import { defineConfig } from 'vitest/config';

// End-to-end: the real collector (wrangler dev on workerd), the example site and headless Chromium.
export default defineConfig({
  test: {
    name: 'e2e',
    include: ['**/*.test.ts'],
    environment: 'node',
    globalSetup: ['./global-setup.ts'],
    // Every file drives the same collector and reads the same lead list: one file at a time, so
    // the leads one file creates never reorder the page another file is checking.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
