import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The browser and rebuild tests start Chromium and redocly; generous, since CI has 2 cores.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // One heavy test file at a time: Chromium and redocly each want a core.
    fileParallelism: false,
  },
});
