import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/database-template.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: one, on the two-core machines this
    // suite runs on. Test files wait on timers, sockets and child processes much of the time,
    // so two at once take about three quarters of the time one after another does.
    maxWorkers: 2,
    // Each worker keeps the modules it has loaded from one test file to the next instead of
    // loading the whole service again for every file; every file still builds its own app on its
    // own database, and no test changes module state it does not put back.
    isolate: false,
  },
});
