import type { Feature, FeatureCollection, LineString, MultiPolygon, Point, Polygon } from 'geojson'
import type {
  InfrastructureKind,
  InfrastructureStatus,
  LandUse,
  MilestoneKind,
  ParcelStatus,
  ProjectKind,
  ProjectStage,
  Readiness,
  Role,
  Sector,
} from '../../server/domain/vocabulary'

// Response shapes of the HTTP contract (/work/shared/API.md) until the server exports AppType for hc.

export type Session = { username: string; role: Role }

export type Zone = {
  name: string
  /** null while the district has no parcels */
  bbox: [number, number, number, number] | null
  today: string
  basemap_style_url: string | null
  /** every parcel of the zone, and the area of those available (mu) */
  parcels: { count: number; available_mu: number }
}

export type ParcelProperties = {
  id: number
  code: string
  name: string | null
  status: ParcelStatus
  land_use: LandUse
  area_m2: number
  area_mu: number
  available_on: string | null
  target_on: string | null
  readiness: Readiness | null
  version: number
}

export type ParcelCollection = FeatureCollection<MultiPolygon, ParcelProperties> & { numberMatched?: number }

/** GET /api/parcels/readiness: the forecast of the parcels in a box (those with a schedule or a target date). */
export type ParcelReadiness = { id: number; readiness: Readiness | null; available_on: string | null }
export type ParcelReadinessAnswer = { as_of: string; truncated: boolean; parcels: ParcelReadiness[] }

export type Milestone = {
  kind: MilestoneKind
  planned_on: string | null
  actual_on: string | null
  /** when the milestone is expected to be done, from the schedule and today's date */
  forecast_on?: string | null
  status: string
  owner: string | null
  note: string | null
}

export type ParcelProject = { id: number; name: string; company: string; stage: ProjectStage }

/** GET /api/parcels/:id: the parcel's Feature, with its milestones and project beside the properties. */
export type ParcelDetail = Feature<MultiPolygon, ParcelProperties> & {
  milestones: Milestone[]
  project: ParcelProject | null
}

export type Project = {
  id: number
  name: string
  company: string
  sector: Sector
  kind: ProjectKind
  stage: ProjectStage
  investment_wan: number
  signed_on: string | null
  landed_on: string | null
  manager: string | null
  parcel_id: number | null
  location: Point | null
  needs: Record<string, unknown>
  version: number
}

export type InfrastructureProperties = {
  id: number
  kind: InfrastructureKind
  name: string
  status: InfrastructureStatus
  progress_pct: number
  planned_start: string | null
  planned_finish: string | null
  actual_finish: string | null
  late: boolean
  version: number
}

export type InfrastructureCollection = FeatureCollection<
  LineString | Point | Polygon,
  InfrastructureProperties
>

// ---- land officers (issue 3): milestone writes, backward schedule, history, late list ----

/** A milestone as GET /api/parcels/:id gives it once writes exist: with the version a PATCH must send. */
export type MilestoneDetail = Milestone & { version: number }

/** POST /api/parcels/:id/schedule: planned_on is each milestone's latest finish (倒排). */
export type ScheduleResult = {
  target_on: string
  milestones: {
    kind: MilestoneKind
    start_on: string
    planned_on: string
    duration_days?: number
    adjusted?: string | null
  }[]
  saved: boolean
}

export type ZoneSettings = {
  milestone_durations: Record<MilestoneKind, number>
  at_risk_margin_days: number
}

export type HistoryEntry = {
  id: number
  entity_type: string
  entity_id: number
  action: string
  actor: string | null
  changed_at: string
  changes: Record<string, unknown>
  reason: string | null
}

export type LateMilestone = {
  parcel_id: number
  code: string
  name: string | null
  kind: MilestoneKind
  planned_on: string
  forecast_on: string | null
  owner: string | null
  days_late: number
}

export type MilestonePatchBody = {
  actual_on?: string | null
  planned_on?: string | null
  owner?: string | null
  note?: string | null
  reason?: string
  version: number
}

export type ParcelWriteBody = {
  code?: string
  name?: string | null
  land_use?: LandUse
  status?: ParcelStatus
  target_on?: string | null
  geometry?: MultiPolygon | Polygon
  reason?: string
}

/** One parcel as the write routes answer it (no milestones). */
export type ParcelFeature = Feature<MultiPolygon, ParcelProperties>

