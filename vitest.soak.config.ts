import { defineConfig } from 'vitest/config';

// `npm run test:soak`: the long runs of reliability (10,000 seeded
// operations with faults, 1,000 reconnect cycles). With DATABASE_URL the
// server instances are real processes on Postgres, SIGKILLed and restarted.
export default defineConfig({
  test: {
    include: ['reliability/convergence.test.ts', 'reliability/reconnect-fuzz.test.ts'],
    globalSetup: ['testkit/global-setup.ts'],
    env: { DOCTORQ_SOAK: '1' },
    fileParallelism: false,
    testTimeout: 3_600_000,
    hookTimeout: 120_000,
  },
});
