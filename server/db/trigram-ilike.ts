/**
 * The SQL condition `column ILIKE pattern` written so that pg_trgm's GIN indexes serve it: they index lower(column)
 * (migration 0038), so that plain `column = …` lookups never pick them over the btree. ILIKE lowercases both
 * sides, so `lower(column) ilike pattern` keeps every row `column ilike pattern` does. `column` is a fixed SQL
 * expression, `pattern` a parameter (`$2`); the escape character is the backslash, as containsPattern writes it.
 * `trigramIlike('p.code', '$2')` → `lower(p.code) ilike $2 escape '\'`
 */
export function trigramIlike(column: string, pattern: string): string {
  return `lower(${column}) ilike ${pattern} escape '\\'`
}
