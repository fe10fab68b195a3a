import { describe, expect, it } from 'vitest'
import { parseCql2 } from '../../../server/domain/cql2'

const parse = (text: string) => {
  const result = parseCql2(text)
  if (!result.ok) throw new Error(result.reason)
  return result.value
}

describe('parseCql2', () => {
  it('reads a comparison of a property with a string, a number and a date', () => {
    expect(parse("status = 'available'")).toEqual({
      op: 'cmp',
      cmp: '=',
      property: 'status',
      value: { kind: 'string', value: 'available' },
    })
    expect(parse('area_mu>=50.5')).toEqual({
      op: 'cmp',
      cmp: '>=',
      property: 'area_mu',
      value: { kind: 'number', value: 50.5 },
    })
    expect(parse("handover_on < DATE('2027-01-01')")).toMatchObject({
      cmp: '<',
      value: { kind: 'date', value: '2027-01-01' },
    })
    expect(parse("signed_on <> TIMESTAMP('2026-05-01T08:00:00Z')")).toMatchObject({
      cmp: '<>',
      value: { kind: 'timestamp', value: '2026-05-01T08:00:00Z' },
    })
    expect(parse('progress_pct <= -1e2')).toMatchObject({ value: { kind: 'number', value: -100 } })
  })

  it('binds AND tighter than OR and honours parentheses', () => {
    const loose = parse('a = 1 OR b = 2 AND c = 3')
    expect(loose).toMatchObject({ op: 'or', args: [{ property: 'a' }, { op: 'and', args: [{}, {}] }] })
    const grouped = parse('(a = 1 OR b = 2) AND c = 3')
    expect(grouped).toMatchObject({ op: 'and', args: [{ op: 'or' }, { property: 'c' }] })
    expect(parse('NOT (a = 1)')).toMatchObject({ op: 'not', arg: { property: 'a' } })
  })

  it("reads GDAL 3.6's own output: parenthesised branches, quoted dates with a trailing T", () => {
    expect(parse("(handover_on >= '2026-01-01T') AND (status = 'available')")).toEqual({
      op: 'and',
      args: [
        { op: 'cmp', cmp: '>=', property: 'handover_on', value: { kind: 'string', value: '2026-01-01T' } },
        { op: 'cmp', cmp: '=', property: 'status', value: { kind: 'string', value: 'available' } },
      ],
    })
    expect(parse('(name IS NULL)')).toEqual({ op: 'isNull', property: 'name', not: false })
  })

  it('reads LIKE, ILIKE, BETWEEN, IN and IS NOT NULL, negated or not', () => {
    expect(parse("name LIKE '%东区%'")).toEqual({
      op: 'like',
      property: 'name',
      pattern: '%东区%',
      not: false,
      caseInsensitive: false,
    })
    expect(parse("code NOT ILIKE 'a_'")).toMatchObject({ op: 'like', not: true, caseInsensitive: true })
    expect(parse('area_mu BETWEEN 10 AND 20')).toMatchObject({
      op: 'between',
      low: { value: 10 },
      high: { value: 20 },
      not: false,
    })
    expect(parse("status IN ('available', 'reserved')")).toMatchObject({
      op: 'in',
      values: [{ value: 'available' }, { value: 'reserved' }],
    })
    expect(parse('name IS NOT NULL')).toEqual({ op: 'isNull', property: 'name', not: true })
  })

  it('unescapes doubled quotes and takes quoted property names and lower-case keywords', () => {
    expect(parse("name = 'O''Brien'")).toMatchObject({ value: { value: "O'Brien" } })
    expect(parse('"land_use" = \'M1\' and "area_m2" > 5')).toMatchObject({
      op: 'and',
      args: [{ property: 'land_use' }, { property: 'area_m2' }],
    })
  })

  it('turns a literal on the left around', () => {
    expect(parse('50 < area_mu')).toMatchObject({ cmp: '>', property: 'area_mu', value: { value: 50 } })
  })

  it('says why for text that is not a filter', () => {
    for (const text of [
      '',
      "status = 'open",
      "status = 'a' AND",
      'status',
      "status == 'a'",
      "DATE('2026-02-30') = signed_on",
      "signed_on = TIMESTAMP('2026-05-01')",
      '(a = 1',
      'a = 1) OR (b = 2',
      "name = 'x'; drop table parcels",
      'AND = 1',
      'name LIKE 5',
    ]) {
      const result = parseCql2(text)
      expect(result.ok, text).toBe(false)
      if (!result.ok) expect(result.reason.length, text).toBeGreaterThan(5)
    }
  })

  it('refuses filters too long, too deep or with too many conditions', () => {
    expect(parseCql2(`a = '${'x'.repeat(4000)}'`).ok).toBe(false)
    expect(parseCql2(`${'('.repeat(30)}a = 1${')'.repeat(30)}`).ok).toBe(false)
    expect(parseCql2(Array.from({ length: 101 }, (_, i) => `a = ${i}`).join(' OR ')).ok).toBe(false)
    expect(parseCql2(Array.from({ length: 100 }, (_, i) => `a = ${i}`).join(' OR ')).ok).toBe(true)
  })
})
