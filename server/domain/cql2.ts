/**
 * A parser for the part of OGC CQL2-text (OGC API – Features Part 3) that property filters need: comparisons
 * (= <> < <= > >=), LIKE / ILIKE, BETWEEN, IN, IS [NOT] NULL, AND / OR / NOT and parentheses, with string,
 * number, boolean, DATE('…') and TIMESTAMP('…') literals. It only builds a tree: which properties exist and
 * how a value compares is decided where the tree becomes SQL, with every value sent as a parameter.
 *
 * `parseCql2("status = 'available' AND (area_mu >= 50 OR name LIKE '%东%')")` →
 * { ok: true, value: { op: 'and', args: [ { op: 'cmp', … }, { op: 'or', … } ] } }
 */

export type CqlLiteral =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'date'; value: string }
  | { kind: 'timestamp'; value: string }

export type CqlComparison = '=' | '<>' | '<' | '<=' | '>' | '>='

export type CqlNode =
  | { op: 'and' | 'or'; args: CqlNode[] }
  | { op: 'not'; arg: CqlNode }
  | { op: 'cmp'; cmp: CqlComparison; property: string; value: CqlLiteral }
  | { op: 'like'; property: string; pattern: string; not: boolean; caseInsensitive: boolean }
  | { op: 'between'; property: string; low: CqlLiteral; high: CqlLiteral; not: boolean }
  | { op: 'in'; property: string; values: CqlLiteral[]; not: boolean }
  | { op: 'isNull'; property: string; not: boolean }

export type CqlResult = { ok: true; value: CqlNode } | { ok: false; reason: string }

/** Longest filter text and most predicates accepted: enough for any hand-written or GDAL-built filter. */
export const CQL_MAX_LENGTH = 4000
export const CQL_MAX_PREDICATES = 100
const MAX_DEPTH = 20

type Token =
  | { t: 'punct'; v: '(' | ')' | ',' }
  | { t: 'op'; v: CqlComparison }
  | { t: 'string'; v: string }
  | { t: 'number'; v: number }
  | { t: 'ident'; v: string; quoted: boolean }

class CqlError extends Error {}

const FLIP: Record<CqlComparison, CqlComparison> = {
  '=': '=',
  '<>': '<>',
  '<': '>',
  '<=': '>=',
  '>': '<',
  '>=': '<=',
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < text.length) {
    const ch = text[i] as string
    if (/\s/.test(ch)) {
      i++
    } else if (ch === '(' || ch === ')' || ch === ',') {
      tokens.push({ t: 'punct', v: ch })
      i++
    } else if (ch === '<' || ch === '>' || ch === '=' || ch === '!') {
      const two = text.slice(i, i + 2)
      if (two === '<>' || two === '<=' || two === '>=') {
        tokens.push({ t: 'op', v: two })
        i += 2
      } else if (two === '!=') {
        tokens.push({ t: 'op', v: '<>' })
        i += 2
      } else if (ch === '!') {
        throw new CqlError(`unexpected "!" at ${i + 1}`)
      } else {
        tokens.push({ t: 'op', v: ch as CqlComparison })
        i++
      }
    } else if (ch === "'") {
      let value = ''
      i++
      for (;;) {
        if (i >= text.length) throw new CqlError('a string is not closed with a quote')
        if (text[i] === "'") {
          if (text[i + 1] === "'") {
            value += "'"
            i += 2
            continue
          }
          i++
          break
        }
        value += text[i]
        i++
      }
      tokens.push({ t: 'string', v: value })
    } else if (ch === '"') {
      const end = text.indexOf('"', i + 1)
      if (end < 0) throw new CqlError('a quoted property name is not closed')
      tokens.push({ t: 'ident', v: text.slice(i + 1, end), quoted: true })
      i = end + 1
    } else {
      const number = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/.exec(text.slice(i))
      const word = /^[A-Za-z_\u0080-\uffff][A-Za-z0-9_.:\u0080-\uffff]*/.exec(text.slice(i))
      if (number) {
        tokens.push({ t: 'number', v: Number(number[0]) })
        i += number[0].length
      } else if (word) {
        tokens.push({ t: 'ident', v: word[0], quoted: false })
        i += word[0].length
      } else {
        throw new CqlError(`unexpected "${ch}" at ${i + 1}`)
      }
    }
  }
  return tokens
}

