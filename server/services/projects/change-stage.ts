import {
  findProject,
  findStageHistory,
  insertStageHistory,
  type ProjectRow,
  updateProjectStage,
} from '../../db/projects'
import { findActiveReservation } from '../../db/reservations'
import { diffChanges } from '../../domain/changes'
import { checkStageTransition, stageDates } from '../../domain/project'
import { LANDED_STAGES, type ProjectStage } from '../../domain/vocabulary'
import { type Actor, assertVersion, runWrite, type ServiceDeps, type Tx } from '../write'
import { endHold } from './end-hold'
import { badRequest } from './project-input'
import { projectNotFound, readProjectDetail } from './queries'

export interface StageChangeInput {
  stage: ProjectStage
  /** the date the project entered the stage (zone date); today when left out */
  on?: string
  /** why: required to drop a project or to move it backwards */
  note?: string
  version: number
}

/**
 * Moves a project to another stage on `on`, based on `version`: the transition rules, the signed and landed
 * dates, a stage-history entry and a history row; the reservation follows (land acquired takes the reserved
 * parcel, dropping releases it).
 */
export async function changeStage(deps: ServiceDeps, actor: Actor, id: number, input: StageChangeInput) {
  const { stage, note } = input
  const today = deps.today()
  const on = input.on ?? today
  if (on > today) throw badRequest('on', `on ${on} is after today (${today})`)
  return runWrite(deps, actor, async (tx) => {
    if (!(await tx.lock('projects', [id])).has(id)) throw projectNotFound(id)
    const current = (await findProject(tx.db, id, tx.today)) as ProjectRow
    assertVersion(current, input.version)
    const from = current.stage
    const check = checkStageTransition(from, stage, note)
    if (!check.ok) throw badRequest('stage', check.reason)
    const entered = (await findStageHistory(tx.db, id)).at(-1)?.entered_on
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
    await updateProjectStage(tx.db, id, { stage, ...dates, dropped_reason: droppedReason })
    await insertStageHistory(tx.db, {
      projectId: id,
      stage,
      enteredOn: on,
      note: note ?? null,
      actor: actor.username,
    })
    await tx.record({
      resource: 'projects',
      action: 'update',
      ids: [id],
      history: [
        {
          entityType: 'project',
          entityId: id,
          action: 'stage',
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
        },
      ],
    })
    await reservationFollowsStage(tx, id, from, stage)
    return readProjectDetail(tx.db, id, tx.today)
  })
}

/** Land acquired turns the reserved parcel into the project's transferred parcel; dropping releases it. */
async function reservationFollowsStage(tx: Tx, projectId: number, from: ProjectStage, to: ProjectStage) {
  const landed = LANDED_STAGES.includes(to) && !LANDED_STAGES.includes(from)
  if (!landed && to !== 'dropped') return
  // an expired hold is no hold: the expiry job records its release
  const active = await findActiveReservation(tx.db, projectId, tx.today)
  if (!active) return
  if (landed) await endHold(tx, projectId, active, 'transferred', `project ${projectId} reached ${to}`)
  else await endHold(tx, projectId, active, 'released')
}
