import {
  findGeometryProblem,
  findInfrastructureBbox,
  findInfrastructureItem,
  updateInfrastructure as writeInfrastructure,
} from '../../db/infrastructure'
import { diffChanges } from '../../domain/changes'
import type { InfrastructurePatch } from '../../domain/infrastructure'
import { fail, geometryError } from '../../errors'
import type { Bbox } from '../../events'
import { reforecastParcels } from '../land/reforecast'
import { parcelsServedBy, reforecastServedParcels } from '../land/reforecast-served'
import { type Actor, assertVersion, runWrite, type ServiceDeps } from '../write'
import { infrastructureDetail } from './queries'

type Fields = Omit<InfrastructurePatch, 'version' | 'reason'>

/** The box around both: a moved item changes the map where it was and where it is. */
function cover(a: Bbox | null, b: Bbox | null): Bbox | null {
  if (!a || !b) return a ?? b
  return [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])]
}

/** Edits an item at the version it was read: its kind, name, plans, capacity, owner or geometry. */
export async function updateInfrastructure(
  deps: ServiceDeps,
  actor: Actor,
  input: { id: number; version: number; reason?: string; fields: Fields },
) {
  const { id, version, fields } = input
  await runWrite(deps, actor, async (tx) => {
    await tx.lock('infrastructure', [id])
    const before = await findInfrastructureItem(tx.db, id)
    if (!before) throw fail(404, 'not_found', 'infrastructure.not_found', { id })
    assertVersion(before, version)
    const next = { ...before, ...fields }
    if (next.planned_start && next.planned_finish && next.planned_start > next.planned_finish) {
      throw fail(400, 'validation_failed', 'infrastructure.start_after_finish', {}, [
        { path: 'planned_start' },
      ])
    }
    if (fields.geometry) {
      const problem = await findGeometryProblem(tx.db, fields.geometry)
      if (problem) throw geometryError(problem)
    }
    const wasAt = await findInfrastructureBbox(tx.db, id)
    // the parcels it served where it was are re-forecast after the move too (it may no longer serve them)
    const servedBefore = fields.geometry ? await parcelsServedBy(tx, [id]) : []
    await writeInfrastructure(tx.db, id, next)
    const { geometry: _g, ...scalar } = fields
    await tx.record({
      resource: 'infrastructure',
      action: 'update',
      ids: [id],
      bbox: fields.geometry ? cover(wasAt, await findInfrastructureBbox(tx.db, id)) : wasAt,
      history: [
        {
          entityType: 'infrastructure',
          entityId: id,
          action: 'update',
          changes: diffChanges({ ...before }, { ...before, ...scalar }),
          reason: input.reason,
        },
      ],
    })
    const servedAfter = await reforecastServedParcels(tx, [id])
    const left = servedBefore.filter((p) => !servedAfter.includes(p))
    if (left.length > 0) {
      await reforecastParcels(tx.db, left, tx.today)
      await tx.record({ resource: 'parcels', action: 'update', ids: left, history: [] })
    }
  })
  return infrastructureDetail(deps.pool, id, deps.today())
}