const DATE_TEXT = /^\d{4}-\d{2}-\d{2}$/
const TIMESTAMP_TEXT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i

class Parser {
  private pos = 0
  private predicates = 0
  constructor(private readonly tokens: Token[]) {}

  parse(): CqlNode {
    const node = this.or(0)
    const rest = this.tokens[this.pos]
    if (rest) throw new CqlError(`unexpected ${describe(rest)} after the end of the filter`)
    return node
  }

  private peek(): Token | undefined {
    return this.tokens[this.pos]
  }

  private keyword(word: string): boolean {
    const token = this.peek()
    if (token?.t === 'ident' && !token.quoted && token.v.toUpperCase() === word) {
      this.pos++
      return true
    }
    return false
  }

  private expectPunct(v: '(' | ')' | ','): void {
    const token = this.peek()
    if (token?.t !== 'punct' || token.v !== v) {
      throw new CqlError(`expected "${v}" but found ${token ? describe(token) : 'the end'}`)
    }
    this.pos++
  }

  private or(depth: number): CqlNode {
    const args = [this.and(depth)]
    while (this.keyword('OR')) args.push(this.and(depth))
    return args.length === 1 ? (args[0] as CqlNode) : { op: 'or', args }
  }

  private and(depth: number): CqlNode {
    const args = [this.not(depth)]
    while (this.keyword('AND')) args.push(this.not(depth))
    return args.length === 1 ? (args[0] as CqlNode) : { op: 'and', args }
  }

  private not(depth: number): CqlNode {
    if (this.keyword('NOT')) return { op: 'not', arg: this.not(depth) }
    return this.primary(depth)
  }

  private primary(depth: number): CqlNode {
    const token = this.peek()
    if (token?.t === 'punct' && token.v === '(') {
      if (depth >= MAX_DEPTH) throw new CqlError(`parentheses may nest at most ${MAX_DEPTH} deep`)
      this.pos++
      const inner = this.or(depth + 1)
      this.expectPunct(')')
      return inner
    }
    if (++this.predicates > CQL_MAX_PREDICATES) {
      throw new CqlError(`a filter may hold at most ${CQL_MAX_PREDICATES} conditions`)
    }
    return this.predicate()
  }

  private predicate(): CqlNode {
    const first = this.peek()
    if (!first) throw new CqlError('the filter ends where a condition was expected')
    // a literal on the left: 10 < area_mu
    if (first.t !== 'ident' || isLiteralKeyword(first)) {
      const value = this.literal()
      const op = this.peek()
      if (op?.t !== 'op') throw new CqlError(`expected a comparison after ${describe(first)}`)
      this.pos++
      const property = this.property()
      return { op: 'cmp', cmp: FLIP[op.v], property, value }
    }
    const property = this.property()
    const op = this.peek()
    if (op?.t === 'op') {
      this.pos++
      return { op: 'cmp', cmp: op.v, property, value: this.literal() }
    }
    if (this.keyword('IS')) {
      const not = this.keyword('NOT')
      if (!this.keyword('NULL')) throw new CqlError('expected NULL after IS')
      return { op: 'isNull', property, not }
    }
    const not = this.keyword('NOT')
    if (this.keyword('LIKE') || this.keyword('ILIKE')) {
      const caseInsensitive = (this.tokens[this.pos - 1] as { v: string }).v.toUpperCase() === 'ILIKE'
      const pattern = this.literal()
      if (pattern.kind !== 'string') throw new CqlError('LIKE needs a quoted pattern')
      return { op: 'like', property, pattern: pattern.value, not, caseInsensitive }
    }
    if (this.keyword('BETWEEN')) {
      const low = this.literal()
      if (!this.keyword('AND')) throw new CqlError('expected AND in BETWEEN … AND …')
      return { op: 'between', property, low, high: this.literal(), not }
    }
    if (this.keyword('IN')) {
      this.expectPunct('(')
      const values = [this.literal()]
      while (this.peek()?.t === 'punct' && (this.peek() as { v: string }).v === ',') {
        this.pos++
        values.push(this.literal())
      }
      this.expectPunct(')')
      return { op: 'in', property, values, not }
    }
    const next = this.peek()
    throw new CqlError(
      `expected a comparison after ${property} but found ${next ? describe(next) : 'the end'}`,
    )
  }

