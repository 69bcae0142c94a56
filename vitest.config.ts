import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: one, on the two-core machines this
    // suite runs on. Test files wait on timers, sockets and child processes much of the time,
    // so two at once take about three quarters of the time one after another does.
    maxWorkers: 2,
  },
});
