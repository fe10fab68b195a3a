import type { CommitmentCheck, CommitmentStatus } from '../domain/evaluation'
import type { Queryable } from './pool'

export interface FirmRow {
  id: number
  name: string
  creditCode: string | null
  sector: string | null
  areaMu: number
  parcelIds: number[]
  projectIds: number[]
  latestYear: number | null
  version: number
}

const FIRM_COLUMNS = `f.id::int, f.name, f.credit_code as "creditCode", f.sector, f.version,
  coalesce((select round(sum(p.area_m2)::numeric / (10000.0 / 15), 2) from firm_parcels fp
    join parcels p on p.id = fp.parcel_id where fp.firm_id = f.id), 0)::float8 as "areaMu",
  array(select fp.parcel_id::int from firm_parcels fp where fp.firm_id = f.id order by fp.parcel_id) as "parcelIds",
  array(select pr.id::int from projects pr where pr.firm_id = f.id order by pr.id) as "projectIds",
  (select max(i.year) from firm_indicators i where i.firm_id = f.id) as "latestYear"`

/** Every firm with its land (亩, from the parcels' geography), parcels, projects and latest year reported. */
export async function findFirms(db: Queryable): Promise<FirmRow[]> {
  const { rows } = await db.query<FirmRow>(`select ${FIRM_COLUMNS} from firms f order by f.name`)
  return rows
}

export async function findFirm(db: Queryable, id: number): Promise<FirmRow | null> {
  const { rows } = await db.query<FirmRow>(`select ${FIRM_COLUMNS} from firms f where f.id = $1`, [id])
  return rows[0] ?? null
}

export interface FirmIndicatorRow {
  year: number
  taxWan: number | null
  outputWan: number | null
  energyTce: number | null
  employees: number | null
  rdWan: number | null
  version: number
}

/** A firm's reported figures, year by year (oldest first). */
export async function findFirmIndicators(db: Queryable, firmId: number): Promise<FirmIndicatorRow[]> {
  const { rows } = await db.query<FirmIndicatorRow>(
    `select year, tax_wan::float8 as "taxWan", output_wan::float8 as "outputWan", energy_tce::float8 as "energyTce",
       employees, rd_wan::float8 as "rdWan", version
     from firm_indicators where firm_id = $1 order by year`,
    [firmId],
  )
  return rows
}

/** The firms named in an import, by name or 统一社会信用代码, locked for the import (in id order). */
export async function findFirmsByNameOrCode(
  db: Queryable,
  keys: readonly string[],
): Promise<{ id: number; name: string; creditCode: string | null }[]> {
  const { rows } = await db.query<{ id: number; name: string; creditCode: string | null }>(
    `select id::int, name, credit_code as "creditCode" from firms
     where name = any($1) or credit_code = any($1) order by id for update`,
    [keys],
  )
  return rows
}

/** Which of these firm-years are already reported ("firmId|year"), for a dry run to tell updates from new rows. */
export async function findReportedFirmYears(
  db: Queryable,
  keys: readonly { firmId: number; year: number }[],
): Promise<Set<string>> {
  const { rows } = await db.query<{ key: string }>(
    `select i.firm_id || '|' || i.year as key
     from firm_indicators i
     join jsonb_to_recordset($1::jsonb) as x("firmId" bigint, year int) on x."firmId" = i.firm_id and x.year = i.year`,
    [JSON.stringify(keys.map((k) => ({ firmId: k.firmId, year: k.year })))],
  )
  return new Set(rows.map((r) => r.key))
}

export interface IndicatorWrite {
  firmId: number
  year: number
  taxWan: number | null
  outputWan: number | null
  energyTce: number | null
  employees: number | null
  rdWan: number | null
}

/**
 * Writes imported figures (a row that exists is replaced and its version bumped); answers each row written with
 * what it was before (null when new), for the history.
 */
