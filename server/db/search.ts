import type { SearchHit } from '../domain/search'
import type { Queryable } from './pool'
import { trigramIlike } from './trigram-ilike'

/**
 * Parcels (code, name), projects (name, company) and firms (name) holding `pattern` (an ILIKE pattern, see
 * containsPattern), at most `limit` in all: exact matches first, then matches at the start, then by trigram
 * similarity; the pg_trgm GIN indexes on lower(column) (migrations 0018, 0038) find the rows (see trigramIlike).
 */
export async function searchEverything(
  db: Queryable,
  text: string,
  pattern: string,
  limit: number,
): Promise<SearchHit[]> {
  const { rows } = await db.query<SearchHit & { rank: number }>(
    `with parcel_hits as (
       select 'parcel' as kind, p.id, p.code as label, p.name as detail, p.geom as place, p.id as parcel_id,
         case when lower(p.code) = lower($1) then 0 when p.code ilike $3 || '%' escape '\\' then 1
              when lower(p.name) = lower($1) then 2 else 3 end as rank,
         greatest(similarity(p.code, $1), similarity(coalesce(p.name, ''), $1)) as score
       from parcels p
       where ${trigramIlike('p.code', '$2')} or ${trigramIlike('p.name', '$2')}
       order by rank, score desc, p.code
       limit $4
     ), project_hits as (
       select 'project' as kind, j.id, j.name as label, j.company as detail,
         coalesce(pp.geom, j.location) as place, j.parcel_id,
         case when lower(j.name) = lower($1) or lower(j.company) = lower($1) then 0
              when j.name ilike $3 || '%' escape '\\' or j.company ilike $3 || '%' escape '\\' then 1
              else 3 end as rank,
         greatest(similarity(j.name, $1), similarity(j.company, $1)) as score
       from projects j left join parcels pp on pp.id = j.parcel_id
       where ${trigramIlike('j.name', '$2')} or ${trigramIlike('j.company', '$2')}
       order by rank, score desc, j.name
       limit $4
     ), firm_hits as (
       select 'firm' as kind, f.id, f.name as label,
         (select string_agg(fp2.code, ', ' order by fp2.code)
            from firm_parcels x join parcels fp2 on fp2.id = x.parcel_id where x.firm_id = f.id) as detail,
         (select ST_Collect(fp3.geom)
            from firm_parcels y join parcels fp3 on fp3.id = y.parcel_id where y.firm_id = f.id) as place,
         (select min(z.parcel_id) from firm_parcels z where z.firm_id = f.id) as parcel_id,
         case when lower(f.name) = lower($1) then 0 when f.name ilike $3 || '%' escape '\\' then 1 else 3 end
           as rank,
         similarity(f.name, $1) as score
       from firms f
       where ${trigramIlike('f.name', '$2')}
       order by rank, score desc, f.name
       limit $4
     )
     select kind, id::int as id, label, detail, parcel_id::int as "parcel_id", rank, score,
       case when place is null then null
            else json_build_array(ST_XMin(place), ST_YMin(place), ST_XMax(place), ST_YMax(place)) end as bbox
     from (select * from parcel_hits union all select * from project_hits union all select * from firm_hits) hits
     order by rank, score desc, kind, label
     limit $4`,
    [text, pattern, pattern.slice(1, -1), limit],
  )
  return rows.map(({ kind, id, label, detail, bbox, parcel_id }) => ({
    kind,
    id,
    label,
    detail,
    bbox,
    parcel_id,
  }))
}
