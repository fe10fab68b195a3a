/**
 * The fields that differ between two versions of a record, as { field: { from, to } }, for the history table.
 * Values are compared as JSON, so dates, numbers and nested objects compare by value.
 * `diffChanges({ a: 1, b: 2 }, { a: 1, b: 3 })` → { b: { from: 2, to: 3 } }
 */
export function diffChanges(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {}
  for (const key of Object.keys(after)) {
    if (JSON.stringify(before[key] ?? null) !== JSON.stringify(after[key] ?? null)) {
      changes[key] = { from: before[key] ?? null, to: after[key] ?? null }
    }
  }
  return changes
}
