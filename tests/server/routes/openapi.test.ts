import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LAND_USES } from '../../../server/domain/vocabulary'
import { openApiPath } from '../../../server/http/openapi'
import { PERMISSIONS } from '../../../server/http/permissions'
import { closeTestPool, loginCookie, testApp } from '../../support/app'

const app = testApp()
let cookie = ''
// biome-ignore lint/suspicious/noExplicitAny: the document is checked field by field below
let doc: any
beforeAll(async () => {
  cookie = await loginCookie(app, 'leader')
  const res = await app.request('/api/openapi.json', { headers: { cookie } })
  expect(res.status).toBe(200)
  doc = await res.json()
})
afterAll(closeTestPool)

describe('GET /api/openapi.json', () => {
  it('is an OpenAPI 3.1 document with both ways to authenticate', () => {
    expect(doc.openapi).toMatch(/^3\.1\./)
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) })
    expect(Object.keys(doc.paths).length).toBeGreaterThan(30)
    expect(doc.components.securitySchemes).toEqual({
      session: { type: 'apiKey', in: 'cookie', name: 'guatu_session' },
      bearer: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
    })
  })

  it('has an operation for every /api route of the permission table, with who may call it', () => {
    for (const [route, access] of Object.entries(PERMISSIONS)) {
      const [method = '', path = '', part] = route.split(' ')
      if (!path.startsWith('/api/')) continue
      const op = doc.paths[openApiPath(path)]?.[method.toLowerCase()]
      expect(op, route).toBeDefined()
      // a part rule ("POST /api/parcels/:id/schedule save") is who may do that part of the operation
      if (part) expect(op['x-guatu-parts']?.[part], route).toEqual(access)
      else expect(op['x-guatu-access'], route).toEqual(access)
    }
    expect(doc.paths['/api/health'].get.security).toEqual([])
    expect(doc.paths['/api/parcels'].post['x-guatu-access']).toEqual(['land_officer'])
  })

  it('lists the query parameters of GET /api/parcels from its zod schema', () => {
    const params = doc.paths['/api/parcels'].get.parameters
    const names = params.map((p: { name: string }) => p.name)
    expect(names).toEqual(expect.arrayContaining(['bbox', 'status', 'land_use', 'limit', 'offset']))
    const limit = params.find((p: { name: string }) => p.name === 'limit')
    expect(limit).toMatchObject({ in: 'query', required: false, schema: { type: 'integer', maximum: 10000 } })
  })

  it('gives POST /api/parcels a JSON body with code and an enum of land uses', () => {
    const schema = doc.paths['/api/parcels'].post.requestBody.content['application/json'].schema
    expect(schema.required).toEqual(expect.arrayContaining(['code', 'land_use']))
    expect(schema.properties.code).toMatchObject({ type: 'string' })
    expect(schema.properties.land_use.enum).toEqual([...LAND_USES])
  })

  it('declares path parameters and the error body', () => {
    const op = doc.paths['/api/parcels/{id}'].patch
    expect(op.parameters).toContainEqual(expect.objectContaining({ name: 'id', in: 'path', required: true }))
    for (const status of ['400', '401', '403', '404', '409']) {
      expect(op.responses[status]).toEqual({ $ref: `#/components/responses/Error${status}` })
    }
    expect(doc.components.schemas.Error.properties.error.required).toEqual(['code', 'message'])
  })

  it('answers 401 without a session', async () => {
    const res = await app.request('/api/openapi.json')
    expect(res.status).toBe(401)
    expect((await res.json()).error.code).toBe('unauthenticated')
  })
})

describe('GET /api/docs', () => {
  it('is a script-free HTML list of the operations', async () => {
    const res = await app.request('/api/docs', { headers: { cookie } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/html')
    const page = await res.text()
    expect(page).toContain('/api/parcels/{id}')
    expect(page).toContain('Roles: admin, land_officer.')
    expect(page).not.toContain('<script')
  })

  it('answers 401 without a session', async () => {
    expect((await app.request('/api/docs')).status).toBe(401)
  })
})