  private property(): string {
    const token = this.peek()
    if (token?.t !== 'ident' || (!token.quoted && isReserved(token.v))) {
      throw new CqlError(`expected a property name but found ${token ? describe(token) : 'the end'}`)
    }
    this.pos++
    return token.v
  }

  private literal(): CqlLiteral {
    const token = this.peek()
    if (!token) throw new CqlError('the filter ends where a value was expected')
    this.pos++
    if (token.t === 'string') return { kind: 'string', value: token.v }
    if (token.t === 'number') return { kind: 'number', value: token.v }
    if (token.t === 'ident' && !token.quoted) {
      const word = token.v.toUpperCase()
      if (word === 'TRUE' || word === 'FALSE') return { kind: 'boolean', value: word === 'TRUE' }
      if (word === 'DATE' || word === 'TIMESTAMP') {
        this.expectPunct('(')
        const inner = this.peek()
        if (inner?.t !== 'string') throw new CqlError(`${word} needs a quoted value`)
        this.pos++
        this.expectPunct(')')
        if (word === 'DATE') {
          if (!DATE_TEXT.test(inner.v) || !isCalendarDate(inner.v)) {
            throw new CqlError(`DATE('${inner.v}') is not a date (YYYY-MM-DD)`)
          }
          return { kind: 'date', value: inner.v }
        }
        if (!TIMESTAMP_TEXT.test(inner.v) || !isCalendarDate(inner.v.slice(0, 10))) {
          throw new CqlError(`TIMESTAMP('${inner.v}') is not an RFC 3339 timestamp`)
        }
        return { kind: 'timestamp', value: inner.v }
      }
    }
    throw new CqlError(`expected a value but found ${describe(token)}`)
  }
}

const RESERVED = new Set(['AND', 'OR', 'NOT', 'LIKE', 'ILIKE', 'BETWEEN', 'IN', 'IS', 'NULL'])
function isReserved(word: string): boolean {
  return RESERVED.has(word.toUpperCase())
}

function isLiteralKeyword(token: Token): boolean {
  return token.t === 'ident' && !token.quoted && /^(TRUE|FALSE|DATE|TIMESTAMP)$/i.test(token.v)
}

function describe(token: Token): string {
  if (token.t === 'string') return `'${token.v}'`
  return `"${token.v}"`
}

/** Whether YYYY-MM-DD names a real day (2026-02-30 does not). */
export function isCalendarDate(text: string): boolean {
  const d = new Date(`${text}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text
}

/** Parses CQL2-text into a tree, or says why it cannot. */
export function parseCql2(text: string): CqlResult {
  if (text.length > CQL_MAX_LENGTH) {
    return { ok: false, reason: `a filter may be at most ${CQL_MAX_LENGTH} characters` }
  }
  try {
    const tokens = tokenize(text)
    if (tokens.length === 0) return { ok: false, reason: 'the filter is empty' }
    return { ok: true, value: new Parser(tokens).parse() }
  } catch (e) {
    if (e instanceof CqlError) return { ok: false, reason: e.message }
    throw e
  }
}
