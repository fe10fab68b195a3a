import bcrypt from 'bcryptjs'
import { upsertUser } from '../../server/db/accounts'
import { type Pool, type Queryable, withTransaction } from '../../server/db/pool'
import { upsertSetting } from '../../server/db/zone'
import type { Role } from '../../server/domain/vocabulary'
import { reforecastEveryParcel } from '../../server/services/land/reforecast'
import {
  loadDemoDepartments,
  loadDemoInspectionTasks,
  loadDemoOrders,
  seedDepartmentAccounts,
} from './departments'
import { generateDemoFirms } from './firms'
import { loadDemoFollowUps } from './follow-ups'
import type { DemoDistrict } from './generate'

export const DEMO_PASSWORD = 'guatu-demo'
export const DEMO_ACCOUNTS: { username: string; role: Role; displayName: string }[] = [
  { username: 'admin', role: 'admin', displayName: '系统管理员' },
  { username: 'officer', role: 'land_officer', displayName: '土地专员' },
  { username: 'investor', role: 'investment', displayName: '招商专员' },
  { username: 'leader', role: 'leader', displayName: '区领导' },
]

export async function hasParcels(db: Queryable): Promise<boolean> {
  const { rows } = await db.query('select 1 from parcels limit 1')
  return rows.length > 0
}

export async function seedDemoAccounts(db: Queryable) {
  const passwordHash = await bcrypt.hash(DEMO_PASSWORD, 10)
  for (const account of DEMO_ACCOUNTS) await upsertUser(db, { ...account, passwordHash })
  await seedDepartmentAccounts(db, DEMO_PASSWORD)
}

/**
 * Replaces the zone's parcels, projects and infrastructure with the demo district, in one transaction, and stores
 * every parcel's forecast computed for `today` — the zone date the app that reads the district will use (the
 * demo's own 2026-11-28 for tests, the real zone date for `npm start`), so no reader ever finds a parcel without one.
 * Each table is filled by one statement over a JSON array, so loading stays fast on the embedded database.
 */
