import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { migrate } from '../../../server/db/migrate'
import { findOgcItems } from '../../../server/db/ogc'
import { findParcels } from '../../../server/db/parcels'
import { createPool, type Pool, type Queryable, withTransaction } from '../../../server/db/pool'
import { searchEverything } from '../../../server/db/search'
import { parseCql2 } from '../../../server/domain/cql2'
import { CRS84 } from '../../../server/domain/ogc'
import { containsPattern } from '../../../server/domain/search'
import { schemaPool } from '../../support/schema-pool'

// Query plans on a schema of its own: 20,000 generated parcels with cadastre-like codes (91210605RP1775: a
// commune's codes share most of their trigrams), nothing else. The same checks hold on PostgreSQL 15 and on the
// embedded database (PGlite 0.5.8, PostgreSQL 18.3, where the schema migrates in ~25 s): a plan is checked by the
// indexes it reads, not by its node types, which may differ between versions.
const url = inject('databaseUrl')
const schema = `trgm_plans_${process.pid}`
const PARCELS = 20_000
const CODES = 4_241 // the French cadastre 91216 of the import benchmark (README, Import speed)
let pool: Pool

type PlanNode = { 'Index Name'?: string; Plans?: PlanNode[] }

function indexNames(node: PlanNode): string[] {
  return [...(node['Index Name'] ? [node['Index Name']] : []), ...(node.Plans ?? []).flatMap(indexNames)]
}

/** The indexes read by the plan PostgreSQL makes for `sql` with these values (planned with them, as the app's are). */
async function indexesRead(db: Queryable, sql: string, values: unknown[]): Promise<string[]> {
  const { rows } = await db.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
    `explain (format json) ${sql}`,
    values,
  )
  const plan = rows[0]?.['QUERY PLAN'][0].Plan
  if (!plan) throw new Error('no plan')
  return indexNames(plan)
}

/** The statements a db function sends, captured instead of run, to be explained on the real database. */
function capture() {
  const sent: { text: string; values: unknown[] }[] = []
  const db = {
    query: async (text: string, values: unknown[] = []) => {
      sent.push({ text, values })
      return { rows: [] }
    },
  } as unknown as Queryable
  return { db, sent }
}

beforeAll(async () => {
  const admin = createPool(url, 1)
  await admin.query(`drop schema if exists ${schema} cascade`)
  await admin.query(`create schema ${schema}`)
  await admin.end()
  pool = schemaPool(url, schema, 2)
  await migrate(pool)
  // set-based: codes 9121 + commune 0600–0609 + section AA–TT + number, a third of the parcels named, squares
  // of 0.0009° on a 200 × 100 grid far from anything
  await pool.query(
    `insert into parcels (code, name, land_use, geom)
     select '9121' || lpad((600 + n / 2000)::text, 4, '0') || chr(65 + (n / 100) % 20) || chr(65 + (n / 5) % 20)
              || lpad((n % 10000)::text, 4, '0'),
            case when n % 3 = 0 then '测试地块' || n end, 'M1',
            ST_Multi(ST_MakeEnvelope(100 + (n % 200) * 0.001, 10 + (n / 200) * 0.001,
              100 + (n % 200) * 0.001 + 0.0009, 10 + (n / 200) * 0.001 + 0.0009, 4326))
     from generate_series(0, $1::int - 1) n`,
    [PARCELS],
  )
  // VACUUM fills the GIN indexes' own statistics (entries, pages), as autovacuum does after an import: with
  // them, a trigram index on code itself (migration 0018) was costed below the btree for the codes below
  await pool.query('vacuum analyze parcels')
}, 180_000)

afterAll(async () => {
  await pool?.end()
  const admin = createPool(url, 1)
  await admin.query(`drop schema if exists ${schema} cascade`)
  await admin.end()
})

describe('pg_trgm indexes (migration 0038)', () => {
  it('are all on an expression, never on a bare column, so that no `column = …` can read one', async () => {
    const { rows } = await pool.query<{ name: string; definition: string; bare: boolean }>(
      `select c.relname as name, pg_get_indexdef(i.indexrelid) as definition, i.indexprs is null as bare
       from pg_index i join pg_class c on c.oid = i.indexrelid
       where c.relnamespace = $1::regnamespace
         and exists (select 1 from pg_opclass o where o.oid = any(i.indclass) and o.opcname like '%trgm%')
       order by 1`,
      [schema],
    )
    expect(rows.map((r) => r.name)).toEqual([
      'firms_name_lower_trgm_idx',
      'parcels_code_lower_trgm_idx',
      'parcels_name_lower_trgm_idx',
      'projects_company_lower_trgm_idx',
      'projects_name_lower_trgm_idx',
    ])
    for (const r of rows) {
      expect(r.bare, r.definition).toBe(false)
      expect(r.definition).toMatch(/using gin \(lower\(\w+\) (public\.)?gin_trgm_ops\)$/i)
    }
  })
})

