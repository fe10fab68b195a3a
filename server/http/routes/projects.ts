import { Hono } from 'hono'
import type { z } from 'zod'
import {
  type BlockerRow,
  findBlocker,
  findBlockers,
  findProjectBlockers,
  insertBlocker,
  updateBlocker,
} from '../../db/blockers'
import { findHistory, insertHistory } from '../../db/history'
import { isPgError, type Queryable, withTransaction } from '../../db/pool'
import {
  findProject,
  findProjects,
  findStageHistory,
  insertProject,
  insertStageHistory,
  type ProjectRow,
  type ProjectWrite,
  parcelExists,
  setProjectParcel,
  updateProject,
  updateProjectStage,
} from '../../db/projects'
import {
  endReservation,
  extendReservation,
  findActiveReservation,
  findExpiredReservations,
  findParcelForReservation,
  findParcelReservation,
  insertReservation,
  markParcelReserved,
} from '../../db/reservations'
import type { AppDeps } from '../../deps'
import { diffChanges } from '../../domain/changes'
import {
  BlockerCreate,
  BlockerPatch,
  BlockerQuery,
  checkStageTransition,
  isBlockerOverdue,
  MatchQuery,
  ProjectCreate,
  ProjectPatch,
  ProjectQuery,
  ReserveRequest,
  StageChange,
  stageDates,
} from '../../domain/project'
import { IdParam } from '../../domain/query'
import { LANDED_STAGES, PROJECT_STAGES, type ProjectStage } from '../../domain/vocabulary'
import { ApiError, expectedVersion, versionConflict } from '../../errors'
import { type AuthEnv, requireRole } from '../middleware/authenticate'
import { validate } from '../validation'
import { matchesForProject } from './matching'

const BlockerParam = IdParam.extend({ bid: IdParam.shape.id }).strict()

/** Stages at which a project may still hold a parcel in reserve. */
const RESERVING_STAGES: readonly string[] = ['lead', 'negotiating', 'signed']

function badRequest(path: string, message: string): ApiError {
  return new ApiError(400, 'validation_failed', message, [{ path, message }])
}

function notFound(id: number): ApiError {
  return new ApiError(404, 'not_found', `No project ${id}`)
}

function withOverdue(blocker: BlockerRow, today: string) {
  return { ...blocker, overdue: isBlockerOverdue(blocker, today) }
}

/** Ends the expired reservations of a project or of a parcel: an expired hold is released when it is next read. */
async function releaseExpired(
  db: Queryable,
  scope: { projectId?: number; parcelId?: number },
  today: string,
) {
  for (const expired of await findExpiredReservations(db, scope, today)) {
    await endReservation(db, expired, 'expired', null)
    await setProjectParcelIfHeld(db, expired.project_id, expired.parcel_id)
    await insertHistory(db, {
      entityType: 'reservation',
      entityId: expired.id,
      action: 'update',
      actor: 'system',
      changes: { released: { from: null, to: 'expired' }, until: expired.until },
    })
  }
}

async function setProjectParcelIfHeld(db: Queryable, projectId: number, parcelId: number) {
  const project = await findProject(db, projectId)
  if (project?.parcel_id === parcelId) await setProjectParcel(db, projectId, null)
}

/** A project with its stage history, blockers (overdue flagged) and active reservation. */
async function projectDetail(db: Queryable, id: number, today: string) {
  const project = await findProject(db, id)
  if (!project) throw notFound(id)
  const [stageHistory, blockers, reservation] = await Promise.all([
    findStageHistory(db, id),
    findProjectBlockers(db, id),
    findActiveReservation(db, id),
  ])
  const flagged = blockers.map((b) => withOverdue(b, today))
  return {
    ...project,
    overdue_blockers: flagged.filter((b) => b.overdue).length,
    stage_history: stageHistory,
    blockers: flagged,
    reservation,
  }
}

function writeOf(input: z.infer<typeof ProjectPatch> | z.infer<typeof ProjectCreate>): ProjectWrite {
  const { needs, ...rest } = input as ProjectWrite & { needs?: ProjectWrite['needs'] }
  return { ...rest, needs }
}

