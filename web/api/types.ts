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
