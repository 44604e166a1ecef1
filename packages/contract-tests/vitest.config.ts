import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    // The load test forces a collection before it reads the heap, when this flag makes that possible.
    execArgv: ['--expose-gc'],
    testTimeout: 30_000,
  },
});
