import { describe, expect, it } from 'vitest'
import { ParcelQuery } from '../../../server/domain/parcel'

describe('ParcelQuery', () => {
  it('parses bbox, lists and paging', () => {
    const q = ParcelQuery.parse({ bbox: '113.4,22.5,113.5,22.6', status: 'available,reserved', limit: '50' })
    expect(q).toEqual({
      bbox: [113.4, 22.5, 113.5, 22.6],
      status: ['available', 'reserved'],
      limit: 50,
      offset: 0,
      // shapes included unless asked otherwise (geometry=none: the attribute table)
      geometry: 'full',
    })
  })
  it.each([
    [{ bbox: '1,2,3' }, 'bbox'],
    [{ bbox: '1,2,x,4' }, 'bbox'],
    [{ bbox: '10,2,3,4' }, 'bbox'],
    [{ status: 'sold' }, 'status'],
    [{ limit: '10001' }, 'limit'],
    [{ colour: 'red' }, ''],
  ])('rejects %j', (input, path) => {
    const result = ParcelQuery.safeParse(input)
    expect(result.success).toBe(false)
    expect(result.error?.issues[0]?.path.join('.') ?? '').toContain(path)
  })
})
