import { defineConfig } from 'vitest/config';
import { availableParallelism } from 'node:os';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/setup/bundle-workers.ts'],
    // Guest programs run for seconds under lockstep; timings never decide a test, cycle limits do.
    testTimeout: 120_000,
    pool: 'forks',
    // Every core: the suite is CPU-bound guest runs (Vitest's default leaves one core idle,
    // which on a 2-core machine halves the speed).
    maxWorkers: availableParallelism(),
  },
});