/** Needs as they will be after a patch: the new values over the stored ones, so min ≤ max holds across both. */
function checkNeeds(current: ProjectRow['needs'], patch: ProjectWrite['needs']) {
  const min = patch?.area_mu_min !== undefined ? patch.area_mu_min : current.area_mu_min
  const max = patch?.area_mu_max !== undefined ? patch.area_mu_max : current.area_mu_max
  if (min != null && max != null && min > max) {
    throw badRequest('needs.area_mu_min', `area_mu_min ${min} is more than area_mu_max ${max}`)
  }
}

async function checkExistingParcel(db: Queryable, id: number | null | undefined) {
  if (id != null && !(await parcelExists(db, id))) {
    throw badRequest('existing_parcel_id', `no parcel ${id}`)
  }
}

function projectFields(p: ProjectRow): Record<string, unknown> {
  const { version: _v, ...rest } = p
  return rest
}

export function projectRoutes(deps: AppDeps) {
  const today = () => deps.today()
  return new Hono<AuthEnv>()
    .get('/', validate('query', ProjectQuery), async (c) => {
      return c.json(await findProjects(deps.pool, c.req.valid('query'), today()))
    })
    .post('/', requireRole('investment'), validate('json', ProjectCreate), async (c) => {
      const input = c.req.valid('json')
      const actor = c.get('principal').username
      const on = input.lead_on ?? today()
      if (on > today()) throw badRequest('lead_on', `lead_on ${on} is after today (${today()})`)
      const id = await withTransaction(deps.pool, async (client) => {
        await checkExistingParcel(client, input.existing_parcel_id)
        const { lead_on: _l, ...fields } = input
        const newId = await insertProject(client, { ...writeOf(fields), lead_on: on })
        await insertStageHistory(client, {
          projectId: newId,
          stage: 'lead',
          enteredOn: on,
          note: null,
          actor,
        })
        const created = (await findProject(client, newId)) as ProjectRow
        await insertHistory(client, {
          entityType: 'project',
          entityId: newId,
          action: 'create',
          actor,
          changes: created as unknown as Record<string, unknown>,
        })
        return newId
      })
      return c.json(await projectDetail(deps.pool, id, today()), 201)
    })
    .get('/:id', validate('param', IdParam), async (c) => {
      const { id } = c.req.valid('param')
      await withTransaction(deps.pool, (client) => releaseExpired(client, { projectId: id }, today()))
      return c.json(await projectDetail(deps.pool, id, today()))
    })
    .get('/:id/history', validate('param', IdParam), async (c) => {
      const { id } = c.req.valid('param')
      if (!(await findProject(deps.pool, id))) throw notFound(id)
      return c.json(await findHistory(deps.pool, 'project', id))
    })
    .patch(
      '/:id',
      requireRole('investment'),
      validate('param', IdParam),
      validate('json', ProjectPatch),
      async (c) => {
        const { id } = c.req.valid('param')
        const { version, reason, ...input } = c.req.valid('json')
        const sent = expectedVersion(version, c.req.header('if-match'))
        const actor = c.get('principal').username
        await withTransaction(deps.pool, async (client) => {
          const current = await findProject(client, id, true)
          if (!current) throw notFound(id)
          if (current.version !== sent) throw versionConflict(current, sent)
          const write = writeOf(input)
          checkNeeds(current.needs, write.needs)
          await checkExistingParcel(client, write.existing_parcel_id)
          await updateProject(client, id, write)
          const after = (await findProject(client, id)) as ProjectRow
          await insertHistory(client, {
            entityType: 'project',
            entityId: id,
            action: 'update',
            actor,
            changes: diffChanges(projectFields(current), projectFields(after)),
            reason,
          })
        })
        return c.json(await projectDetail(deps.pool, id, today()))
      },
    )
    .post(
      '/:id/stage',
      requireRole('investment'),
      validate('param', IdParam),
      validate('json', StageChange),
      async (c) => {
        const { id } = c.req.valid('param')
        const { stage, note, version } = c.req.valid('json')
        const on = c.req.valid('json').on ?? today()
        const actor = c.get('principal').username
        if (on > today()) throw badRequest('on', `on ${on} is after today (${today()})`)
        await withTransaction(deps.pool, async (client) => {
          const current = await findProject(client, id, true)
          if (!current) throw notFound(id)
          const sent =
            version ??
            (c.req.header('if-match') ? expectedVersion(undefined, c.req.header('if-match')) : undefined)
          if (sent !== undefined && current.version !== sent) throw versionConflict(current, sent)
          const from = current.stage as ProjectStage
          const check = checkStageTransition(from, stage, note)
          if (!check.ok) throw badRequest('stage', check.reason)
          const history = await findStageHistory(client, id)
          const entered = history.at(-1)?.entered_on
          if (check.direction === 'forward' && entered && on < entered) {
            throw badRequest('on', `on ${on} is before the date the project entered ${from} (${entered})`)
          }
          const dates = stageDates(current, stage, on)
          if (dates.signed_on && dates.landed_on && dates.landed_on < dates.signed_on) {
            throw badRequest(
              'on',
              `land acquired on ${dates.landed_on} would be before signing on ${dates.signed_on}`,
            )
          }
          const droppedReason = stage === 'dropped' ? (note ?? null) : null
          await updateProjectStage(client, id, { stage, ...dates, dropped_reason: droppedReason })
          await insertStageHistory(client, { projectId: id, stage, enteredOn: on, note: note ?? null, actor })
          await insertHistory(client, {
            entityType: 'project',
            entityId: id,
            action: 'stage',
            actor,
            changes: {
              stage: { from, to: stage },
              on,
              ...diffChanges(
                {
                  signed_on: current.signed_on,
                  landed_on: current.landed_on,
                  dropped_reason: current.dropped_reason,
                },
                { ...dates, dropped_reason: droppedReason },
              ),
            },
            reason: note ?? null,
          })
          await reservationFollowsStage(client, id, from, stage, actor, today())
        })
        return c.json(await projectDetail(deps.pool, id, today()))
      },
    )
    .get('/:id/blockers', validate('param', IdParam), async (c) => {
      const { id } = c.req.valid('param')
      if (!(await findProject(deps.pool, id))) throw notFound(id)
      const blockers = await findProjectBlockers(deps.pool, id)
      return c.json(blockers.map((b) => withOverdue(b, today())))
    })
    .post(
      '/:id/blockers',
      requireRole('investment'),
      validate('param', IdParam),
      validate('json', BlockerCreate),
      async (c) => {
        const { id } = c.req.valid('param')
        const input = c.req.valid('json')
        const actor = c.get('principal').username
        const blocker = await withTransaction(deps.pool, async (client) => {
          if (!(await findProject(client, id, true))) throw notFound(id)
          const bid = await insertBlocker(client, {
            projectId: id,
            title: input.title,
            owner: input.owner,
            due_on: input.due_on ?? null,
            status: input.status,
            resolution: input.resolution ?? null,
          })
          const created = (await findBlocker(client, id, bid)) as BlockerRow
          await insertHistory(client, {
            entityType: 'blocker',
            entityId: bid,
            action: 'create',
            actor,
            changes: { ...created },
          })
          return created
        })
        return c.json(withOverdue(blocker, today()), 201)
      },
    )
    .patch(
      '/:id/blockers/:bid',
      requireRole('investment'),
      validate('param', BlockerParam),
      validate('json', BlockerPatch),
      async (c) => {
        const { id, bid } = c.req.valid('param')
        const { version, ...input } = c.req.valid('json')
        const sent = expectedVersion(version, c.req.header('if-match'))
        const actor = c.get('principal').username
        const blocker = await withTransaction(deps.pool, async (client) => {
          const current = await findBlocker(client, id, bid, true)
          if (!current) throw new ApiError(404, 'not_found', `Project ${id} has no blocker ${bid}`)
          if (current.version !== sent) throw versionConflict(withOverdue(current, today()), sent)
          const next = {
            title: input.title ?? current.title,
            owner: input.owner ?? current.owner,
            due_on: input.due_on !== undefined ? input.due_on : current.due_on,
            status: input.status ?? current.status,
            resolution: input.resolution !== undefined ? input.resolution : current.resolution,
          }
          if (next.status === 'resolved' && !next.resolution) {
            throw badRequest('resolution', 'a resolved blocker needs a resolution')
          }
          await updateBlocker(client, bid, next)
          await insertHistory(client, {
            entityType: 'blocker',
            entityId: bid,
            action: 'update',
            actor,
            changes: diffChanges(current as unknown as Record<string, unknown>, next),
          })
          return (await findBlocker(client, id, bid)) as BlockerRow
        })
        return c.json(withOverdue(blocker, today()))
      },
    )
    .get('/:id/matches', validate('param', IdParam), validate('query', MatchQuery), async (c) => {
      const { id } = c.req.valid('param')
      const project = await findProject(deps.pool, id)
      if (!project) throw notFound(id)
      return c.json(await matchesForProject(deps.pool, project, today(), c.req.valid('query').limit))
    })
    .post(
      '/:id/reserve',
      requireRole('investment'),
      validate('param', IdParam),
      validate('json', ReserveRequest),
      async (c) => {
        const { id } = c.req.valid('param')
        const { parcel_id: parcelId, until } = c.req.valid('json')
        const actor = c.get('principal').username
        if (until < today()) throw badRequest('until', `until ${until} is before today (${today()})`)
        try {
          const result = await withTransaction(deps.pool, (client) =>
            reserve(client, id, parcelId, until, actor, today()),
          )
          return c.json(result.reservation, result.created ? 201 : 200)
        } catch (err) {
          if (isPgError(err) && err.code === '23505') {
            if (err.constraint === 'reservations_one_active_per_project') {
              throw new ApiError(
                409,
                'project_holds_parcel',
                `Project ${id} already holds a parcel; release it first`,
              )
            }
            throw new ApiError(409, 'parcel_taken', `Parcel ${parcelId} is reserved for another project`)
          }
          throw err
        }
      },
    )
    .delete('/:id/reserve', requireRole('investment'), validate('param', IdParam), async (c) => {
      const { id } = c.req.valid('param')
      const actor = c.get('principal').username
      const released = await withTransaction(deps.pool, async (client) => {
        if (!(await findProject(client, id, true))) throw notFound(id)
        const active = await findActiveReservation(client, id)
        if (!active) throw new ApiError(404, 'not_found', `Project ${id} holds no parcel`)
        await endReservation(client, active, 'released', actor)
        await setProjectParcelIfHeld(client, id, active.parcel_id)
        await insertHistory(client, {
          entityType: 'reservation',
          entityId: active.id,
          action: 'update',
          actor,
          changes: { released: { from: null, to: 'released' }, parcel_id: active.parcel_id },
        })
        return active
      })
      return c.json({ released })
    })
}

