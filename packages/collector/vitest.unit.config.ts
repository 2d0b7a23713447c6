import { defineConfig } from 'vitest/config';

// Pure modules (the scoring engine) are tested in Node: no bindings, fast property tests.
export default defineConfig({
  test: {
    name: 'collector-unit',
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'scripts/**/*.test.mjs'],
    environment: 'node',
  },
});