// ---- investment teams (issue 4): project detail, blockers, matching, reservations ----

export type StageEntry = {
  stage: ProjectStage
  entered_on: string
  note: string | null
  actor: string | null
  recorded_at: string
}

export type Blocker = {
  id: number
  project_id: number
  title: string
  owner: string
  due_on: string | null
  status: 'open' | 'in_progress' | 'resolved'
  resolution: string | null
  overdue: boolean
  version: number
}

export type Reservation = {
  id: number
  parcel_id: number
  parcel_code: string
  reserved_on: string
  until: string
}

export type ProjectNeeds = {
  area_mu_min: number | null
  area_mu_max: number | null
  land_use: LandUse[] | null
  needed_by: string | null
  power_kva: number | null
}

/** GET /api/projects/:id: the project with its stage history, blockers and reservation. */
export type ProjectDetail = Omit<Project, 'needs'> & {
  needs: ProjectNeeds
  source_city: string | null
  expected_jobs: number | null
  dropped_reason: string | null
  overdue_blockers: number
  stage_history: StageEntry[]
  blockers: Blocker[]
  reservation: Reservation | null
}

export type MatchReason = {
  criterion: string
  score: number
  weight: number
  detail: string
  detail_zh: string
}

export type ParcelMatch = {
  parcel_id: number
  code: string
  score: number
  eligible: boolean
  eligible_once?: string
  eligible_once_zh?: string
  area_mu: number
  land_use: LandUse
  status: ParcelStatus
  available_on: string | null
  geometry: MultiPolygon
  reasons: MatchReason[]
}

export type ProjectMatch = {
  project_id: number
  name: string
  company: string
  sector: Sector
  stage: ProjectStage
  score: number
  eligible: boolean
  eligible_once?: string
  eligible_once_zh?: string
  reasons: MatchReason[]
}

// ---- leaders (issue 5): dashboard, infrastructure detail, briefing ----

export type MoneyFigure = { count: number; investment_wan: number; investment_yi: number }

/** GET /api/dashboard?from&to: rates are fractions (0–1), land in mu, money in 万元 and 亿元. */
export type Dashboard = {
  period: { from: string; to: string }
  signed: MoneyFigure & {
    over_10yi: number
    over_1yi: number
    by_month: (MoneyFigure & { month: string })[]
    by_sector: (MoneyFigure & { sector: Sector })[]
  }
  expansion: { count: number }
  landing_rate: number
  conversion_rate: number
  land: { available_mu_by_month: { month: string; mu: number }[] }
  late_milestones: number
  late_by_owner: { owner: string; milestones: number; blockers: number }[]
  infrastructure: { avg_progress_pct: number; late: number; count: number }
}

export type InfrastructureProgress = {
  reported_on: string
  progress_pct: number
  note: string | null
  actor: string | null
}

/** GET /api/infrastructure/:id: the item's Feature with its progress history and the parcels it serves. */
export type InfrastructureDetail = Feature<LineString | Point | Polygon, InfrastructureProperties> & {
  progress: InfrastructureProgress[]
  serves: { id: number; code: string; name: string | null; status: ParcelStatus }[]
}

/** POST /api/briefing.pdf */
export type BriefingBody = {
  title: string
  subtitle?: string
  date: string
  kpis: { label: string; value: string }[]
  legend: { label: string; colour: string }[]
  map_png: string
}

// ---- administration (issue 7): accounts and API tokens ----

/** GET /api/admin/users: timestamps are ISO 8601 with offset; last_login_at is the last successful login. */
export type AdminUser = {
  id: number
  username: string
  display_name: string | null
  role: Role
  disabled: boolean
  created_at: string
  last_login_at: string | null
}

export type NewUserBody = { username: string; password: string; role: Role; display_name?: string | null }

export type UserChangeBody = {
  role?: Role
  disabled?: boolean
  display_name?: string | null
  password?: string
}

/** GET /api/admin/tokens: created_by is the admin who issued the token; its secret is never listed. */
export type ApiTokenInfo = {
  id: number
  name: string
  role: Role
  created_by: string | null
  revoked: boolean
  created_at: string
  last_used_at: string | null
}

/** POST /api/auth/tokens: the only answer that carries the token's secret. */
export type IssuedToken = { id: number; name: string; role: Role; token: string }
