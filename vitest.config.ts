import { defineConfig } from 'vitest/config';

// One run, one summary: every package's tests are a project of this root config.
export default defineConfig({
  test: {
    projects: ['packages/*', 'e2e'],
  },
});
