import type { OrderItemType } from '../../../server/domain/orders'
import type { GradedLateItem } from '../../api/types'

/** A late item as the lists that show it know it: a milestone by its parcel and kind, the others by their id. */
export type LateRef =
  | { type: 'milestone'; parcelId: number; kind: string }
  | { type: 'blocker' | 'infrastructure' | 'order'; id: number }

/**
 * The graded item (GET /api/late) a list row stands for, or undefined when it is not late. Milestones are found by
 * parcel and kind, since the parcel's own milestones and /api/milestones/late carry no milestone id.
 */
export function findLate(
  items: readonly GradedLateItem[] | undefined,
  ref: LateRef,
): GradedLateItem | undefined {
  if (!items) return undefined
  if (ref.type === 'milestone')
    return items.find(
      (item) => item.item_type === 'milestone' && item.parcel_id === ref.parcelId && item.kind === ref.kind,
    )
  return items.find((item) => item.item_type === ref.type && item.item_id === ref.id)
}

/** Where an item opens on the map: its parcel, else its project; infrastructure by its own id. */
export function mapTargetOf(
  item: Pick<GradedLateItem, 'item_type' | 'item_id' | 'parcel_id' | 'project_id'>,
): { kind: 'parcel' | 'project' | 'infrastructure'; id: number } | null {
  if (item.item_type === 'infrastructure') return { kind: 'infrastructure', id: item.item_id }
  if (item.parcel_id !== null) return { kind: 'parcel', id: item.parcel_id }
  if (item.project_id !== null) return { kind: 'project', id: item.project_id }
  return null
}

/**
 * What an order on a late item is about (orders name milestones, infrastructure, blockers, projects and parcels): a
 * breached 标准地 commitment is pressed as its parcel, a late follow-up as its project; a late order is pressed through
 * its own grade, not by another order (null).
 */
export function orderTargetOf(
  item: Pick<GradedLateItem, 'item_type' | 'item_id' | 'parcel_id' | 'project_id'>,
): { type: OrderItemType; id: number } | null {
  switch (item.item_type) {
    case 'order':
      return null
    case 'commitment':
      return item.parcel_id === null ? null : { type: 'parcel', id: item.parcel_id }
    case 'follow_up':
      return item.project_id === null ? null : { type: 'project', id: item.project_id }
    default:
      return { type: item.item_type, id: item.item_id }
  }
}
