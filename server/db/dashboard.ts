import type { CommitmentCheck } from '../domain/evaluation'
import type { Sector } from '../domain/vocabulary'
import { LATE_FOLLOW_UPS_SQL } from './follow-ups'
import type { Queryable } from './pool'

export interface SignedFigures {
  count: number
  investmentWan: number
  over10Yi: number
  over1Yi: number
  expansionLanded: number
}

/**
 * The headline project figures for a period [from, to] (zone dates, inclusive):
 * signed = projects signed in the period and not dropped; ≥10 亿 = investment_wan ≥ 100000, ≥1 亿 = ≥ 10000;
 * expansion = expansion projects (增资扩产) that landed in the period and are on their land or further.
 */
export async function findSignedFigures(
  db: Queryable,
  from: string,
  to: string,
  sector: Sector | null = null,
): Promise<SignedFigures> {
  const { rows } = await db.query<SignedFigures>(
    `select
       count(*) filter (where signed) ::int as count,
       coalesce(sum(investment_wan) filter (where signed), 0)::bigint as "investmentWan",
       count(*) filter (where signed and investment_wan >= 100000)::int as "over10Yi",
       count(*) filter (where signed and investment_wan >= 10000)::int as "over1Yi",
       count(*) filter (where kind = 'expansion' and landed_on between $1 and $2
         and stage in ('land_acquired', 'construction', 'in_production'))::int as "expansionLanded"
     from (select *, (signed_on between $1 and $2 and stage <> 'dropped') as signed from projects
       where $3::text is null or sector = $3) p`,
    [from, to, sector],
  )
  const row = rows[0]
  if (!row) throw new Error('figures query returned no row')
  return row
}

/**
 * Landing rate: of the projects signed in the period, the share that landed (took their land) by its end.
 * Conversion rate: of the leads opened in the period, the share signed by its end.
 */
export async function findRates(db: Queryable, from: string, to: string, sector: Sector | null = null) {
  const { rows } = await db.query<{ signed: number; landed: number; leads: number; converted: number }>(
    `select
       count(*) filter (where signed_on between $1 and $2 and stage <> 'dropped')::int as signed,
       count(*) filter (where signed_on between $1 and $2 and stage <> 'dropped' and landed_on <= $2)::int as landed,
       count(*) filter (where lead_on between $1 and $2)::int as leads,
       count(*) filter (where lead_on between $1 and $2 and signed_on <= $2)::int as converted
     from projects where $3::text is null or sector = $3`,
    [from, to, sector],
  )
  return rows[0] ?? { signed: 0, landed: 0, leads: 0, converted: 0 }
}

/** Signed per month (of `sector` when given) and per sector (always all sectors) in the period. */
export async function findSignedBreakdown(
  db: Queryable,
  from: string,
  to: string,
  sector: Sector | null = null,
) {
  const [byMonth, bySector] = [
    await db.query<{ month: string; count: number; investment_wan: number }>(
      `select to_char(signed_on, 'YYYY-MM') as month, count(*)::int as count, sum(investment_wan)::bigint as investment_wan
       from projects where signed_on between $1 and $2 and stage <> 'dropped' and ($3::text is null or sector = $3)
       group by 1 order by 1`,
      [from, to, sector],
    ),
    await db.query<{ sector: Sector; count: number; investment_wan: number }>(
      `select sector, count(*)::int as count, sum(investment_wan)::bigint as investment_wan
       from projects where signed_on between $1 and $2 and stage <> 'dropped' group by 1 order by 3 desc`,
      [from, to],
    ),
  ]
  return { byMonth: byMonth.rows, bySector: bySector.rows }
}

export async function findInfrastructureFigures(db: Queryable, today: string) {
  const { rows } = await db.query<{ avg: number | null; late: number; count: number }>(
    `select avg(progress_pct)::float8 as avg, count(*)::int as count,
       count(*) filter (where status <> 'done' and planned_finish < $1)::int as late
     from infrastructure`,
    [today],
  )
  return rows[0] ?? { avg: null, late: 0, count: 0 }
}

