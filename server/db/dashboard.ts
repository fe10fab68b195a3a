import type { Sector } from '../domain/vocabulary'
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
export async function findSignedFigures(db: Queryable, from: string, to: string): Promise<SignedFigures> {
  const { rows } = await db.query<SignedFigures>(
    `select
       count(*) filter (where signed) ::int as count,
       coalesce(sum(investment_wan) filter (where signed), 0)::bigint as "investmentWan",
       count(*) filter (where signed and investment_wan >= 100000)::int as "over10Yi",
       count(*) filter (where signed and investment_wan >= 10000)::int as "over1Yi",
       count(*) filter (where kind = 'expansion' and landed_on between $1 and $2
         and stage in ('land_acquired', 'construction', 'in_production'))::int as "expansionLanded"
     from (select *, (signed_on between $1 and $2 and stage <> 'dropped') as signed from projects) p`,
    [from, to],
  )
  const row = rows[0]
  if (!row) throw new Error('figures query returned no row')
  return row
}

/**
 * Landing rate: of the projects signed in the period, the share that landed (took their land) by its end.
 * Conversion rate: of the leads opened in the period, the share signed by its end.
 */
export async function findRates(db: Queryable, from: string, to: string) {
  const { rows } = await db.query<{ signed: number; landed: number; leads: number; converted: number }>(
    `select
       count(*) filter (where signed_on between $1 and $2 and stage <> 'dropped')::int as signed,
       count(*) filter (where signed_on between $1 and $2 and stage <> 'dropped' and landed_on <= $2)::int as landed,
       count(*) filter (where lead_on between $1 and $2)::int as leads,
       count(*) filter (where lead_on between $1 and $2 and signed_on <= $2)::int as converted
     from projects`,
    [from, to],
  )
  return rows[0] ?? { signed: 0, landed: 0, leads: 0, converted: 0 }
}

export async function findSignedBreakdown(db: Queryable, from: string, to: string) {
  const [byMonth, bySector] = [
    await db.query<{ month: string; count: number; investment_wan: number }>(
      `select to_char(signed_on, 'YYYY-MM') as month, count(*)::int as count, sum(investment_wan)::bigint as investment_wan
       from projects where signed_on between $1 and $2 and stage <> 'dropped' group by 1 order by 1`,
      [from, to],
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

/** Late milestones (planned before today, not done) per owner, and overdue open blockers per owner. */
export async function findLateByOwner(db: Queryable, today: string) {
  const { rows } = await db.query<{ owner: string; milestones: number; blockers: number }>(
    `select owner, sum(milestones)::int as milestones, sum(blockers)::int as blockers from (
       select coalesce(owner, '—') as owner, 1 as milestones, 0 as blockers from parcel_milestones
       where actual_on is null and planned_on < $1
       union all
       select coalesce(owner, '—'), 0, 1 from blockers where status <> 'resolved' and due_on < $1
     ) x group by owner order by sum(milestones) + sum(blockers) desc, owner`,
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
