import { defineConfig } from 'vitest/config';

// Browser tests: Debian's Chromium through playwright-core, against the real
// server serving the built client. One file at a time: two cores.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
