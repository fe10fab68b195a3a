import { afterAll, describe, expect, it } from 'vitest'
import { findSignedFigures } from '../../../server/db/dashboard'
import { wanToYi } from '../../../server/domain/units'
import { closeTestPool, testPool } from '../../support/app'

afterAll(closeTestPool)

describe('findSignedFigures on the demo district', () => {
  it('gives the figures the zone reported for January to April 2026 (DOMAIN.md)', async () => {
    const f = await findSignedFigures(testPool(), '2026-01-01', '2026-04-30')
    expect(f.count).toBe(47)
    expect(f.investmentWan).toBe(954300)
    expect(wanToYi(f.investmentWan)).toBe(95.43)
    expect(f.over10Yi).toBe(2)
    expect(f.over1Yi).toBe(16)
    expect(f.expansionLanded).toBe(26)
  })

  it('counts the 华利 headquarters among the expansion projects landed in the period', async () => {
    const { rows } = await testPool().query(
      `select kind, landed_on, is_headquarters from projects where name like '%华利总部%'`,
    )
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ kind: 'expansion', is_headquarters: true })
    expect(rows[0].landed_on >= '2026-01-01' && rows[0].landed_on <= '2026-04-30').toBe(true)
  })

  it('gives other figures for another period', async () => {
    const f = await findSignedFigures(testPool(), '2026-05-01', '2026-08-31')
    expect(f.count).not.toBe(47)
  })
})
