// The entry of an import-reading worker thread. A worker starts without the TypeScript loader of its parent (under
// `tsx server/main.ts` as under vitest), so it registers tsx for its own thread before loading the task.
import { register } from 'tsx/esm/api'

register()
const task = await import('./read-import-file.task.ts')
export default task.default
