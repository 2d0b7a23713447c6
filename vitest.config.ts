import { defineConfig } from 'vitest/config';

// One run, one summary: every package's test configs are projects of this root config.
export default defineConfig({
  test: {
    projects: ['packages/*/vitest*.config.ts', 'e2e/vitest.config.ts'],
  },
});
