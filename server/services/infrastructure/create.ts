import { findGeometryProblem, findInfrastructureBbox, insertInfrastructure } from '../../db/infrastructure'
import type { InfrastructureCreate } from '../../domain/infrastructure'
import { geometryError } from '../../errors'
import { reforecastServedParcels } from '../land/reforecast-served'
import { type Actor, runWrite, type ServiceDeps } from '../write'
import { infrastructureDetail } from './queries'

/** Adds an infrastructure item (planned, 0 %); 400 invalid_geometry when PostGIS finds its geometry invalid. */
export async function createInfrastructure(deps: ServiceDeps, actor: Actor, input: InfrastructureCreate) {
  const id = await runWrite(deps, actor, async (tx) => {
    const problem = await findGeometryProblem(tx.db, input.geometry)
    if (problem) throw geometryError(problem)
    const newId = await insertInfrastructure(tx.db, input)
    await tx.record({
      resource: 'infrastructure',
      action: 'create',
      ids: [newId],
      bbox: await findInfrastructureBbox(tx.db, newId),
      history: [
        {
          entityType: 'infrastructure',
          entityId: newId,
          action: 'create',
          changes: { ...input, geometry: undefined },
        },
      ],
    })
    await reforecastServedParcels(tx, [newId])
    return newId
  })
  return infrastructureDetail(deps.pool, id, deps.today())
}