export async function loadDemoDistrict(
  pool: Pool,
  district: DemoDistrict,
  options: { accounts: boolean; today: string },
) {
  await withTransaction(pool, async (db) => {
    await db.query(
      `truncate parcels, projects, infrastructure, firms, history, orders, escalations, escalation_changes, meetings,
       notifications, mail_outbox, webhook_outbox, digests_sent restart identity cascade`,
    )
    await upsertSetting(db, 'zone_name', district.name)
    await upsertSetting(db, 'demo_year', district.demo_year)

    await db.query(
      `insert into parcels (code, name, land_use, status, target_on, far_min, far_max, geom)
       select code, name, land_use, status, target_on, far_min, far_max,
         ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(geometry), 4326))
       from jsonb_to_recordset($1::jsonb) as x(code text, name text, land_use text, status text, target_on date,
         far_min numeric, far_max numeric, geometry jsonb)`,
      [JSON.stringify(district.parcels)],
    )
    const milestones = district.parcels.flatMap((p) => p.milestones.map((m) => ({ ...m, code: p.code })))
    await db.query(
      `insert into parcel_milestones (parcel_id, kind, planned_on, actual_on, owner, note)
       select p.id, x.kind, x.planned_on, x.actual_on, x.owner, x.note
       from jsonb_to_recordset($1::jsonb) as x(code text, kind text, planned_on date, actual_on date, owner text, note text)
       join parcels p on p.code = x.code`,
      [JSON.stringify(milestones)],
    )

    const projects = district.projects.map((p, i) => ({ ...p, ord: i, ...flattenNeeds(p.needs) }))
    await db.query(
      `insert into projects (name, company, sector, kind, stage, investment_wan, lead_on, signed_on, landed_on,
         dropped_reason, source_city, expected_jobs, manager, is_headquarters, parcel_id, location,
         need_area_mu_min, need_area_mu_max, need_land_use, needed_by, need_power_kva)
       select x.name, x.company, x.sector, x.kind, x.stage, x.investment_wan, x.lead_on, x.signed_on, x.landed_on,
         x.dropped_reason, x.source_city, x.expected_jobs, x.manager, x.is_headquarters, p.id,
         case when x.location is null then null
           else ST_SetSRID(ST_MakePoint((x.location->>0)::float8, (x.location->>1)::float8), 4326) end,
         x.need_area_mu_min, x.need_area_mu_max,
         case when x.need_land_use is null then null
           else array(select jsonb_array_elements_text(x.need_land_use)) end,
         x.needed_by, x.need_power_kva
       from jsonb_to_recordset($1::jsonb) as x(ord int, name text, company text, sector text, kind text, stage text,
         investment_wan bigint, lead_on date, signed_on date, landed_on date, dropped_reason text, source_city text,
         expected_jobs int, manager text, is_headquarters boolean, parcel_code text, location jsonb,
         need_area_mu_min numeric, need_area_mu_max numeric, need_land_use jsonb, needed_by date, need_power_kva int)
       left join parcels p on p.code = x.parcel_code
       order by x.ord`,
      [JSON.stringify(projects)],
    )
    // identities follow insertion order, so project i has id i + 1 after the truncate above
    const stages = district.projects.flatMap((p, i) =>
      p.stage_history.map((s) => ({ ...s, project_id: i + 1 })),
    )
    await db.query(
      `insert into project_stage_history (project_id, stage, entered_on, note, actor)
       select project_id, stage, entered_on, note, 'demo' from jsonb_to_recordset($1::jsonb)
         as x(project_id bigint, stage text, entered_on date, note text)`,
      [JSON.stringify(stages)],
    )
    const blockers = district.projects.flatMap((p, i) => p.blockers.map((b) => ({ ...b, project_id: i + 1 })))
    await db.query(
      `insert into blockers (project_id, title, owner, due_on, status, resolution)
       select project_id, title, owner, due_on, status, resolution from jsonb_to_recordset($1::jsonb)
         as x(project_id bigint, title text, owner text, due_on date, status text, resolution text)`,
      [JSON.stringify(blockers)],
    )
    const reservations = district.projects.flatMap((p, i) =>
      p.parcel_code && district.parcels.some((q) => q.code === p.parcel_code && q.status === 'reserved')
        ? [{ project_id: i + 1, code: p.parcel_code, reserved_on: p.signed_on ?? district.today }]
        : [],
    )
    await db.query(
      `insert into reservations (project_id, parcel_id, reserved_on, until)
       select x.project_id, p.id, x.reserved_on, greatest(x.reserved_on + 180, $2::date + 90)
       from jsonb_to_recordset($1::jsonb) as x(project_id bigint, code text, reserved_on date)
       join parcels p on p.code = x.code`,
      // held at least three months past the demo's today, so the demo's reserved parcels stay reserved
      [JSON.stringify(reservations), district.today],
    )

    await db.query(
      `insert into infrastructure (kind, name, status, progress_pct, planned_start, planned_finish, actual_finish,
         capacity_kva, owner, geom)
       select kind, name, status, progress_pct, planned_start, planned_finish, actual_finish, capacity_kva, owner,
         ST_SetSRID(ST_GeomFromGeoJSON(geometry), 4326)
       from jsonb_to_recordset($1::jsonb) as x(kind text, name text, status text, progress_pct numeric,
         planned_start date, planned_finish date, actual_finish date, capacity_kva int, owner text, geometry jsonb)`,
      [JSON.stringify(district.infrastructure)],
    )
    const progress = district.infrastructure.flatMap((item, i) =>
      item.progress.map((p) => ({ ...p, infrastructure_id: i + 1 })),
    )
    await db.query(
      `insert into infrastructure_progress (infrastructure_id, reported_on, progress_pct, note, actor)
       select infrastructure_id, reported_on, progress_pct, note, 'demo' from jsonb_to_recordset($1::jsonb)
         as x(infrastructure_id bigint, reported_on date, progress_pct numeric, note text)`,
      [JSON.stringify(progress)],
    )
    await loadDemoFirms(db, district)
    await loadDemoDepartments(db)
    if (options.accounts) await seedDemoAccounts(db)
    // after the infrastructure: servicing waits for what serves the parcel
    await reforecastEveryParcel(db, options.today)
    await loadDemoOrders(db, options.today)
    await loadDemoFollowUps(db, options.today)
    await loadDemoInspectionTasks(db, options.today)
  })
}