export async function upsertFirmIndicators(
  db: Queryable,
  rows: readonly IndicatorWrite[],
): Promise<{ firmId: number; year: number; before: Record<string, unknown> | null }[]> {
  const { rows: written } = await db.query<{
    firmId: number
    year: number
    before: Record<string, unknown> | null
  }>(
    `with input as (
       select * from jsonb_to_recordset($1::jsonb) as x("firmId" bigint, year int, "taxWan" numeric,
         "outputWan" numeric, "energyTce" numeric, employees int, "rdWan" numeric)
     ),
     old as (
       select i.firm_id, i.year, jsonb_build_object('tax_wan', i.tax_wan, 'output_wan', i.output_wan,
         'energy_tce', i.energy_tce, 'employees', i.employees, 'rd_wan', i.rd_wan) as before
       from firm_indicators i join input x on x."firmId" = i.firm_id and x.year = i.year
     ),
     up as (
       insert into firm_indicators (firm_id, year, tax_wan, output_wan, energy_tce, employees, rd_wan)
       select "firmId", year, "taxWan", "outputWan", "energyTce", employees, "rdWan" from input
       on conflict (firm_id, year) do update set tax_wan = excluded.tax_wan, output_wan = excluded.output_wan,
         energy_tce = excluded.energy_tce, employees = excluded.employees, rd_wan = excluded.rd_wan,
         version = firm_indicators.version + 1, updated_at = now()
       returning firm_id, year
     )
     select up.firm_id::int as "firmId", up.year, old.before
     from up left join old on old.firm_id = up.firm_id and old.year = up.year
     order by up.firm_id, up.year`,
    [JSON.stringify(rows)],
  )
  return written
}

export interface CommitmentCheckRow {
  check: CommitmentCheck
  /** for output and tax: the year checked */
  year: number | null
  due_on: string
  committed: number | null
  actual: number | null
  /** committed − actual (万元/亩, FAR), or days late for start and completion; 0 when met */
  shortfall: number | null
  status: CommitmentStatus
}

export interface CommitmentRow {
  id: number
  parcelId: number
  parcelCode: string
  areaMu: number
  firmId: number
  firmName: string
  projectId: number | null
  soldOn: string
  investmentWanPerMu: number | null
  outputWanPerMu: number | null
  taxWanPerMu: number | null
  farMin: number | null
  startBy: string
  completeBy: string
  outputFromYear: number
  startedOn: string | null
  completedOn: string | null
  investedWan: number | null
  builtFar: number | null
  status: CommitmentStatus
  checks: CommitmentCheckRow[]
  version: number
}

/**
 * The 标准地 commitments with each check due by `today` (a zone date) compared with what happened: start and
 * completion by their deadlines (shortfall in days late); at the completion deadline the investment intensity
 * (invested 万元 ÷ the parcel's 亩) and the FAR built, checked at completion if that came first; output and tax per mu (the firm's year ÷ the firm's 亩) for
 * every finished year from `output_from_year`. A figure not reported when it is due counts as breached (actual
 * null, the whole commitment short). Status: breached when any check is, met when some check is due and all are
 * met, pending when nothing is due yet.
 */
