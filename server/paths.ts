import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The project's folder (the one holding package.json), found from this module's place: the same under `tsx
 * server/main.ts`, under vitest and in the built server (`dist/server/main.js`), which sits at another depth.
 */
function findProjectRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir
    if (dirname(dir) === dir) throw new Error(`no package.json above ${start}`)
  }
}

export const PROJECT_ROOT = findProjectRoot(dirname(fileURLToPath(import.meta.url)))

/** The SQL migrations, applied in name order. */
export const MIGRATIONS_DIR = join(PROJECT_ROOT, 'data', 'migrations')

/** The built web app (`vite build`). */
export const WEB_DIST_DIR = join(PROJECT_ROOT, 'dist', 'web')
