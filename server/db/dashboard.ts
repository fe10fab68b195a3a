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