/**
 * Holds a parcel for a project. The status checks give the reasons; the partial unique index
 * reservations_one_active_per_parcel is what makes two simultaneous requests end in one hold.
 */
async function reserve(
  db: Queryable,
  projectId: number,
  parcelId: number,
  until: string,
  actor: string,
  today: string,
) {
  const project = await findProject(db, projectId, true)
  if (!project) throw notFound(projectId)
  if (!RESERVING_STAGES.includes(project.stage)) {
    throw new ApiError(
      409,
      'project_not_reservable',
      `A project at stage ${project.stage} cannot reserve a parcel`,
    )
  }
  await releaseExpired(db, { projectId }, today)
  await releaseExpired(db, { parcelId }, today)
  const parcel = await findParcelForReservation(db, parcelId)
  if (!parcel) throw new ApiError(404, 'not_found', `No parcel ${parcelId}`)

  const own = await findActiveReservation(db, projectId)
  if (own && own.parcel_id === parcelId) {
    await extendReservation(db, own.id, until)
    await insertHistory(db, {
      entityType: 'reservation',
      entityId: own.id,
      action: 'update',
      actor,
      changes: { until: { from: own.until, to: until } },
    })
    return { created: false, reservation: { ...own, until } }
  }
  if (own) {
    throw new ApiError(
      409,
      'project_holds_parcel',
      `Project ${projectId} already holds parcel ${own.parcel_code}; release it first`,
      [{ parcel_id: own.parcel_id, until: own.until }],
    )
  }
  const held = await findParcelReservation(db, parcelId)
  if (held) {
    throw new ApiError(
      409,
      'parcel_taken',
      `Parcel ${parcel.code} is reserved for ${held.project_name} until ${held.until}`,
      [{ project_id: held.project_id, until: held.until }],
    )
  }
  if (parcel.status !== 'available' && parcel.status !== 'reserved') {
    throw new ApiError(
      409,
      'parcel_not_available',
      `Parcel ${parcel.code} is ${parcel.status}, not available for reservation`,
      [{ status: parcel.status }],
    )
  }
  const reservationId = await insertReservation(db, { projectId, parcelId, reservedOn: today, until, actor })
  await markParcelReserved(db, parcelId)
  await setProjectParcel(db, projectId, parcelId)
  await insertHistory(db, {
    entityType: 'reservation',
    entityId: reservationId,
    action: 'create',
    actor,
    changes: { project_id: projectId, parcel_id: parcelId, reserved_on: today, until },
  })
  await insertHistory(db, {
    entityType: 'parcel',
    entityId: parcelId,
    action: 'update',
    actor,
    changes: { status: { from: parcel.status, to: 'reserved' } },
    reason: `reserved for project ${projectId}`,
  })
  return {
    created: true,
    reservation: (await findActiveReservation(db, projectId)) as NonNullable<
      Awaited<ReturnType<typeof findActiveReservation>>
    >,
  }
}

