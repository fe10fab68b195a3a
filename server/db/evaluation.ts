import type { EvaluationSettings, Grade, IndicatorKey, NotGradedReason } from '../domain/evaluation'
import type { Queryable } from './pool'

export interface EvaluationRow {
  firmId: number
  name: string
  sector: string | null
  /** the land of the firm's parcels, in 亩 (from ST_Area on geography) */
  areaMu: number | null
  parcelIds: number[]
  /** the indicator values of the year, every configured one (null where it cannot be computed) */
  values: Partial<Record<IndicatorKey, number | null>>
  /** per configured indicator: the value, the 20–100 indicator score, its weight and the points it adds */
  breakdown: {
    key: IndicatorKey
    value: number
    min: number
    max: number
    score: number
    weight: number
    points: number
  }[]
  score: number | null
  rank: number | null
  grade: Grade | null
  reason: NotGradedReason | null
  /** for missing_values: which reported figures are missing */
  missing: string[]
}

/**
 * Grades every firm for `year`, in one statement: the firm's land in 亩 is the sum of its parcels' ST_Area on the
 * spheroid (parcels.area_m2 ÷ 666.67); each configured indicator is a ratio of the year's figures; over the firms
 * graded, indicator score = 20 + 80 × (x − min) / (max − min) (mirrored, (max − x), where lower is better; 100 when
 * every firm has the same value), points = weight / 100 × indicator score, score = Σ points rounded to 2 decimals.
 * Ranks are taken on the rounded score (equal scores share a rank and a grade): A when rank ≤ ⌊n × a %⌋, D when the
 * rank from the bottom ≤ ⌊n × d %⌋, B when rank ≤ ⌊n × b %⌋, otherwise C (see gradeOf in domain/evaluation.ts).
 * A firm without parcels, without the year's row, with a figure missing or a ratio's denominator zero is not
 * graded, with the reason, and takes no part in the min and max.
 */
