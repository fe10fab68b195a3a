import type { Pool } from '../../../server/db/pool'
import { reforecastParcels } from '../../../server/services/land/reforecast'
import { DEMO_TODAY } from '../../support/app'

/**
 * A hand-made district far from the demo one (around 110.0°E, 20.0°N) with known answers for one project that
 * needs 30–40 mu of M1 by 2027-06-30 and 5000 kVA, in optoelectronics. At 20°N one degree of longitude is
 * about 104.6 km and one of latitude about 110.7 km.
 */
export const FIXTURE_PREFIX = 'TEST-M-'

const LON_M = 104_600
const LAT_M = 110_700

/** A square of `mu` mu with its south-west corner at lon/lat, as GeoJSON. */
export function squareMu(lon: number, lat: number, mu: number) {
  const side = Math.sqrt((mu * 10000) / 15)
  const dx = side / LON_M
  const dy = side / LAT_M
  return {
    type: 'Polygon',
    coordinates: [
      [
        [lon, lat],
        [lon + dx, lat],
        [lon + dx, lat + dy],
        [lon, lat + dy],
        [lon, lat],
      ],
    ],
  }
}

export interface Fixture {
  parcels: Record<string, number>
  projects: Record<string, number>
}

interface ParcelSpec {
  key: string
  lon: number
  lat: number
  mu: number
  landUse: string
  status: string
  milestones?: { kind: string; planned_on: string; actual_on?: string }[]
}

export const PARCELS: ParcelSpec[] = [
  // A: the right size, ready, served, in its chain: the best
  { key: 'A', lon: 110.0, lat: 20.0, mu: 35, landUse: 'M1', status: 'available' },
  // C: 28 mu, 2 mu short of the minimum but within the 10 % tolerance, otherwise as good as A
  { key: 'C', lon: 110.0025, lat: 20.0, mu: 28, landUse: 'M1', status: 'available' },
  // B: the right size and ready, but 5 km from any line and from its chain
  { key: 'B', lon: 110.05, lat: 20.0, mu: 35, landUse: 'M1', status: 'available' },
  // D: wrong land use
  { key: 'D', lon: 110.0, lat: 20.002, mu: 35, landUse: 'M2', status: 'available' },
  // E: 50 mu, beyond the 44 mu that the tolerance allows
  { key: 'E', lon: 110.0025, lat: 20.002, mu: 50, landUse: 'M1', status: 'available' },
  // F: still being serviced; hand-over planned 92 days after the needed-by date
  {
    key: 'F',
    lon: 110.0,
    lat: 20.005,
    mu: 35,
    landUse: 'M1',
    status: 'servicing',
    milestones: [
      { kind: 'acquisition', planned_on: '2026-03-01', actual_on: '2026-03-01' },
      { kind: 'clearance', planned_on: '2026-05-01', actual_on: '2026-05-01' },
      { kind: 'leveling', planned_on: '2026-07-01', actual_on: '2026-07-01' },
      { kind: 'servicing', planned_on: '2027-03-01' },
      { kind: 'planning_conditions', planned_on: '2027-04-01' },
      { kind: 'listing', planned_on: '2027-06-01' },
      { kind: 'transfer', planned_on: '2027-07-01' },
      { kind: 'handover', planned_on: '2027-09-30' },
    ],
  },
  // G: reserved for another project until 2027-01-31, before the needed-by date
  { key: 'G', lon: 110.0025, lat: 20.005, mu: 35, landUse: 'M1', status: 'available' },
  // H: transferred to a company
  { key: 'H', lon: 110.0, lat: 20.008, mu: 35, landUse: 'M1', status: 'transferred' },
  // I: reserved for another project until after the needed-by date
  { key: 'I', lon: 110.0025, lat: 20.008, mu: 35, landUse: 'M1', status: 'available' },
  // R: a spare available parcel for the reservation tests
  { key: 'R', lon: 110.0, lat: 20.0165, mu: 20, landUse: 'M1', status: 'available' },
  { key: 'S', lon: 110.0025, lat: 20.0165, mu: 20, landUse: 'M1', status: 'servicing' },
]

