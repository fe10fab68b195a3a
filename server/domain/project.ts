import { z } from 'zod'
import { csvOf, IsoDateString } from './query'
import { LandUse, PROJECT_STAGES, ProjectKind, ProjectStage, Sector } from './vocabulary'

export const ProjectQuery = z
  .object({
    stage: csvOf(ProjectStage).optional(),
    sector: csvOf(Sector).optional(),
    kind: csvOf(ProjectKind).optional(),
    manager: z.string().trim().min(1).max(100).optional(),
    q: z.string().trim().min(1).max(100).optional(),
  })
  .strict()
export type ProjectQuery = z.infer<typeof ProjectQuery>

/** The largest investment the zone records for one project: 1 万亿元 (10¹² yuan) in 万元, as the database allows. */
export const MAX_INVESTMENT_WAN = 100_000_000
/** No industrial parcel in a development zone is bigger than this (about 67 km²), so more is a typing error. */
export const MAX_AREA_MU = 100_000
/** 10 GVA: beyond any single plant's connection. */
export const MAX_POWER_KVA = 10_000_000

/**
 * What a project needs from a site, all optional: an area range in mu (min ≤ max), acceptable land uses,
 * the date it needs the land handed over, and the power connection in kVA.
 */
export const ProjectNeeds = z
  .object({
    area_mu_min: z.number().positive().max(MAX_AREA_MU).nullable().optional(),
    area_mu_max: z.number().positive().max(MAX_AREA_MU).nullable().optional(),
    land_use: z.array(LandUse).min(1).max(8).nullable().optional(),
    needed_by: IsoDateString.nullable().optional(),
    power_kva: z.number().int().min(0).max(MAX_POWER_KVA).nullable().optional(),
  })
  .strict()
  .refine((n) => n.area_mu_min == null || n.area_mu_max == null || n.area_mu_min <= n.area_mu_max, {
    message: 'area_mu_min must not exceed area_mu_max',
    path: ['area_mu_min'],
  })
export type ProjectNeeds = z.infer<typeof ProjectNeeds>

const Point = z.object({
  type: z.literal('Point'),
  coordinates: z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]).rest(z.number()),
})

const ProjectFields = {
  name: z.string().trim().min(1).max(200),
  company: z.string().trim().min(1).max(200),
  sector: Sector,
  kind: ProjectKind,
  investment_wan: z.number().int().min(0).max(MAX_INVESTMENT_WAN),
  source_city: z.string().trim().min(1).max(100).nullable(),
  expected_jobs: z.number().int().min(0).max(1_000_000).nullable(),
  manager: z.string().trim().min(1).max(100).nullable(),
  /** who to call at the company: names, titles, phone numbers, as written */
  contacts: z.string().trim().min(1).max(500).nullable(),
  /** the project's site; for an expansion (增资扩产), the existing firm's site */
  location: Point.nullable(),
  /** for an expansion: the parcel of the existing firm, whose point on surface becomes the location */
  existing_parcel_id: z.number().int().positive().nullable(),
  needs: ProjectNeeds,
}

export const ProjectCreate = z
  .object({
    ...ProjectFields,
    kind: ProjectFields.kind.default('new'),
    investment_wan: ProjectFields.investment_wan.default(0),
    source_city: ProjectFields.source_city.optional(),
    expected_jobs: ProjectFields.expected_jobs.optional(),
    manager: ProjectFields.manager.optional(),
    contacts: ProjectFields.contacts.optional(),
    location: ProjectFields.location.optional(),
    existing_parcel_id: ProjectFields.existing_parcel_id.optional(),
    needs: ProjectNeeds.optional(),
    lead_on: IsoDateString.optional(),
  })
  .strict()
export type ProjectCreate = z.infer<typeof ProjectCreate>

export const ProjectPatch = z
  .object({
    name: ProjectFields.name.optional(),
    company: ProjectFields.company.optional(),
    sector: ProjectFields.sector.optional(),
    kind: ProjectFields.kind.optional(),
    investment_wan: ProjectFields.investment_wan.optional(),
    source_city: ProjectFields.source_city.optional(),
    expected_jobs: ProjectFields.expected_jobs.optional(),
    manager: ProjectFields.manager.optional(),
    contacts: ProjectFields.contacts.optional(),
    location: ProjectFields.location.optional(),
    existing_parcel_id: ProjectFields.existing_parcel_id.optional(),
    needs: ProjectNeeds.optional(),
    version: z.number().int().positive().optional(),
    reason: z.string().trim().max(500).optional(),
  })
  .strict()
export type ProjectPatch = z.infer<typeof ProjectPatch>

export const StageChange = z
  .object({
    stage: ProjectStage,
    /** the date the project entered the stage (zone date); today when left out */
    on: IsoDateString.optional(),
    /** why: required to drop a project or to move it backwards */
    note: z.string().trim().max(2000).optional(),
    version: z.number().int().positive().optional(),
  })
  .strict()
