import { z } from 'zod'
import { csvOf } from './query'
import { InfrastructureKind, InfrastructureStatus } from './vocabulary'

export const InfrastructureQuery = z
  .object({
    kind: csvOf(InfrastructureKind).optional(),
    status: csvOf(InfrastructureStatus).optional(),
  })
  .strict()
export type InfrastructureQuery = z.infer<typeof InfrastructureQuery>

/** An item is late when it is not finished and its planned finish (zone date) is before today. */
export function isInfrastructureLate(
  item: { status: string; planned_finish: string | null },
  today: string,
): boolean {
  return item.status !== 'done' && item.planned_finish !== null && item.planned_finish < today
}