function flattenNeeds(needs: DemoDistrict['projects'][number]['needs']) {
  return {
    need_area_mu_min: needs.area_mu_min,
    need_area_mu_max: needs.area_mu_max,
    need_land_use: needs.land_use,
    needed_by: needs.needed_by,
    need_power_kva: needs.power_kva,
  }
}

/**
 * The district's firms (data/demo/firms.ts): firms in generation order (firm i has id i + 1 after the truncate), the
 * parcels they use, their projects, three years of indicators and the 标准地 commitments of their land sales.
 */
async function loadDemoFirms(db: Queryable, district: DemoDistrict) {
  const firms = generateDemoFirms(district).map((f, i) => ({ ...f, id: i + 1 }))
  await db.query(
    `insert into firms (name, credit_code, sector)
     select name, credit_code, sector from jsonb_to_recordset($1::jsonb) as x(id int, name text, credit_code text, sector text)
     order by id`,
    [JSON.stringify(firms.map(({ id, name, credit_code, sector }) => ({ id, name, credit_code, sector })))],
  )
  await db.query(
    `insert into firm_parcels (firm_id, parcel_id)
     select x.firm_id, p.id from jsonb_to_recordset($1::jsonb) as x(firm_id bigint, code text)
     join parcels p on p.code = x.code`,
    [JSON.stringify(firms.flatMap((f) => f.parcel_codes.map((code) => ({ firm_id: f.id, code }))))],
  )
  await db.query(
    `update projects p set firm_id = x.firm_id
     from jsonb_to_recordset($1::jsonb) as x(firm_id bigint, project_id bigint) where p.id = x.project_id`,
    [
      JSON.stringify(
        firms.flatMap((f) => f.project_indices.map((i) => ({ firm_id: f.id, project_id: i + 1 }))),
      ),
    ],
  )
  await db.query(
    `insert into firm_indicators (firm_id, year, tax_wan, output_wan, energy_tce, employees, rd_wan)
     select firm_id, year, tax_wan, output_wan, energy_tce, employees, rd_wan from jsonb_to_recordset($1::jsonb)
       as x(firm_id bigint, year int, tax_wan numeric, output_wan numeric, energy_tce numeric, employees int,
         rd_wan numeric)`,
    [JSON.stringify(firms.flatMap((f) => f.indicators.map((y) => ({ ...y, firm_id: f.id }))))],
  )
  await db.query(
    `insert into land_commitments (parcel_id, firm_id, project_id, sold_on, investment_wan_per_mu, output_wan_per_mu,
       tax_wan_per_mu, far_min, start_by, complete_by, output_from_year, started_on, completed_on, invested_wan,
       built_far)
     select p.id, x.firm_id, x.project_id, x.sold_on, x.investment_wan_per_mu, x.output_wan_per_mu, x.tax_wan_per_mu,
       x.far_min, x.start_by, x.complete_by, x.output_from_year, x.started_on, x.completed_on, x.invested_wan,
       x.built_far
     from jsonb_to_recordset($1::jsonb) as x(firm_id bigint, project_id bigint, parcel_code text, sold_on date,
       investment_wan_per_mu numeric, output_wan_per_mu numeric, tax_wan_per_mu numeric, far_min numeric,
       start_by date, complete_by date, output_from_year int, started_on date, completed_on date,
       invested_wan numeric, built_far numeric)
     join parcels p on p.code = x.parcel_code`,
    [
      JSON.stringify(
        firms.flatMap((f) =>
          f.commitments.map((c) => ({
            ...c,
            firm_id: f.id,
            project_id: c.project_index === null ? null : c.project_index + 1,
          })),
        ),
      ),
    ],
  )
}