export type StageChange = z.infer<typeof StageChange>

/**
 * Whether a project may go from one stage to another. Forward by one or more steps is fine; dropping needs a
 * reason; going back (or reopening a dropped project) needs a note saying why.
 * `checkStageTransition('in_production', 'lead', undefined)` → { ok: false, reason: 'moving back from …' }
 */
export function checkStageTransition(
  from: ProjectStage,
  to: ProjectStage,
  note: string | undefined,
): { ok: true; direction: 'forward' | 'back' | 'drop' | 'reopen' } | { ok: false; reason: string } {
  const hasNote = note !== undefined && note.trim().length > 0
  if (from === to) return { ok: false, reason: `the project is already at stage ${to}` }
  if (to === 'dropped') {
    return hasNote
      ? { ok: true, direction: 'drop' }
      : { ok: false, reason: 'dropping a project needs a note giving the reason' }
  }
  if (from === 'dropped') {
    return hasNote
      ? { ok: true, direction: 'reopen' }
      : { ok: false, reason: `reopening a dropped project at ${to} needs a note saying why` }
  }
  if (PROJECT_STAGES.indexOf(to) > PROJECT_STAGES.indexOf(from)) return { ok: true, direction: 'forward' }
  return hasNote
    ? { ok: true, direction: 'back' }
    : { ok: false, reason: `moving back from ${from} to ${to} needs a note saying why` }
}

const SIGNED_OR_LATER: readonly ProjectStage[] = ['signed', 'land_acquired', 'construction', 'in_production']
const LANDED_OR_LATER: readonly ProjectStage[] = ['land_acquired', 'construction', 'in_production']

/**
 * The signed and landed dates after a stage change on `on`: entering signed sets signed_on, entering land
 * acquired sets landed_on (and signed_on when the project skipped signing); going back before a stage clears its
 * date; dropping keeps them (the dashboard leaves dropped projects out).
 */
export function stageDates(
  current: { signed_on: string | null; landed_on: string | null },
  to: ProjectStage,
  on: string,
): { signed_on: string | null; landed_on: string | null } {
  if (to === 'dropped') return { signed_on: current.signed_on, landed_on: current.landed_on }
  return {
    signed_on: SIGNED_OR_LATER.includes(to) ? (current.signed_on ?? on) : null,
    landed_on: LANDED_OR_LATER.includes(to) ? (current.landed_on ?? on) : null,
  }
}

export const BLOCKER_STATUSES = ['open', 'in_progress', 'resolved'] as const
export const BlockerStatus = z.enum(BLOCKER_STATUSES)
export type BlockerStatus = z.infer<typeof BlockerStatus>

export const BlockerCreate = z
  .object({
    title: z.string().trim().min(1).max(500),
    /** the zone department that must clear it (压实责任) */
    owner: z.string().trim().min(1).max(100),
    due_on: IsoDateString.nullable().optional(),
    status: BlockerStatus.default('open'),
    resolution: z.string().trim().min(1).max(2000).nullable().optional(),
  })
  .strict()
  .refine((b) => b.status !== 'resolved' || !!b.resolution, {
    message: 'a resolved blocker needs a resolution',
    path: ['resolution'],
  })
export type BlockerCreate = z.infer<typeof BlockerCreate>

export const BlockerPatch = z
  .object({
    title: z.string().trim().min(1).max(500).optional(),
    owner: z.string().trim().min(1).max(100).optional(),
    due_on: IsoDateString.nullable().optional(),
    status: BlockerStatus.optional(),
    resolution: z.string().trim().min(1).max(2000).nullable().optional(),
    version: z.number().int().positive().optional(),
  })
  .strict()
export type BlockerPatch = z.infer<typeof BlockerPatch>

export const BlockerQuery = z
  .object({
    owner: z.string().trim().min(1).max(100).optional(),
    overdue: z
      .enum(['true', 'false'])
      .transform((v) => v === 'true')
      .optional(),
    status: csvOf(BlockerStatus).optional(),
  })
  .strict()
export type BlockerQuery = z.infer<typeof BlockerQuery>

/** A blocker is overdue when it is not resolved and its due date (zone date) is before today. */
export function isBlockerOverdue(blocker: { status: string; due_on: string | null }, today: string): boolean {
  return blocker.status !== 'resolved' && blocker.due_on !== null && blocker.due_on < today
}

export const ReserveRequest = z
  .object({
    parcel_id: z.number().int().positive(),
    /** the last day the parcel is held (zone date) */
    until: IsoDateString,
    /** the project's version (or If-Match) */
    version: z.number().int().positive().optional(),
  })
  .strict()
export type ReserveRequest = z.infer<typeof ReserveRequest>

/** A write sent without a body names the version it is based on in the query (or If-Match). */
export const VersionQuery = z.object({ version: z.coerce.number().int().positive().optional() }).strict()

export const MatchQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(10) }).strict()