/** Land acquired turns the reserved parcel into the project's transferred parcel; dropping releases it. */
async function reservationFollowsStage(
  db: Queryable,
  projectId: number,
  from: ProjectStage,
  to: ProjectStage,
  actor: string,
  today: string,
) {
  const landed = LANDED_STAGES.includes(to) && !LANDED_STAGES.includes(from)
  if (!landed && to !== 'dropped') return
  await releaseExpired(db, { projectId }, today)
  const active = await findActiveReservation(db, projectId)
  if (!active) return
  const reason = landed ? 'transferred' : 'released'
  await endReservation(db, active, reason, actor)
  if (landed) await setProjectParcel(db, projectId, active.parcel_id)
  else await setProjectParcelIfHeld(db, projectId, active.parcel_id)
  await insertHistory(db, {
    entityType: 'reservation',
    entityId: active.id,
    action: 'update',
    actor,
    changes: { released: { from: null, to: reason }, parcel_id: active.parcel_id },
  })
  if (landed) {
    await insertHistory(db, {
      entityType: 'parcel',
      entityId: active.parcel_id,
      action: 'update',
      actor,
      changes: { status: { from: 'reserved', to: 'transferred' } },
      reason: `project ${projectId} reached ${to}`,
    })
  }
}

/** GET /api/blockers: blockers across projects, per owner (the zone department); `overdue=true` keeps the late ones. */
export function blockerRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>().get('/', validate('query', BlockerQuery), async (c) => {
    const today = deps.today()
    const rows = await findBlockers(deps.pool, c.req.valid('query'), today)
    const owners = new Map<
      string,
      {
        owner: string
        count: number
        overdue: number
        blockers: ((typeof rows)[number] & { overdue: boolean })[]
      }
    >()
    for (const row of rows) {
      const group = owners.get(row.owner) ?? { owner: row.owner, count: 0, overdue: 0, blockers: [] }
      const flagged = { ...row, overdue: isBlockerOverdue(row, today) }
      group.count++
      if (flagged.overdue) group.overdue++
      group.blockers.push(flagged)
      owners.set(row.owner, group)
    }
    return c.json([...owners.values()])
  })
}

export const STAGES = PROJECT_STAGES
