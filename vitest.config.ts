import { defineConfig } from 'vitest/config'

// Tests share one database (embedded PGlite or TEST_DATABASE_URL), prepared once in global setup,
// so test files run one after another rather than in parallel workers.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // the local cluster's test runs on its own: npm run test:cluster (vitest.cluster.config.ts)
    exclude: ['tests/cluster/**', '**/node_modules/**'],
    globalSetup: ['tests/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
})