describe(`plans on ${PARCELS.toLocaleString('en')} parcels`, () => {
  const codesSql = `select array_agg(code order by md5(code)) as codes from (
      select code from parcels order by md5(code) limit $1) s`
  const someCodes = async (n: number) =>
    (await pool.query<{ codes: string[] }>(codesSql, [n])).rows[0]?.codes ?? []

  it(`read the unique btree for code = any(${CODES.toLocaleString('en')} codes), with seq scans off`, async () => {
    const codes = await someCodes(CODES)
    expect(codes).toHaveLength(CODES)
    // on 20,000 rows a seq scan competes; on a city of 1M it does not: off, the choice is among the indexes,
    // where the trigram index on code won (a bitmap scan of it: 2.5 s here, 11 ms through the btree)
    const indexes = await withTransaction(pool, async (client) => {
      await client.query('set local enable_seqscan = off')
      return indexesRead(client, 'select id, code from parcels where code = any($1::text[])', [codes])
    })
    expect(indexes).toEqual(['parcels_code_key'])
  })

  it('never read a trigram index for the lookups by code of imports, splits and single parcels', async () => {
    const codes = await someCodes(CODES)
    const statements: [string, unknown[]][] = [
      // findParcelsByCode (server/db/parcel-import.ts), planned with bitmap scans on
      [
        `select id, code, land_use as "landUse" from parcels where code = any($1::text[]) order by id for update`,
        [codes],
      ],
      // findTakenCodes
      ['select code from parcels where code = any($1::text[]) order by code', [codes.slice(0, 2)]],
    ]
    for (const [sql, values] of statements) {
      const trigram = (await indexesRead(pool, sql, values)).filter((i) => i.includes('trgm'))
      expect(trigram, sql).toEqual([])
    }
    expect(await indexesRead(pool, 'select id from parcels where code = $1', [codes[0]])).toEqual([
      'parcels_code_key',
    ])
  })

  it('read the trigram indexes for the search box: part of a code, part of a name', async () => {
    for (const text of ['0605rp17', '地块1234']) {
      const { db, sent } = capture()
      await searchEverything(db, text, containsPattern(text), 10)
      const [query] = sent
      if (!query) throw new Error('searchEverything sent nothing')
      const indexes = await indexesRead(pool, query.text, query.values)
      expect(indexes, text).toContain('parcels_code_lower_trgm_idx')
      expect(indexes, text).toContain('parcels_name_lower_trgm_idx')
    }
  })

  it('read them to count the parcel list filtered by text (q)', async () => {
    const { db, sent } = capture()
    await findParcels(db, { q: '0605RP17', limit: 50, offset: 0, geometry: 'none' })
    const query = sent.find((s) => s.text.includes('count(*)'))
    if (!query) throw new Error('findParcels sent no count')
    expect(await indexesRead(pool, query.text, query.values)).toContain('parcels_code_lower_trgm_idx')
  })

  it('read them, and the btree, to count the OGC items a CQL2 filter on code selects', async () => {
    for (const [filter, index] of [
      ["code ILIKE '%0605rp17%'", 'parcels_code_lower_trgm_idx'],
      ["code LIKE '%0605RP17%'", 'parcels_code_lower_trgm_idx'],
      ["code = '91210605RP1775'", 'parcels_code_key'],
    ] as const) {
      const parsed = parseCql2(filter)
      if (!parsed.ok) throw new Error(parsed.reason)
      const { db, sent } = capture()
      await findOgcItems(db, 'parcels', { filter: parsed.value, crs: CRS84, limit: 10, offset: 0 })
      const query = sent.find((s) => s.text.includes('count(*)'))
      if (!query) throw new Error('findOgcItems sent no count')
      expect(await indexesRead(pool, query.text, query.values), filter).toContain(index)
    }
  })
})
