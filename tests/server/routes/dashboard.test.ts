import { describe, expect, it } from 'vitest'
import { availableMuByMonth, monthsOf } from '../../../server/domain/dashboard'
import { readingAs } from '../../support/app'

const { get } = readingAs('leader')

describe('GET /api/dashboard', () => {
  it('gives the figures the zone reported for January to April 2026', async () => {
    const { status, body } = await get('/api/dashboard?from=2026-01-01&to=2026-04-30')
    expect(status).toBe(200)
    expect(body.signed).toMatchObject({ count: 47, investment_yi: 95.43, over_10yi: 2, over_1yi: 16 })
    expect(body.expansion).toEqual({ count: 26 })
    expect(body.signed.by_month.map((m: { month: string }) => m.month)).toEqual([
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
    ])
    expect(body.signed.by_month.reduce((n: number, m: { count: number }) => n + m.count, 0)).toBe(47)
    expect(
      body.signed.by_sector.reduce((n: number, s: { investment_wan: number }) => n + s.investment_wan, 0),
    ).toBe(954300)
  })

  it('gives rates between 0 and 1, land by month over the period, and what is late', async () => {
    const { body } = await get('/api/dashboard?from=2026-01-01&to=2027-12-31')
    for (const r of [body.landing_rate, body.conversion_rate]) {
      expect(r).toBeGreaterThan(0)
      expect(r).toBeLessThanOrEqual(1)
    }
    expect(body.land.available_mu_by_month).toHaveLength(24)
    expect(body.land.available_mu_by_month.some((m: { mu: number }) => m.mu > 0)).toBe(true)
    expect(body.late_milestones).toBeGreaterThan(0)
    expect(body.late_by_owner[0].owner).toBeTruthy()
    expect(body.infrastructure.avg_progress_pct).toBeGreaterThan(0)
    expect(body.infrastructure.late).toBeGreaterThan(0)
  })

  it.each([
    ['from after to', '?from=2026-05-01&to=2026-04-30'],
    ['a missing to', '?from=2026-05-01'],
    ['a date that does not exist', '?from=2026-02-30&to=2026-04-30'],
    ['an unknown filter', '?from=2026-01-01&to=2026-04-30&sector=x'],
  ])('answers 400 for %s', async (_, query) => {
    const { status, body } = await get(`/api/dashboard${query}`)
    expect(status).toBe(400)
    expect(body.error.code).toBe('validation_failed')
  })
})

describe('dashboard arithmetic', () => {
  it('lists the months a period touches, across a year end', () => {
    expect(monthsOf('2026-11-15', '2027-02-01')).toEqual(['2026-11', '2026-12', '2027-01', '2027-02'])
  })
  it('turns areas per month into mu for every month of the period, and ignores other months', () => {
    const months = availableMuByMonth(
      [
        { area_m2: 30000, month: '2026-05' },
        { area_m2: 5000, month: '2027-01' },
      ],
      '2026-05-01',
      '2026-06-30',
    )
    expect(months).toEqual([
      { month: '2026-05', mu: 45 },
      { month: '2026-06', mu: 0 },
    ])
  })
})

describe('land supply of unscheduled parcels', () => {
  it('does not count a parcel without milestones: it has a target but no 可供日期 (ready to offer) yet', async () => {
    const pool = (await import('../../support/app')).testPool()
    const { rows } = await pool.query(
      `insert into parcels (code, land_use, target_on, geom) values ('T-DASH', 'M1', '2031-03-15',
         ST_Multi(ST_GeomFromText('POLYGON((110.7 20.7, 110.701 20.7, 110.701 20.701, 110.7 20.701, 110.7 20.7))', 4326)))
       returning area_m2`,
    )
    try {
      const { body } = await get('/api/dashboard?from=2031-01-01&to=2031-12-31')
      const march = body.land.available_mu_by_month.find((m: { month: string }) => m.month === '2031-03')
      expect(rows[0].area_m2).toBeGreaterThan(10000)
      expect(march.mu).toBe(0)
    } finally {
      await pool.query(`delete from parcels where code = 'T-DASH'`)
    }
  })
})