/** Loads the fixture; `removeFixture` takes it away again. */
export async function loadFixture(pool: Pool): Promise<Fixture> {
  await removeFixture(pool)
  const parcels: Record<string, number> = {}
  for (const p of PARCELS) {
    const { rows } = await pool.query<{ id: number }>(
      `insert into parcels (code, land_use, status, geom)
       values ($1, $2, $3, ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($4), 4326))) returning id`,
      [`${FIXTURE_PREFIX}${p.key}`, p.landUse, p.status, JSON.stringify(squareMu(p.lon, p.lat, p.mu))],
    )
    parcels[p.key] = rows[0]?.id as number
    for (const m of p.milestones ?? []) {
      await pool.query(
        'insert into parcel_milestones (parcel_id, kind, planned_on, actual_on) values ($1, $2, $3, $4)',
        [parcels[p.key], m.kind, m.planned_on, m.actual_on ?? null],
      )
    }
  }
  // finished road, water main and power line between the two columns of parcels, and a big substation
  for (const kind of ['road', 'water', 'power']) {
    await pool.query(
      `insert into infrastructure (kind, name, status, progress_pct, actual_finish, geom)
       values ($1, $2, 'done', 100, '2025-12-01', ST_SetSRID(ST_GeomFromText('LINESTRING(110.002 19.99, 110.002 20.02)'), 4326))`,
      [kind, `${FIXTURE_PREFIX}${kind}`],
    )
  }
  await pool.query(
    `insert into infrastructure (kind, name, status, progress_pct, actual_finish, capacity_kva, geom)
     values ('substation', $1, 'done', 100, '2025-06-01', 100000, ST_SetSRID(ST_MakePoint(110.005, 20.003), 4326))`,
    [`${FIXTURE_PREFIX}substation`],
  )
  const projects: Record<string, number> = {}
  const addProject = async (
    key: string,
    sector: string,
    stage: string,
    location: [number, number] | null,
  ) => {
    const { rows } = await pool.query<{ id: number }>(
      `insert into projects (name, company, sector, stage, lead_on, location)
       values ($1, $2, $3, $4, '2026-06-01',
         case when $5::float8 is null then null else ST_SetSRID(ST_MakePoint($5, $6), 4326) end)
       returning id`,
      [
        `${FIXTURE_PREFIX}${key}`,
        `${FIXTURE_PREFIX}${key} 公司`,
        sector,
        stage,
        location?.[0] ?? null,
        location?.[1] ?? null,
      ],
    )
    projects[key] = rows[0]?.id as number
  }
  // three optoelectronics firms north of the parcels, within 2 km of A and C but 5 km from B
  await addProject('N1', 'optoelectronics', 'construction', [110.001, 20.012])
  await addProject('N2', 'optoelectronics', 'construction', [110.003, 20.013])
  await addProject('N3', 'optoelectronics', 'in_production', [110.002, 20.014])
  await addProject('Q1', 'services', 'signed', [110.0027, 20.0052])
  await addProject('Q2', 'services', 'signed', [110.0027, 20.0082])
  for (const [project, parcel, until] of [
    ['Q1', 'G', '2027-01-31'],
    ['Q2', 'I', '2027-12-31'],
  ] as const) {
    await pool.query(
      `insert into reservations (project_id, parcel_id, reserved_on, until) values ($1, $2, '2026-11-01', $3)`,
      [projects[project], parcels[parcel], until],
    )
    await pool.query(`update parcels set status = 'reserved' where id = $1`, [parcels[parcel]])
  }
  // written past the services, so the fixture stores its forecasts itself, as a loader does
  await reforecastParcels(pool, Object.values(parcels), DEMO_TODAY)
  return { parcels, projects }
}

export async function removeFixture(pool: Pool) {
  const like = `${FIXTURE_PREFIX}%`
  await pool.query(
    `delete from history where (entity_type = 'project' and entity_id in (select id from projects where name like $1))
       or (entity_type in ('parcel', 'milestone') and entity_id in (select id from parcels where code like $1))
       or (entity_type = 'blocker' and entity_id in (select b.id from blockers b join projects p on p.id = b.project_id where p.name like $1))
       or (entity_type = 'reservation' and entity_id in (select r.id from reservations r join parcels p on p.id = r.parcel_id where p.code like $1))`,
    [like],
  )
  await pool.query('delete from projects where name like $1', [like])
  await pool.query('delete from parcels where code like $1', [like])
  await pool.query('delete from infrastructure where name like $1', [like])
}
