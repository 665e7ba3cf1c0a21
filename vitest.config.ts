import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Tests open DuckDB files and spawn CLI processes; two cores here, so keep the pool small.
    maxWorkers: 2,
  },
});
