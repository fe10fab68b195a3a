import { defineConfig } from 'vitest/config'

// `npm run test:cluster`: the local cluster of `npm run cluster:up` (PostgreSQL primary + streaming replica, two
// instances, nginx), built and torn down by the test itself. Needs root and Debian's postgresql and nginx.
export default defineConfig({
  test: {
    include: ['tests/cluster/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 1_800_000,
  },
})
