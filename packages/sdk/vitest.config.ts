import { defineConfig } from 'vitest/config';

// Unit tests of every tracker in happy-dom, next to the code, plus tests of the built script tag
// bundle (test/built.test.ts). The global setup builds dist/ when it is missing or older than src/.
export default defineConfig({
  define: { __ESM__: 'true' },
  test: {
    name: 'sdk',
    root: import.meta.dirname,
    environment: 'happy-dom',
    include: ['src/**/*.test.ts', 'test/built.test.ts', 'test/package.test.ts'],
    globalSetup: ['test/build-once.ts'],
    // Longer than the harness's 15 s waits (WAIT_MS), so a missing event fails with its message, not
    // a timeout, also on a busy machine.
    testTimeout: 30_000,
  },
});
