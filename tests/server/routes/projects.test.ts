import { describe, expect, it } from 'vitest'
import { readingAs } from '../../support/app'

const { get } = readingAs('investor')

describe('GET /api/projects', () => {
  it('answers about 120 projects with the fields of the contract', async () => {
    const { status, body } = await get('/api/projects')
    expect(status).toBe(200)
    expect(body.length).toBeGreaterThanOrEqual(100)
    for (const key of [
      'id',
      'name',
      'company',
      'sector',
      'kind',
      'stage',
      'investment_wan',
      'signed_on',
      'landed_on',
      'manager',
      'parcel_id',
      'needs',
      'version',
    ]) {
      expect(body[0]).toHaveProperty(key)
    }
    expect(Number.isInteger(body[0].investment_wan)).toBe(true)
  })

  it('filters by stage, sector and kind', async () => {
    const { body } = await get('/api/projects?stage=signed,construction&kind=expansion')
    expect(body.length).toBeGreaterThan(0)
    for (const p of body) {
      expect(['signed', 'construction']).toContain(p.stage)
      expect(p.kind).toBe('expansion')
    }
    const bySector = await get('/api/projects?sector=biomedicine')
    expect(bySector.body.every((p: { sector: string }) => p.sector === 'biomedicine')).toBe(true)
  })

  it('finds the 华利 headquarters by name', async () => {
    const { body } = await get(`/api/projects?q=${encodeURIComponent('华利总部')}`)
    expect(body).toHaveLength(1)
    expect(body[0].kind).toBe('expansion')
  })

  it('answers 400 for an unknown sector', async () => {
    const { status, body } = await get('/api/projects?sector=mining')
    expect(status).toBe(400)
    expect(body.error.code).toBe('validation_failed')
  })
})
