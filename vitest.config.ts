import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Builds dist/ first: the CLI the tests spawn runs the shipped JavaScript (test/global-setup.ts).
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Tests open DuckDB files and spawn CLI processes; two cores here, so keep the pool small.
    maxWorkers: 2,
  },
});
