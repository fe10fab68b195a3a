import { describe, expect, it } from 'vitest'
import { nextOrderStatus, ORDER_ACTIONS, ORDER_STATUSES, orderParties } from '../../../server/domain/orders'

// the whole table, written out: [status, action] → the next status for the side that may act, or not allowed now
const TABLE: Record<string, Record<string, string | null>> = {
  issued: { respond: 'in_progress', done: 'done', accept: null, return: null },
  in_progress: { respond: 'in_progress', done: 'done', accept: null, return: null },
  done: { respond: null, done: null, accept: 'accepted', return: 'returned' },
  returned: { respond: 'in_progress', done: 'done', accept: null, return: null },
  accepted: { respond: null, done: null, accept: null, return: null },
}
const SIDE = { respond: 'department', done: 'department', accept: 'leader', return: 'leader' } as const

describe('nextOrderStatus', () => {
  for (const status of ORDER_STATUSES) {
    for (const action of ORDER_ACTIONS) {
      const expected = TABLE[status]?.[action]
      it(`${status} + ${action} by the ${SIDE[action]} → ${expected ?? 'refused'}`, () => {
        const result = nextOrderStatus(status, action, [SIDE[action]])
        expect(result).toEqual(
          expected ? { ok: true, value: expected } : { ok: false, reason: 'not_allowed_now' },
        )
      })
      it(`${status} + ${action} by the other side is not theirs`, () => {
        const other = SIDE[action] === 'leader' ? 'department' : 'leader'
        expect(nextOrderStatus(status, action, [other])).toEqual({ ok: false, reason: 'not_your_order' })
      })
    }
  }
})

describe('orderParties', () => {
  const order = { department_id: 3, issued_by: 'leader' }
  it('puts a user of the order’s department on the department side only', () => {
    expect(orderParties({ username: 'zhengchai', role: 'land_officer', departmentId: 3 }, order)).toEqual([
      'department',
    ])
  })
  it('gives a user of another department no side', () => {
    expect(orderParties({ username: 'jianshe', role: 'land_officer', departmentId: 4 }, order)).toEqual([])
  })
  it('puts leaders and the issuer on the leader side, admins on both', () => {
    expect(orderParties({ username: 'leader2', role: 'leader', departmentId: null }, order)).toEqual([
      'leader',
    ])
    expect(orderParties({ username: 'leader', role: 'investment', departmentId: 9 }, order)).toEqual([
      'leader',
    ])
    expect(orderParties({ username: 'admin', role: 'admin', departmentId: null }, order)).toEqual([
      'department',
      'leader',
    ])
  })
})