export async function gradeFirms(
  db: Queryable,
  year: number,
  settings: EvaluationSettings,
): Promise<EvaluationRow[]> {
  // a plain read (on a read replica when the request may use one): JIT, whose compiling took seconds for this query
  // of milliseconds (the planner's guesses over the per-firm CTEs pass its threshold), is off on every connection
  // of the pools (pool.ts), and the embedded database has none
  const { rows } = await db.query<EvaluationRow>(
    `with cfg as (
       select key, weight::numeric as weight, key = 'energy_per_mu' as lower_better
       from jsonb_to_recordset($2::jsonb) as s(key text, weight float8)
     ),
     land as (
       select fp.firm_id, sum(p.area_m2)::numeric / (10000.0 / 15) as mu,
         array_agg(p.id order by p.id) as parcel_ids
       from firm_parcels fp join parcels p on p.id = fp.parcel_id
       group by fp.firm_id
     ),
     base as (
       select f.id, f.name, f.sector, l.mu, coalesce(l.parcel_ids, '{}') as parcel_ids, i.firm_id is not null as reported,
         i.tax_wan, i.output_wan, i.energy_tce, i.employees::numeric as employees, i.rd_wan
       from firms f
       left join land l on l.firm_id = f.id
       left join firm_indicators i on i.firm_id = f.id and i.year = $1
     ),
     -- the figures each indicator needs, and its value (null when a figure is missing or a denominator is zero)
     vals as (
       select b.id, c.key, c.weight, c.lower_better, need.figures,
         array(select f from unnest(need.figures) f
           where case f when 'tax_wan' then b.tax_wan when 'output_wan' then b.output_wan
             when 'energy_tce' then b.energy_tce when 'employees' then b.employees when 'rd_wan' then b.rd_wan end is null
         ) as missing,
         case c.key
           when 'tax_per_mu' then b.tax_wan / nullif(b.mu, 0)
           when 'output_per_mu' then b.output_wan / nullif(b.mu, 0)
           when 'energy_per_mu' then b.energy_tce / nullif(b.mu, 0)
           when 'output_per_tce' then b.output_wan / nullif(b.energy_tce, 0)
           when 'rd_share' then 100 * b.rd_wan / nullif(b.output_wan, 0)
           when 'rd_per_mu' then b.rd_wan / nullif(b.mu, 0)
           when 'employees_per_mu' then b.employees / nullif(b.mu, 0)
           when 'output_per_employee' then b.output_wan / nullif(b.employees, 0)
         end as x
       from base b cross join cfg c
       cross join lateral (select case c.key
           when 'tax_per_mu' then array['tax_wan']
           when 'output_per_mu' then array['output_wan']
           when 'energy_per_mu' then array['energy_tce']
           when 'output_per_tce' then array['output_wan', 'energy_tce']
           when 'rd_share' then array['rd_wan', 'output_wan']
           when 'rd_per_mu' then array['rd_wan']
           when 'employees_per_mu' then array['employees']
           when 'output_per_employee' then array['output_wan', 'employees']
         end as figures) need
     ),
     status as (
       select b.id,
         case
           when b.mu is null or b.mu = 0 then 'no_land'
           when not b.reported then 'no_indicators'
           when bool_or(m.figure is not null) then 'missing_values'
           when bool_or(v.x is null) then 'zero_denominator'
         end as reason,
         coalesce(array_agg(distinct m.figure order by m.figure) filter (where m.figure is not null), '{}') as missing,
         coalesce(jsonb_object_agg(v.key, round(v.x, 4)) filter (where v.key is not null), '{}') as values
       from base b
       left join vals v on v.id = b.id
       left join lateral unnest(v.missing) m(figure) on true
       group by b.id, b.mu, b.reported
     ),
     graded as (
       select v.*, min(v.x) over (partition by v.key) as lo, max(v.x) over (partition by v.key) as hi
       from vals v join status s on s.id = v.id and s.reason is null
     ),
     parts as (
       select g.id, g.key, g.x, g.lo, g.hi, g.weight,
         case when g.hi = g.lo then 100
           when g.lower_better then 20 + 80 * (g.hi - g.x) / (g.hi - g.lo)
           else 20 + 80 * (g.x - g.lo) / (g.hi - g.lo) end as s
       from graded g
     ),
     scored as (
       select id, round(sum(weight / 100 * s), 2) as score,
         jsonb_agg(jsonb_build_object('key', key, 'value', round(x, 4)::float8, 'min', round(lo, 4)::float8,
           'max', round(hi, 4)::float8, 'score', round(s, 2)::float8, 'points', round(weight / 100 * s, 2)::float8,
           'weight', weight::float8) order by weight desc, key) as breakdown
       from parts group by id
     ),
     ranked as (
       select id, score, breakdown, rank() over (order by score desc) as r, rank() over (order by score) as rb,
         count(*) over () as n
       from scored
     )
     select b.id::int as "firmId", b.name, b.sector, round(b.mu, 2)::float8 as "areaMu",
       b.parcel_ids::int[] as "parcelIds",
       s.values,
       coalesce(r.breakdown, '[]') as breakdown, r.score::float8 as score, r.r::int as rank,
       case when r.id is null then null
         when r.r <= floor(r.n * $3::numeric / 100) then 'A'
         when r.rb <= floor(r.n * $5::numeric / 100) then 'D'
         when r.r <= floor(r.n * $4::numeric / 100) then 'B'
         else 'C' end as grade,
       s.reason, s.missing
     from base b join status s on s.id = b.id left join ranked r on r.id = b.id
     order by r.score desc nulls last, b.name`,
    [
      year,
      JSON.stringify(settings.indicators),
      settings.grade_percentiles.a,
      settings.grade_percentiles.b,
      settings.grade_percentiles.d,
    ],
  )
  return rows
}

/** The zone's tax per mu in `year`: Σ tax ÷ Σ 亩 over the firms with land that reported tax (万元/亩), or null. */
export async function findZoneTaxPerMu(db: Queryable, year: number): Promise<number | null> {
  const { rows } = await db.query<{ v: number | null }>(
    `with land as (
       select fp.firm_id, sum(p.area_m2)::numeric / (10000.0 / 15) as mu
       from firm_parcels fp join parcels p on p.id = fp.parcel_id group by fp.firm_id
     )
     select round(sum(i.tax_wan) / nullif(sum(l.mu), 0), 2)::float8 as v
     from firm_indicators i join land l on l.firm_id = i.firm_id
     where i.year = $1 and i.tax_wan is not null and l.mu > 0`,
    [year],
  )
  return rows[0]?.v ?? null
}
