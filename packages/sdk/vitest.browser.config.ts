import { defineConfig } from 'vitest/config';

// Real Chromium (playwright-core with the system browser) for what happy-dom cannot do: layout and
// scrolling, visibility and focus, sendBeacon on pagehide, the back button, offline mode.
export default defineConfig({
  test: {
    name: 'sdk-browser',
    root: import.meta.dirname,
    environment: 'node',
    include: ['test/browser/**/*.test.ts'],
    globalSetup: ['test/build-once.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // One browser at a time: the machine has two cores.
    fileParallelism: false,
  },
});
