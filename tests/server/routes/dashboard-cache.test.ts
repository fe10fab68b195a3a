import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { parseLsn, readContext } from '../../../server/db/replicas'
import type { EventBus } from '../../../server/events'
import { inProcessBus } from '../../../server/events'
import { createDashboardService } from '../../../server/services/dashboard/dashboard-cache'
import { closeTestPool, DEMO_TODAY, loginCookie, testApp, testPool } from '../../support/app'

// Two instances on one database; one bus delivers each change event to both, as PostgreSQL NOTIFY does
const events = inProcessBus()
let today = DEMO_TODAY
const a = testApp({ events, today: () => today })
const b = testApp({ events, today: () => today })
const cookies: Record<string, string> = {}
const PERIOD = '/api/dashboard?from=2026-01-01&to=2026-04-30'

// a project signed in the period (not dropped): its investment counts in the period's signed sum
let project: { id: number; investmentWan: number }

beforeAll(async () => {
  for (const user of ['leader', 'investor', 'officer']) cookies[user] = await loginCookie(a, user)
  const { rows } = await testPool().query<{ id: number; investmentWan: number }>(
    `select id::int, investment_wan::int as "investmentWan" from projects
     where signed_on between '2026-01-01' and '2026-04-30' and stage <> 'dropped' order by id limit 1`,
  )
  if (!rows[0]) throw new Error('the demo district has no project signed in January to April 2026')
  project = rows[0]
})

afterAll(async () => {
  await testPool().query('update projects set investment_wan = $2 where id = $1', [
    project.id,
    project.investmentWan,
  ])
  await closeTestPool()
})

async function signedWan(app: typeof a, path = PERIOD, user = 'leader'): Promise<number> {
  const res = await app.request(path, { headers: { cookie: cookies[user] ?? '' } })
  expect(res.status).toBe(200)
  return ((await res.json()) as { signed: { investment_wan: number } }).signed.investment_wan
}

/** The period's signed investment (万元) summed by PostgreSQL itself, of one sector when given. */
async function signedWanInDb(sector: string | null = null): Promise<number> {
  const { rows } = await testPool().query<{ wan: number }>(
    `select coalesce(sum(investment_wan), 0)::bigint as wan from projects
     where signed_on between '2026-01-01' and '2026-04-30' and stage <> 'dropped' and ($1::text is null or sector = $1)`,
    [sector],
  )
  return rows[0]?.wan ?? Number.NaN
}

/** A change no event announces (as a write outside the services would be): the cache cannot know of it. */
async function changeWithoutEvent(byWan: number) {
  await testPool().query('update projects set investment_wan = investment_wan + $2 where id = $1', [
    project.id,
    byWan,
  ])
}

describe('GET /api/dashboard, kept per instance until a change event', () => {
  it('keeps its answer until a change event: a change without one is not seen yet', async () => {
    const before = await signedWanInDb()
    expect(await signedWan(a)).toBe(before)
    await changeWithoutEvent(7)
    expect(await signedWan(a)).toBe(before)
    // an instance that had not kept the answer reads it afresh
    expect(await signedWan(b)).toBe(before + 7)
  })

  it('keeps answers apart per period, access scope and zone day', async () => {
    const kept = await signedWan(a)
    await changeWithoutEvent(5)
    expect(await signedWan(a)).toBe(kept)
    // another filter of the period, another role, another zone day: each read afresh, with the change
    const { rows } = await testPool().query<{ sector: string }>('select sector from projects where id = $1', [
      project.id,
    ])
    const sector = rows[0]?.sector ?? ''
    expect(await signedWan(a, `${PERIOD}&sector=${sector}`)).toBe(await signedWanInDb(sector))
    expect(await signedWan(a, PERIOD, 'officer')).toBe(await signedWanInDb())
    today = '2026-11-29'
    try {
      expect(await signedWan(a)).toBe(await signedWanInDb())
    } finally {
      today = DEMO_TODAY
    }
  })

  it("shows a write in the writer's next read and in the other instance's next read", async () => {
    // both instances keep an answer from before the write
    await signedWan(a, PERIOD, 'investor')
    await signedWan(b)
    const current = await a.request(`/api/projects/${project.id}`, {
      headers: { cookie: cookies.investor ?? '' },
    })
    const { investment_wan, version } = (await current.json()) as { investment_wan: number; version: number }
    const patch = await a.request(`/api/projects/${project.id}`, {
      method: 'PATCH',
      headers: { cookie: cookies.investor ?? '', 'content-type': 'application/json' },
      body: JSON.stringify({ investment_wan: investment_wan + 1234, version }),
    })
    expect(patch.status).toBe(200)
    // the project has 1234 万元 more, besides the earlier changes that no event announced (7 + 5 万元)
    const expected = await signedWanInDb()
    const { rows } = await testPool().query<{ wan: number }>(
      'select investment_wan::int as wan from projects where id = $1',
      [project.id],
    )
    expect(rows[0]?.wan).toBe(project.investmentWan + 7 + 5 + 1234)
    expect(await signedWan(a, PERIOD, 'investor')).toBe(expected)
    expect(await signedWan(a)).toBe(expected)
    expect(await signedWan(b)).toBe(expected)
  })
})

describe('the dashboard cache on PostgreSQL: read-your-writes before the event arrives', () => {
  it.skipIf(inject('databaseKind') !== 'postgres')(
    "reads afresh for a caller whose write's WAL position is past every event heard",
    async () => {
      // an instance that hears no events (its change event still on the way)
      const silent: EventBus = { publish: async () => {}, subscribe: () => () => {}, close: async () => {} }
      const service = createDashboardService({ pool: testPool(), events: silent, today: () => DEMO_TODAY })
      const query = { from: '2026-01-01', to: '2026-04-30' }
      const before = (await service.dashboard('leader', query)).signed.investment_wan
      await changeWithoutEvent(3)
      const { rows } = await testPool().query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn')
      const written = {
        replicaOk: false,
        minLsn: parseLsn(rows[0]?.lsn ?? ''),
        wroteLsn: null,
        servedBy: null,
      }
      // the writer (their guatu_lsn) gets their change; anyone else the kept answer until the event comes
      const mine = await readContext.run(written, () => service.dashboard('leader', query))
      expect(mine.signed.investment_wan).toBe(before + 3)
      expect((await service.dashboard('leader', query)).signed.investment_wan).toBe(before)
    },
  )
})
