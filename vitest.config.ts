import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Guest programs run for seconds under lockstep; timings never decide a test, cycle limits do.
    testTimeout: 120_000,
    pool: 'forks',
  },
});
