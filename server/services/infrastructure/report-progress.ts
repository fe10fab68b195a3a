import { findInfrastructureBbox, findInfrastructureItem, insertProgress } from '../../db/infrastructure'
import { statusForProgress } from '../../domain/infrastructure'
import { fail } from '../../errors'
import { reforecastServedParcels } from '../land/reforecast-served'
import { type Actor, assertVersion, runWrite, type ServiceDeps } from '../write'
import { infrastructureDetail } from './queries'

/**
 * Reports an item's progress on a date up to today, at the version of the item it was read at: the report is kept,
 * and the item's progress and status follow it (100 % is done, finished on the report's date).
 */
export async function reportProgress(
  deps: ServiceDeps,
  actor: Actor,
  input: { id: number; version: number; on: string; progress_pct: number; note?: string },
) {
  const { id, version } = input
  const today = await runWrite(deps, actor, async (tx) => {
    if (input.on > tx.today) {
      throw fail(
        400,
        'validation_failed',
        'infrastructure.future_progress',
        { on: input.on, today: tx.today },
        [{ path: 'on' }],
      )
    }
    await tx.lock('infrastructure', [id])
    const before = await findInfrastructureItem(tx.db, id)
    if (!before) throw fail(404, 'not_found', 'infrastructure.not_found', { id })
    assertVersion(before, version)
    const status = statusForProgress(input.progress_pct)
    await insertProgress(tx.db, id, { ...input, actor: actor.username, status })
    await tx.record({
      resource: 'infrastructure',
      action: 'update',
      ids: [id],
      bbox: await findInfrastructureBbox(tx.db, id),
      history: [
        {
          entityType: 'infrastructure',
          entityId: id,
          action: 'progress',
          changes: {
            progress_pct: { from: before.progress_pct, to: input.progress_pct },
            status: { from: before.status, to: status },
          },
          reason: input.note ?? null,
        },
      ],
    })
    await reforecastServedParcels(tx, [id])
    return tx.today
  })
  return infrastructureDetail(deps.pool, id, today)
}
