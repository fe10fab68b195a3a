import type { hc, InferRequestType, InferResponseType } from 'hono/client'
import type { AppType } from '../../server/app'

// Response shapes of the HTTP contract (/work/shared/API.md), read from the server's routes (AppType) so that
// no shape is written twice. The names stay those the features import.

type Client = ReturnType<typeof hc<AppType>>
type Answer<Endpoint> = InferResponseType<Endpoint, 200>
type Parcels = Client['parcels']
type Projects = Client['projects']

export type { ParcelProperties, ParcelReadiness } from '../../server/domain/parcel'

export type Session = Answer<Client['auth']['me']['$get']>

export type Zone = Answer<Client['zone']['$get']>

export type ParcelCollection = Answer<Parcels['$get']>

/** GET /api/parcels/readiness: the forecast of the parcels in a box (those with a schedule or a target date). */
export type ParcelReadinessAnswer = Answer<Parcels['readiness']['$get']>

/** GET /api/parcels/:id: the parcel's Feature, with its milestones and project beside the properties. */
export type ParcelDetail = Answer<Parcels[':id']['$get']>

/** A milestone as GET /api/parcels/:id gives it: with its forecast and the version a PATCH must send. */
export type Milestone = ParcelDetail['milestones'][number]
export type MilestoneDetail = Milestone

export type ParcelProject = NonNullable<ParcelDetail['project']>

export type Project = Answer<Projects['$get']>[number]

export type InfrastructureCollection = Answer<Client['infrastructure']['$get']>

export type InfrastructureProperties = InfrastructureCollection['features'][number]['properties']

// ---- land officers (issue 3): milestone writes, backward schedule, history, late list ----

/** POST /api/parcels/:id/schedule: planned_on is each milestone's latest finish (倒排). */
export type ScheduleResult = Answer<Parcels[':id']['schedule']['$post']>

export type ZoneSettings = Answer<Client['zone']['settings']['$get']>

export type HistoryEntry = Answer<Parcels[':id']['history']['$get']>[number]

export type LateMilestone = Answer<Client['milestones']['late']['$get']>[number]

export type MilestonePatchBody = InferRequestType<Parcels[':id']['milestones'][':kind']['$patch']>['json']

export type ParcelCreateBody = InferRequestType<Parcels['$post']>['json']

/** PATCH /api/parcels/:id: the fields to change (the version goes beside them). */
export type ParcelWriteBody = Omit<InferRequestType<Parcels[':id']['$patch']>['json'], 'version'>

/** One parcel as GET /api/parcels lists it (no milestones), with its geometry (the default, `geometry=full`). */
export type ParcelFeature = Omit<ParcelCollection['features'][number], 'geometry'> & {
  geometry: GeoJSON.MultiPolygon
}

// ---- investment teams (issue 4): project detail, blockers, matching, reservations ----

/** GET /api/projects/:id: the project with its stage history, blockers and reservation. */
export type ProjectDetail = Answer<Projects[':id']['$get']>

export type StageEntry = ProjectDetail['stage_history'][number]

export type Blocker = ProjectDetail['blockers'][number]

export type Reservation = NonNullable<ProjectDetail['reservation']>

export type ProjectNeeds = ProjectDetail['needs']

export type ParcelMatch = Answer<Projects[':id']['matches']['$get']>[number]

export type MatchReason = ParcelMatch['reasons'][number]

export type ProjectMatch = Answer<Parcels[':id']['matches']['$get']>[number]

// ---- leaders (issue 5): dashboard, infrastructure detail, briefing ----

/** GET /api/dashboard?from&to: rates are fractions (0–1), land in mu, money in 万元 and 亿元. */
export type Dashboard = Answer<Client['dashboard']['$get']>

export type MoneyFigure = Pick<Dashboard['signed'], 'count' | 'investment_wan' | 'investment_yi'>

/** GET /api/infrastructure/:id: the item's Feature with its progress history and the parcels it serves. */
export type InfrastructureDetail = Answer<Client['infrastructure'][':id']['$get']>

export type InfrastructureProgress = InfrastructureDetail['progress'][number]

/** POST /api/briefing.pdf */
export type BriefingBody = InferRequestType<Client['briefing.pdf']['$post']>['json']

// ---- administration (issue 7): accounts and API tokens ----

/** GET /api/admin/users: timestamps are ISO 8601 with offset; last_login_at is the last successful login. */
export type AdminUser = Answer<Client['admin']['users']['$get']>[number]

export type NewUserBody = InferRequestType<Client['admin']['users']['$post']>['json']

export type UserChangeBody = InferRequestType<Client['admin']['users'][':id']['$patch']>['json']

/** GET /api/admin/tokens: created_by is the admin who issued the token; its secret is never listed. */
export type ApiTokenInfo = Answer<Client['admin']['tokens']['$get']>[number]

/** POST /api/auth/tokens: the only answer that carries the token's secret. */
export type IssuedToken = InferResponseType<Client['auth']['tokens']['$post'], 201>

/** GET /api/admin/audit: the latest login attempts and admin actions (accounts, tokens, settings), newest first. */
export type AuditLog = Answer<Client['admin']['audit']['$get']>

// ---- the investment pipeline in the web (issue 15): project forms, follow-ups, late items ----

/** POST /api/projects */
export type ProjectCreateBody = InferRequestType<Projects['$post']>['json']

/** PATCH /api/projects/:id (with the version the form was opened with) */
export type ProjectPatchBody = InferRequestType<Projects[':id']['$patch']>['json']

/** GET /api/projects/:id/follow-ups: visits and talks, latest first; `late` marks an open next action past its date */
export type FollowUp = Answer<Projects[':id']['follow-ups']['$get']>[number]

/** POST /api/projects/:id/follow-ups */
export type FollowUpBody = InferRequestType<Projects[':id']['follow-ups']['$post']>['json']

/** One late item of the dashboard (a milestone, a blocker, infrastructure or a follow-up's next action). */
export type LateItem = Dashboard['late_items'][number]

// ---- 压实责任 (issue 16): departments, graded late items, supervision orders (督办), notifications ----

/** GET /api/departments: by name, with how many active users each has. */
export type Department = Answer<Client['departments']['$get']>[number]
export type NewDepartmentBody = InferRequestType<Client['departments']['$post']>['json']
export type DepartmentChangeBody = InferRequestType<Client['departments'][':id']['$patch']>['json']

/** GET /api/late: a late item with its grade (正常/黄牌/红牌), worst first. */
export type GradedLateItem = Answer<Client['late']['$get']>[number]

/** GET /api/orders: an order with its grade while it is open. */
export type Order = Answer<Client['orders']['$get']>[number]

/** GET /api/orders/:id: the order with its thread of notes, oldest first. */
export type OrderDetail = Answer<Client['orders'][':id']['$get']>

export type OrderNote = OrderDetail['notes'][number]

/** POST /api/orders */
export type OrderCreateBody = InferRequestType<Client['orders']['$post']>['json']

/** PATCH /api/orders/:id */
export type OrderPatchBody = InferRequestType<Client['orders'][':id']['$patch']>['json']

/** GET /api/notifications: the caller's latest, newest first, and how many are unread. */
export type Notifications = Answer<Client['notifications']['$get']>

export type AppNotification = Notifications['items'][number]
