import { findLateItems } from '../../db/escalation'
import { findLandSettings } from '../../db/zone'
import type { LateQuery } from '../../domain/escalation'
import type { ServiceDeps } from '../write'

/** GET /api/late: every late item with its grade, worst first, optionally of one level, department or type. */
export async function lateItems(deps: Pick<ServiceDeps, 'pool' | 'today'>, query: LateQuery) {
  const { escalation } = await findLandSettings(deps.pool)
  return findLateItems(deps.pool, deps.today(), escalation, {
    level: query.level,
    departmentId: query.department,
    type: query.type,
  })
}
