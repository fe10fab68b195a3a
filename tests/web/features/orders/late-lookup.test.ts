import { describe, expect, it } from 'vitest'
import { orderTargetOf } from '../../../../web/features/orders/late-lookup'

// 下达督办 on a late item: orders name milestones, infrastructure, blockers, projects and parcels only.
describe('orderTargetOf', () => {
  const item = { item_id: 7, parcel_id: 11, project_id: 13 }

  it('orders a milestone, an infrastructure item or a blocker as itself', () => {
    expect(orderTargetOf({ ...item, item_type: 'milestone' })).toEqual({ type: 'milestone', id: 7 })
    expect(orderTargetOf({ ...item, item_type: 'infrastructure' })).toEqual({ type: 'infrastructure', id: 7 })
    expect(orderTargetOf({ ...item, item_type: 'blocker' })).toEqual({ type: 'blocker', id: 7 })
  })

  it('orders a breached commitment as its parcel and a late follow-up as its project', () => {
    expect(orderTargetOf({ ...item, item_type: 'commitment' })).toEqual({ type: 'parcel', id: 11 })
    expect(orderTargetOf({ ...item, item_type: 'follow_up' })).toEqual({ type: 'project', id: 13 })
    expect(orderTargetOf({ ...item, item_type: 'follow_up', project_id: null })).toBeNull()
  })

  it('does not order an order: a late order is pressed through its own grade', () => {
    expect(orderTargetOf({ ...item, item_type: 'order' })).toBeNull()
  })
})
