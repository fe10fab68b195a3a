import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

// The layers the tree shows (STYLE.md): server/http validates, calls a service and shapes the answer; SQL lives in
// server/db only. This reads every file under server/http with the TypeScript parser (so comments never count)
// and reports each database call and each piece of SQL text it finds.

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const HTTP_DIR = join(ROOT, 'server/http')

/**
 * Text that reads as a SQL statement: a statement keyword followed by the clause it needs (select … from,
 * insert into, update … set, delete from), or a select of a function call (`select postgis_lib_version()`).
 */
const SQL_STATEMENT = [
  /\bselect\b[\s\S]*?\bfrom\b/i,
  /\bselect\s+[\w.]+\s*\(/i,
  /\binsert\s+into\b/i,
  /\bupdate\b[\s\S]*?\bset\b/i,
  /\bdelete\s+from\b/i,
  /\b(create|alter|drop|truncate)\s+(table|index|schema|view|function|trigger|extension)\b/i,
]

/**
 * English sentences (the messages of errors and OpenAPI descriptions) start with a capital and go on in lower case:
 * "Select a parcel from the map" is not SQL. SQL here is written in lower case, and SQL in capitals
 * ("SELECT id FROM …") does not look like a sentence either, so both are still caught.
 */
function isSentence(text: string): boolean {
  return /^\s*[A-Z][a-z]/.test(text)
}

function looksLikeSql(text: string): boolean {
  return !isSentence(text) && SQL_STATEMENT.some((pattern) => pattern.test(text))
}

/** The text of a string or template literal, each `${…}` read as a placeholder. */
function literalText(node: ts.Node): string | null {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text
  if (ts.isTemplateExpression(node)) {
    return node.head.text + node.templateSpans.map((span) => `$x${span.literal.text}`).join('')
  }
  return null
}

/** `c.req.query('x')` reads the URL's query string: Hono's, not a database's. */
function isRequestQuery(callee: ts.PropertyAccessExpression): boolean {
  const receiver = callee.expression
  return ts.isPropertyAccessExpression(receiver) && receiver.name.text === 'req'
}

/** Every database call and every SQL text in one source file, as "line: what". */
function sqlIn(fileName: string, source: string): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true)
  const found: string[] = []
  const at = (node: ts.Node) => file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1
  const visit = (node: ts.Node) => {
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      node.expression.name.text === 'query' &&
      !isRequestQuery(node.expression)
    ) {
      found.push(`${at(node)}: calls ${node.expression.getText(file)}(…)`)
    }
    const text = literalText(node)
    if (text !== null) {
      if (looksLikeSql(text)) found.push(`${at(node)}: SQL text ${JSON.stringify(text.trim().slice(0, 60))}`)
      return // a template's spans are read with it
    }
    ts.forEachChild(node, visit)
  }
  visit(file)
  return found
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return /\.tsx?$/.test(entry.name) ? [path] : []
  })
}

describe('server/http', () => {
  it('holds no SQL: no database query call and no SQL text in any file', () => {
    const files = sourceFiles(HTTP_DIR)
    expect(files.length).toBeGreaterThan(10)
    const offending = Object.fromEntries(
      files
        .map((path) => [relative(ROOT, path), sqlIn(path, readFileSync(path, 'utf8'))] as const)
        .filter(([, found]) => found.length > 0),
    )
    // the answer names each offending file with the lines to move to server/db
    expect(offending).toEqual({})
  })
})

describe('the SQL check', () => {
  it('finds database query calls, whatever the receiver', () => {
    const source = `
      export async function a(db, pool, tx) {
        await db.query(sqlFromElsewhere)
        await pool.query<{ n: number }>(text, [1])
        await tx.db.query(text)
      }`
    expect(sqlIn('a.ts', source)).toEqual([
      '3: calls db.query(…)',
      '4: calls pool.query(…)',
      '5: calls tx.db.query(…)',
    ])
  })

  it.each([
    ['select 1 from users where username = $1'],
    ['select postgis_lib_version() as postgis'],
    ['\n    select p.id, p.code\n    from parcels p'],
    ['SELECT id FROM parcels'],
    ['insert into history (entity_type) values ($1)'],
    ['update parcels set status = $2 where id = $1'],
    ['delete from parcels where id = $1'],
    ['create index parcels_geom_idx on parcels using gist (geom)'],
  ])('finds SQL text: %j', (sql) => {
    expect(looksLikeSql(sql)).toBe(true)
    expect(sqlIn('a.ts', `const q = ${JSON.stringify(sql)}`)).toHaveLength(1)
  })

  it('finds SQL in a template literal with substitutions', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: this is source text for the check to parse
    const source = 'const q = `select ${columns} from ${table} t where t.id = any($1)`'
    expect(sqlIn('a.ts', source)).toEqual(['1: SQL text "select $x from $x t where t.id = any($1)"'])
  })

  it('passes messages, comments, request query strings and words that only resemble SQL', () => {
    const source = `
      // select id from parcels: comments are not code
      /* delete from parcels */
      export function routes(c) {
        const q = c.req.query('q')
        const all = c.req.query()
        if (!q) throw new ApiError(400, 'validation_failed', 'Select a parcel from the map first')
        const verbs = { PATCH: 'Update', DELETE: 'Delete' }
        cache.delete(key)
        hash.update(secret).digest('hex')
        return { message: 'Update the settings, then set them again', action: 'update', deleted: 'delete' }
      }`
    expect(sqlIn('a.ts', source)).toEqual([])
  })
})
