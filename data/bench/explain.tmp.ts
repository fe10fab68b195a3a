import { openDemoBench } from './demo-app'

const { pool, close } = await openDemoBench('explain', 'officer', 1)
const c = await pool.connect()
const q = async (label: string, sql: string) => {
  const t = performance.now()
  const r = await c.query(sql)
  console.log(label, (performance.now() - t).toFixed(0), 'ms')
  if (sql.startsWith('explain')) console.log(r.rows.map((x) => x['QUERY PLAN']).join('\n'))
}
try {
  await c.query('begin')
  await q(
    'stage',
    `create temp table import_rows as select ogc_fid as index, 'GEN-'||ogc_fid as code, name, true as has_name, geom, null::text as problem from impexp.src`,
  )
  await q('gist', 'create index on import_rows using gist (geom)')
  await q('codeidx', 'create index on import_rows (code)')
  await q('analyze', 'analyze import_rows')
  await q(
    'insert',
    `explain (analyze, buffers off, timing off) insert into parcels (code, name, land_use, status, geom) select code, name, 'M1', 'planned', geom from import_rows`,
  )
  await q(
    'update',
    `explain (analyze, timing off) update parcels p set name = x.name, geom = x.geom, version = p.version + 1, updated_at = now() from import_rows x where p.code = x.code`,
  )
  await q(
    'hist',
    `explain (analyze, timing off) insert into history (entity_type, entity_id, action, actor, changes, reason) select 'parcel', p.id, 'import', 'x', jsonb_build_object('code', p.code, 'name', p.name, 'area', round(p.area_m2::numeric, 1)), 'r' from parcels p join import_rows x on x.code = p.code`,
  )
  await q('disable', 'alter table parcels disable trigger user')
  await q(
    'update-notrig',
    `explain (analyze, timing off) update parcels p set name = x.name, geom = x.geom, version = p.version + 1, updated_at = now() from import_rows x where p.code = x.code`,
  )
  await q(
    'outside',
    `explain (analyze, timing off) select r.index from import_rows r join parcels p on p.geom && r.geom and ST_Relate(p.geom, r.geom, 'T********') where not exists (select 1 from import_rows x where x.code = p.code)`,
  )
} finally {
  await c.query('rollback')
  c.release()
  await close()
}
