import { afterAll, describe, expect, it } from 'vitest'
import { DEFAULT_ESCALATION_THRESHOLDS } from '../../../server/domain/escalation'
import { ESCALATION_CASES, STRICT_CASES, STRICT_THRESHOLDS, TODAY } from '../../fixtures/escalation-cases'
import { closeTestPool, testPool } from '../../support/app'

afterAll(closeTestPool)

// GET /api/late, the map and the dashboard grade in SQL (escalation_lag, escalation_level: migration 0021): the same
// hand-computed cases as the domain rule's.
async function grade(
  item: { due_on: string; start_on?: string | null; progress_pct?: number | null },
  today: string,
  thresholds: object,
) {
  const { rows } = await testPool().query<{ lag: number; level: string }>(
    'select escalation_lag($1, $2, $3, $4) as lag, escalation_level($1, $2, $3, $4, $5) as level',
    [today, item.due_on, item.start_on ?? null, item.progress_pct ?? null, JSON.stringify(thresholds)],
  )
  return rows[0]
}

describe('escalation_level (SQL)', () => {
  it.each(ESCALATION_CASES)('$name → $level', async ({ item, today, lag, level }) => {
    const graded = await grade(item, today ?? TODAY, DEFAULT_ESCALATION_THRESHOLDS)
    expect(graded?.lag).toBeCloseTo(lag, 9)
    expect(graded?.level).toBe(level)
  })

  it.each(STRICT_CASES)(
    'under the thresholds an admin set (7/14 days, 5/20 points): $name → $level',
    async ({ item, level }) => {
      expect((await grade(item, TODAY, STRICT_THRESHOLDS))?.level).toBe(level)
    },
  )
})