export async function findCommitments(
  db: Queryable,
  today: string,
  filter: { status?: CommitmentStatus; firmId?: number; parcelIds?: readonly number[] } = {},
): Promise<CommitmentRow[]> {
  const { rows } = await db.query<CommitmentRow>(
    `with c as (
       select c.*, p.code, p.area_m2::numeric / (10000.0 / 15) as mu, f.name as firm_name,
         (select sum(p2.area_m2)::numeric / (10000.0 / 15) from firm_parcels fp join parcels p2 on p2.id = fp.parcel_id
          where fp.firm_id = c.firm_id) as firm_mu
       from land_commitments c join parcels p on p.id = c.parcel_id join firms f on f.id = c.firm_id
       where ($2::bigint is null or c.firm_id = $2) and ($3::bigint[] is null or c.parcel_id = any($3))
     ),
     checks as (
       select c.id, x.*
       from c cross join lateral (
         select 'start' as "check", null::int as year, c.start_by as due_on, null::numeric as committed,
           null::numeric as actual,
           case when c.started_on is not null then greatest(c.started_on - c.start_by, 0)
             when $1::date > c.start_by then $1::date - c.start_by end::numeric as shortfall,
           case when c.started_on is not null then case when c.started_on > c.start_by then 'breached' else 'met' end
             when $1::date > c.start_by then 'breached' else 'pending' end as status
         union all
         select 'completion', null, c.complete_by, null, null,
           case when c.completed_on is not null then greatest(c.completed_on - c.complete_by, 0)
             when $1::date > c.complete_by then $1::date - c.complete_by end,
           case when c.completed_on is not null then case when c.completed_on > c.complete_by then 'breached' else 'met' end
             when $1::date > c.complete_by then 'breached' else 'pending' end
         union all
         select 'investment', null, least(c.completed_on, c.complete_by), c.investment_wan_per_mu, round(c.invested_wan / nullif(c.mu, 0), 2),
           null, null
         where c.investment_wan_per_mu is not null
         union all
         select 'far', null, least(c.completed_on, c.complete_by), c.far_min, c.built_far, null, null where c.far_min is not null
         union all
         select k.kind, y.year, make_date(y.year, 12, 31),
           case k.kind when 'output' then c.output_wan_per_mu else c.tax_wan_per_mu end,
           round(case k.kind when 'output' then i.output_wan else i.tax_wan end / nullif(c.firm_mu, 0), 2), null, null
         from (values ('output'), ('tax')) k(kind)
         cross join generate_series(c.output_from_year, extract(year from $1::date)::int - 1) y(year)
         left join firm_indicators i on i.firm_id = c.firm_id and i.year = y.year
         where case k.kind when 'output' then c.output_wan_per_mu else c.tax_wan_per_mu end is not null
       ) x
     ),
     judged as (
       select id, "check", year, due_on, committed, actual,
         case when status is not null then shortfall
           when $1::date <= due_on then null
           else greatest(committed - coalesce(actual, 0), 0) end as shortfall,
         coalesce(status, case when $1::date <= due_on then 'pending'
           when actual is null or actual < committed then 'breached' else 'met' end) as status
       from checks
     ),
     summed as (
       select id, case when bool_or(status = 'breached') then 'breached' when bool_or(status = 'met') then 'met'
           else 'pending' end as status,
         jsonb_agg(jsonb_build_object('check', "check", 'year', year, 'due_on', due_on, 'committed', committed::float8,
           'actual', actual::float8, 'shortfall', shortfall::float8, 'status', status)
           order by due_on, "check") as checks
       from judged group by id
     )
     select c.id::int, c.parcel_id::int as "parcelId", c.code as "parcelCode", round(c.mu, 2)::float8 as "areaMu",
       c.firm_id::int as "firmId", c.firm_name as "firmName", c.project_id::int as "projectId",
       to_char(c.sold_on, 'YYYY-MM-DD') as "soldOn",
       c.investment_wan_per_mu::float8 as "investmentWanPerMu", c.output_wan_per_mu::float8 as "outputWanPerMu",
       c.tax_wan_per_mu::float8 as "taxWanPerMu", c.far_min::float8 as "farMin",
       to_char(c.start_by, 'YYYY-MM-DD') as "startBy", to_char(c.complete_by, 'YYYY-MM-DD') as "completeBy",
       c.output_from_year as "outputFromYear", to_char(c.started_on, 'YYYY-MM-DD') as "startedOn",
       to_char(c.completed_on, 'YYYY-MM-DD') as "completedOn", c.invested_wan::float8 as "investedWan",
       c.built_far::float8 as "builtFar", s.status, s.checks, c.version
     from c join summed s on s.id = c.id
     where $4::text is null or s.status = $4
     order by c.code`,
    [today, filter.firmId ?? null, filter.parcelIds ?? null, filter.status ?? null],
  )
  return rows
}

/** Code and area (亩, from geography) of some parcels. */
export async function findParcelBriefs(
  db: Queryable,
  ids: readonly number[],
): Promise<{ id: number; code: string; areaMu: number }[]> {
  const { rows } = await db.query<{ id: number; code: string; areaMu: number }>(
    `select id::int, code, round(area_m2::numeric / (10000.0 / 15), 2)::float8 as "areaMu"
     from parcels where id = any($1) order by id`,
    [ids],
  )
  return rows
}

