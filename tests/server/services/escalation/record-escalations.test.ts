import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findLateItems } from '../../../../server/db/escalation'
import { DEFAULT_ESCALATION_THRESHOLDS } from '../../../../server/domain/escalation'
import { recordEscalations } from '../../../../server/services/escalation/record-escalations'
import { closeTestPool, DEMO_TODAY, testPool } from '../../../support/app'

// the day's-turn job of other test files may have recorded today's levels already: start from none recorded
beforeAll(async () => {
  await testPool().query('delete from escalations')
  await testPool().query('delete from escalation_changes')
})

afterAll(async () => {
  await testPool().query('delete from escalations')
  await testPool().query('delete from escalation_changes')
  await closeTestPool()
})

async function counts() {
  const { rows } = await testPool().query<{ level: string; n: number }>(
    'select level, count(*)::int as n from escalations group by level order by level',
  )
  return Object.fromEntries(rows.map((r) => [r.level, r.n]))
}

describe('recordEscalations', () => {
  it('records each late item that is yellow or red on its first day, as a change from normal', async () => {
    const late = await findLateItems(testPool(), DEMO_TODAY, DEFAULT_ESCALATION_THRESHOLDS)
    const yellow = late.filter((l) => l.level === 'yellow').length
    const red = late.filter((l) => l.level === 'red').length
    expect(yellow + red).toBeGreaterThan(0)
    const changes = await recordEscalations(testPool(), DEMO_TODAY)
    expect(changes?.length).toBe(yellow + red)
    expect(changes?.every((c) => c.from_level === 'normal')).toBe(true)
    expect(await counts()).toEqual({ ...(red ? { red } : {}), ...(yellow ? { yellow } : {}) })
  })

  it('records nothing when run again the same day', async () => {
    expect(await recordEscalations(testPool(), DEMO_TODAY)).toEqual([])
  })

  it('records the moves up as days pass, and the way back to normal of what is no longer late', async () => {
    const db = testPool()
    const original = (
      await db.query<{ id: number; due_on: string; status: string; resolution: string | null }>(
        `select id, due_on, status, resolution from blockers where id = (select min(id) from blockers where status <> 'resolved')`,
      )
    ).rows[0]
    // a blocker due on the demo's today: not late today; 30 days later yellow (and more, by its age)
    const { rows } = await db.query<{ id: number }>(
      `update blockers set due_on = $1 where id = (select min(id) from blockers where status <> 'resolved')
       returning id`,
      [DEMO_TODAY],
    )
    const id = rows[0]?.id as number
    const later = '2026-12-28'
    const changes = await recordEscalations(db, later)
    const mine = changes?.find((c) => c.item_type === 'blocker' && c.item_id === id)
    expect(mine?.from_level).toBe('normal')
    expect(['yellow', 'red']).toContain(mine?.to_level)
    await db.query(`update blockers set status = 'resolved', resolution = 'x' where id = $1`, [id])
    const back = await recordEscalations(db, later)
    expect(back?.find((c) => c.item_type === 'blocker' && c.item_id === id)).toMatchObject({
      from_level: mine?.to_level,
      to_level: 'normal',
    })
    const { rows: history } = await db.query<{ from_level: string; to_level: string; changed_on: string }>(
      `select from_level, to_level, changed_on from escalation_changes where item_type = 'blocker' and item_id = $1
       order by id`,
      [id],
    )
    expect(history).toEqual([
      { from_level: 'normal', to_level: mine?.to_level, changed_on: later },
      { from_level: mine?.to_level, to_level: 'normal', changed_on: later },
    ])
    await db.query('update blockers set due_on = $2, status = $3, resolution = $4 where id = $1', [
      original?.id,
      original?.due_on,
      original?.status,
      original?.resolution,
    ])
  })

  it('lets one instance at a time grade the day', async () => {
    const results = await Promise.all([
      recordEscalations(testPool(), '2027-01-05'),
      recordEscalations(testPool(), '2027-01-05'),
    ])
    expect(results.filter((r) => r === null).length).toBeLessThanOrEqual(1)
    expect(results.some((r) => r !== null && r.length > 0)).toBe(true)
  })

  it('waits for the lock when grading after a write, and grades after the other has recorded', async () => {
    // half a year on, the items late in January have all moved up: the first records that, the second finds it done
    const results = await Promise.all([
      recordEscalations(testPool(), '2027-06-30', undefined, { wait: true }),
      recordEscalations(testPool(), '2027-06-30', undefined, { wait: true }),
    ])
    expect(results.map((r) => r === null)).toEqual([false, false])
    expect(results.map((r) => (r?.length ?? 0) > 0).sort()).toEqual([false, true])
  })
})
