import { defineConfig } from 'vitest/config'

// `npm run screenshots`: retakes the README's screenshots (tests/screenshots/readme.shots.ts) on the built app,
// over the demo district in a fresh schema of TEST_DATABASE_URL or the embedded database, as the browser tests do.
export default defineConfig({
  test: {
    include: ['tests/screenshots/**/*.shots.ts'],
    globalSetup: ['tests/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
})
