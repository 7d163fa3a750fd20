import { defineConfig } from 'vitest/config';

// One run covers unit tests (pure logic), integration tests (real PostgreSQL, pg_restore, psql)
// and end-to-end tests (real Chromium). A single PostgreSQL 15 cluster is started once for the run.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
  },
});