/** The firm of each expansion project (增资扩产) among `projectIds` that has one. */
export async function findExpansionFirms(
  db: Queryable,
  projectIds: readonly number[],
): Promise<{ projectId: number; firmId: number; name: string }[]> {
  const { rows } = await db.query<{ projectId: number; firmId: number; name: string }>(
    `select p.id::int as "projectId", f.id::int as "firmId", f.name
     from projects p join firms f on f.id = p.firm_id
     where p.id = any($1) and p.kind = 'expansion' order by p.id`,
    [projectIds],
  )
  return rows
}

/** Metres on the spheroid from a parcel to the nearest other parcel of each firm in `firmIds` within `reachM`. */
export async function findFirmDistances(
  db: Queryable,
  parcelId: number,
  firmIds: readonly number[],
  reachM: number,
): Promise<Map<number, number>> {
  const { rows } = await db.query<{ firmId: number; d: number }>(
    `select fp.firm_id::int as "firmId",
       round(min(ST_Distance(q.geom::geography, c.geom::geography))::numeric, 1)::float8 as d
     from parcels c
     join firm_parcels fp on fp.firm_id = any($2)
     join parcels q on q.id = fp.parcel_id and q.id <> c.id
     where c.id = $1 and ST_DWithin(q.geom::geography, c.geom::geography, $3)
     group by fp.firm_id`,
    [parcelId, firmIds, reachM],
  )
  return new Map(rows.map((r) => [r.firmId, r.d]))
}

/** A firm's own row, locked for a write. */
export async function lockFirm(
  db: Queryable,
  id: number,
): Promise<{
  id: number
  name: string
  credit_code: string | null
  sector: string | null
  version: number
} | null> {
  const { rows } = await db.query<{
    id: number
    name: string
    credit_code: string | null
    sector: string | null
    version: number
  }>('select id::int, name, credit_code, sector, version from firms where id = $1 for update', [id])
  return rows[0] ?? null
}

export async function insertFirm(
  db: Queryable,
  firm: { name: string; credit_code: string | null; sector: string | null },
): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    'insert into firms (name, credit_code, sector) values ($1, $2, $3) returning id::int',
    [firm.name, firm.credit_code, firm.sector],
  )
  return rows[0]?.id as number
}

export async function updateFirmRow(
  db: Queryable,
  id: number,
  firm: { name: string; credit_code: string | null; sector: string | null },
): Promise<void> {
  await db.query(
    `update firms set name = $2, credit_code = $3, sector = $4, version = version + 1, updated_at = now()
     where id = $1`,
    [id, firm.name, firm.credit_code, firm.sector],
  )
}

/** The firm uses exactly `parcelIds` from now on; answers the ids that are not parcels. */
export async function setFirmParcels(
  db: Queryable,
  firmId: number,
  parcelIds: readonly number[],
): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(
    'select x::int as id from unnest($1::bigint[]) x where not exists (select 1 from parcels p where p.id = x)',
    [parcelIds],
  )
  if (rows.length > 0) return rows.map((r) => r.id)
  await db.query('delete from firm_parcels where firm_id = $1 and not (parcel_id = any($2::bigint[]))', [
    firmId,
    parcelIds,
  ])
  await db.query(
    `insert into firm_parcels (firm_id, parcel_id) select $1, x from unnest($2::bigint[]) x
     on conflict (firm_id, parcel_id) do nothing`,
    [firmId, parcelIds],
  )
  return []
}

/** The firm that uses a parcel (a parcel is used by one firm at most), or null. */
export async function findParcelFirm(
  db: Queryable,
  parcelId: number,
): Promise<{ id: number; name: string } | null> {
  const { rows } = await db.query<{ id: number; name: string }>(
    `select f.id::int, f.name from firm_parcels fp join firms f on f.id = fp.firm_id where fp.parcel_id = $1`,
    [parcelId],
  )
  return rows[0] ?? null
}