/**
 * Late items per owner: milestones planned before today and not done, open blockers past their due date,
 * infrastructure unfinished past its planned finish, and follow-ups whose next action is past its date (owned by
 * the project's manager). Owners without a name read '—'.
 */
export async function findLateByOwner(db: Queryable, today: string) {
  const { rows } = await db.query<{
    owner: string
    milestones: number
    blockers: number
    infrastructure: number
    follow_ups: number
  }>(
    `select owner, count(*) filter (where kind = 'milestone')::int as milestones,
       count(*) filter (where kind = 'blocker')::int as blockers,
       count(*) filter (where kind = 'infrastructure')::int as infrastructure,
       count(*) filter (where kind = 'follow_up')::int as follow_ups
     from (${LATE_ITEMS_SQL}) x
     group by owner order by count(*) desc, owner`,
    [today],
  )
  return rows
}

/** Every late item on `$1` (today), one row each: what kind, whose, what, since when, and where it is. */
const LATE_ITEMS_SQL = `
  select 'milestone' as kind, coalesce(nullif(trim(m.owner), ''), '—') as owner, m.planned_on as due_on,
    p.code || ' ' || m.kind as label, m.kind as detail, p.id as parcel_id, null::bigint as project_id,
    null::bigint as infrastructure_id
  from parcel_milestones m join parcels p on p.id = m.parcel_id
  where m.actual_on is null and m.planned_on < $1::date
  union all
  select 'blocker', coalesce(nullif(trim(b.owner), ''), '—'), b.due_on, b.title, pr.name, null, pr.id, null
  from blockers b join projects pr on pr.id = b.project_id
  where b.status <> 'resolved' and b.due_on < $1::date
  union all
  select 'infrastructure', coalesce(nullif(trim(i.owner), ''), '—'), i.planned_finish, i.name, i.kind, null, null, i.id
  from infrastructure i
  where i.status <> 'done' and i.planned_finish < $1::date
  union all
  select 'follow_up', f.owner, f.next_on, f.next_action, f.project_name, null, f.project_id, null
  from (${LATE_FOLLOW_UPS_SQL}) f`

export interface LateItem {
  kind: 'milestone' | 'blocker' | 'infrastructure' | 'follow_up' | 'commitment'
  owner: string
  due_on: string
  label: string
  /** the milestone kind, the blocker's or follow-up's project name, the infrastructure kind */
  detail: string
  parcel_id: number | null
  project_id: number | null
  infrastructure_id: number | null
  days_late: number
  /** a breached 标准地 commitment (kind 'commitment', services/firms/late-commitments.ts): its id */
  commitment_id?: number
  /** …and its breached checks, each with its shortfall (万元/亩, FAR, or days late) */
  breached?: {
    check: CommitmentCheck
    year: number | null
    due_on: string
    committed: number | null
    actual: number | null
    shortfall: number | null
  }[]
}

/** Every late item, the longest late first. */
export async function findLateItems(db: Queryable, today: string): Promise<LateItem[]> {
  const { rows } = await db.query<LateItem>(
    `select x.*, ($1::date - x.due_on)::int as days_late from (${LATE_ITEMS_SQL}) x
     order by x.due_on, x.kind, x.label`,
    [today],
  )
  return rows
}

/**
 * Land coming available per month of the months the period touches: the area (m²) of the parcels ready to offer
 * in that month and not yet handed over (the stored forecast's available_on, actual or forecast). Read from the
 * monthly sums the forecast writes keep (land_available_months, migration 0015), not summed per parcel.
 */
export async function findAvailableAreaByMonth(db: Queryable, from: string, to: string) {
  const { rows } = await db.query<{ month: string; area_m2: number }>(
    `select to_char(month, 'YYYY-MM') as month, area_m2::float8 as area_m2
     from land_available_months
     where month >= date_trunc('month', $1::date)::date
       and month < (date_trunc('month', $2::date) + interval '1 month')::date
       and parcels > 0`,
    [from, to],
  )
  return rows
}
