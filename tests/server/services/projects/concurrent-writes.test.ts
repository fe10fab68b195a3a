import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { closeTestPool, loginCookie, testApp } from '../../../support/app'
import { schemaPool } from '../../../support/schema-pool'

// Real concurrent requests, each on a connection of its own: on PostgreSQL they run at once and the row locks
// decide; the embedded database serves one session, so there they queue, and the outcome must be the same.
const N = 6
const ROUNDS = 3
const PREFIX = 'TEST-RACE-'
// the embedded server takes 8 connections in all: there the requests share fewer (and queue for them)
const pool = schemaPool(
  inject('databaseUrl'),
  inject('testSchema'),
  inject('databaseKind') === 'postgres' ? N + 2 : 4,
)
const app = testApp({ pool })
let cookie = ''

beforeAll(async () => {
  cookie = await loginCookie(app, 'investor')
})

afterAll(async () => {
  await pool.query(
    `delete from history where (entity_type = 'project' and entity_id in (select id from projects where name like $1))
       or (entity_type = 'reservation' and entity_id in (
         select r.id from reservations r join projects x on x.id = r.project_id where x.name like $1))
       or (entity_type = 'parcel' and entity_id in (select id from parcels where code like $1))`,
    [`${PREFIX}%`],
  )
  await pool.query('delete from projects where name like $1', [`${PREFIX}%`])
  await pool.query('delete from parcels where code like $1', [`${PREFIX}%`])
  await pool.end()
  // testApp made the shared pool too, unused here
  await closeTestPool()
})

async function call(method: string, path: string, body?: unknown) {
  const res = await app.request(path, {
    method,
    headers: { cookie, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return { status: res.status, body: await res.json() }
}

let seq = 0
async function makeProject() {
  seq++
  const { status, body } = await call('POST', '/api/projects', {
    name: `${PREFIX}${seq}`,
    company: `${PREFIX}${seq}`,
    sector: 'services',
    lead_on: '2026-10-01',
  })
  expect(status).toBe(201)
  return body as { id: number; version: number }
}

async function makeParcel(key: string): Promise<number> {
  const { rows } = await pool.query<{ id: number }>(
    `insert into parcels (code, land_use, status, geom)
     values ($1, 'M1', 'available', ST_Multi(ST_Expand(ST_SetSRID(ST_MakePoint(110.05, 20.05), 4326), 0.0005)))
     returning id`,
    [`${PREFIX}${key}`],
  )
  return rows[0]?.id as number
}

const sorted = (statuses: number[]) => [...statuses].sort((a, b) => a - b)

describe('concurrent stage changes of one project with one version', () => {
  it.each(Array.from({ length: ROUNDS }, (_, i) => i + 1))(
    'round %i: one wins, the others answer 409 version_conflict',
    async () => {
      const project = await makeProject()
      const stages = ['negotiating', 'signed']
      const results = await Promise.all(
        Array.from({ length: N }, (_, i) =>
          call('POST', `/api/projects/${project.id}/stage`, {
            stage: stages[i % stages.length],
            version: project.version,
          }),
        ),
      )
      expect(sorted(results.map((r) => r.status))).toEqual([200, ...Array(N - 1).fill(409)])
      for (const lost of results.filter((r) => r.status === 409)) {
        expect(lost.body.error.code).toBe('version_conflict')
        expect(lost.body.error.details[0].current.version).toBe(project.version + 1)
      }
      const won = results.find((r) => r.status === 200)?.body
      expect(won.version).toBe(project.version + 1)
      expect(won.stage_history).toHaveLength(2)
      const { rows } = await pool.query(
        `select count(*)::int as n from history where entity_type = 'project' and entity_id = $1 and action = 'stage'`,
        [project.id],
      )
      expect(rows[0].n).toBe(1)
    },
  )
})

describe('concurrent reservations of one parcel by several projects', () => {
  it.each(Array.from({ length: ROUNDS }, (_, i) => i + 1))(
    'round %i: one holds it, the others answer 409 parcel_taken',
    async (round) => {
      const parcel = await makeParcel(`P${round}`)
      const projects = await Promise.all(Array.from({ length: N }, () => makeProject()))
      const results = await Promise.all(
        projects.map((p) =>
          call('POST', `/api/projects/${p.id}/reserve`, {
            parcel_id: parcel,
            until: '2027-03-31',
            version: p.version,
          }),
        ),
      )
      expect(sorted(results.map((r) => r.status))).toEqual([201, ...Array(N - 1).fill(409)])
      for (const lost of results.filter((r) => r.status === 409))
        expect(lost.body.error.code).toBe('parcel_taken')
      const { rows } = await pool.query(
        `select count(*)::int as n, min(project_id) as project from reservations
       where parcel_id = $1 and released_at is null`,
        [parcel],
      )
      expect(rows[0].n).toBe(1)
      const winner = projects[results.findIndex((r) => r.status === 201)]
      expect(rows[0].project).toBe(winner?.id)
      const status = await pool.query('select status from parcels where id = $1', [parcel])
      expect(status.rows[0].status).toBe('reserved')
    },
  )
})