/** Records that a firm uses a parcel from `since` (the parcel is no firm's yet: firm_parcels.parcel_id is unique). */
export async function insertFirmParcel(db: Queryable, firmId: number, parcelId: number, since: string) {
  await db.query('insert into firm_parcels (firm_id, parcel_id, since) values ($1, $2, $3)', [
    firmId,
    parcelId,
    since,
  ])
}

const COMMITMENT_COLUMNS = [
  'firm_id',
  'project_id',
  'sold_on',
  'investment_wan_per_mu',
  'output_wan_per_mu',
  'tax_wan_per_mu',
  'far_min',
  'start_by',
  'complete_by',
  'output_from_year',
  'started_on',
  'completed_on',
  'invested_wan',
  'built_far',
] as const
type CommitmentColumn = (typeof COMMITMENT_COLUMNS)[number]
export type CommitmentWrite = Record<CommitmentColumn, string | number | null>

/** A commitment's stored fields (dates as YYYY-MM-DD, numbers as numbers), locked for a write. */
export async function lockCommitment(
  db: Queryable,
  id: number,
): Promise<(CommitmentWrite & { id: number; parcel_id: number; version: number }) | null> {
  const { rows } = await db.query<CommitmentWrite & { id: number; parcel_id: number; version: number }>(
    `select id::int, parcel_id::int, firm_id::int, project_id::int, to_char(sold_on, 'YYYY-MM-DD') as sold_on,
       investment_wan_per_mu::float8, output_wan_per_mu::float8, tax_wan_per_mu::float8, far_min::float8,
       to_char(start_by, 'YYYY-MM-DD') as start_by, to_char(complete_by, 'YYYY-MM-DD') as complete_by,
       output_from_year, to_char(started_on, 'YYYY-MM-DD') as started_on,
       to_char(completed_on, 'YYYY-MM-DD') as completed_on, invested_wan::float8, built_far::float8, version
     from land_commitments where id = $1 for update`,
    [id],
  )
  return rows[0] ?? null
}

/** The commitment of a parcel's sale, if one is recorded (one sale per parcel). */
export async function findCommitmentIdOfParcel(db: Queryable, parcelId: number): Promise<number | null> {
  const { rows } = await db.query<{ id: number }>(
    'select id::int from land_commitments where parcel_id = $1',
    [parcelId],
  )
  return rows[0]?.id ?? null
}

export async function insertCommitment(db: Queryable, parcelId: number, c: CommitmentWrite): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `insert into land_commitments (parcel_id, ${COMMITMENT_COLUMNS.join(', ')})
     values ($1, ${COMMITMENT_COLUMNS.map((_, i) => `$${i + 2}`).join(', ')}) returning id::int`,
    [parcelId, ...COMMITMENT_COLUMNS.map((k) => c[k])],
  )
  return rows[0]?.id as number
}

export async function updateCommitmentRow(db: Queryable, id: number, c: CommitmentWrite): Promise<void> {
  await db.query(
    `update land_commitments set ${COMMITMENT_COLUMNS.map((k, i) => `${k} = $${i + 2}`).join(', ')},
       version = version + 1, updated_at = now()
     where id = $1`,
    [id, ...COMMITMENT_COLUMNS.map((k) => c[k])],
  )
}

/** Which of a parcel, a firm and a project exist (null ids are not asked about). */
export async function findCommitmentParties(
  db: Queryable,
  ids: { parcel_id: number | null; firm_id: number; project_id: number | null },
): Promise<{ parcel: boolean; firm: boolean; project: boolean }> {
  const { rows } = await db.query<{ parcel: boolean; firm: boolean; project: boolean }>(
    `select ($1::bigint is null or exists (select 1 from parcels where id = $1)) as parcel,
       exists (select 1 from firms where id = $2) as firm,
       ($3::bigint is null or exists (select 1 from projects where id = $3)) as project`,
    [ids.parcel_id, ids.firm_id, ids.project_id],
  )
  return rows[0] ?? { parcel: false, firm: false, project: false }
}
