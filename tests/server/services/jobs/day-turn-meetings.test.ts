import { unzipSync } from 'fflate'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { findMeeting } from '../../../../server/db/meetings'
import { inProcessBus } from '../../../../server/events'
import { type JobClock, scheduleDayTurn } from '../../../../server/services/jobs/day-turn'
import { freezePastAgendas } from '../../../../server/services/meetings/freeze-agendas'
import { computeAgenda } from '../../../../server/services/meetings/meetings'
import { closeTestPool, DEMO_TODAY, loginCookie, testApp, testPool } from '../../../support/app'
import { squarePolygon } from '../../../support/factories'
import { schemaPool } from '../../../support/schema-pool'

// A past regular meeting's agenda (例会议程) is frozen at the day's turn after it: its minutes read the same next
// month, whatever is done or resolved since; its decisions (orders) keep showing how far they got.
const CODE = 'T-FRZ-1'
const BLOCKER = 'T-FRZ 管线迁改协调'
const PAST = '2026-11-20'
const app = testApp()
let cookie = ''
let parcelId = 0
let milestoneId = 0
let blockerId = 0
let pastId = 0
let todayId = 0
let decisionId = 0
/** the meetings not frozen before this file, unfrozen again after it, as the other test files expect them */
let unfrozen: number[] = []

/** A clock that stays where it is set, with timers that never fire: the schedule's start-up turn alone runs. */
const stillClock = (at: string): JobClock => ({ now: () => new Date(at), after: () => () => {} })

/** The day's turn to `day` as server/main.ts runs it: the past meetings' agendas are frozen first. */
const freezeFor = (day: string, pool = testPool()) =>
  freezePastAgendas({ pool, events: inProcessBus(), today: () => day })

async function get(path: string) {
  const res = await app.request(path, { headers: { cookie } })
  expect(res.status, path).toBe(200)
  return res
}

type Agenda = {
  frozen_at: string | null
  as_of: string
  late_by_department: { items: { item_type: string; item_id: number; due_on: string; days_late: number }[] }[]
  open_blockers: { id: number; title: string }[]
  decisions: { id: number; status: string }[]
}

const agendaOf = async (id: number) => (await (await get(`/api/meetings/${id}/agenda`)).json()) as Agenda
const lateItems = (agenda: Pick<Agenda, 'late_by_department'>) =>
  agenda.late_by_department
    .flatMap((g) => g.items)
    .filter((i) => i.item_type === 'milestone' && i.item_id === milestoneId)

async function stored(id: number) {
  const { rows } = await testPool().query<{ agenda: unknown; frozen_at: string | null }>(
    `select agenda, to_json(agenda_frozen_at) #>> '{}' as frozen_at from meetings where id = $1`,
    [id],
  )
  return rows[0]
}

async function clean() {
  const db = testPool()
  await db.query(`delete from orders where instructions like 'T-FRZ%'`)
  await db.query(`delete from meetings where title like 'T-FRZ%'`)
  await db.query(`delete from projects where company = 'T-FRZ 公司'`)
  await db.query('delete from parcels where code = $1', [CODE])
}

beforeAll(async () => {
  await clean()
  cookie = await loginCookie(app, 'leader')
  const db = testPool()
  unfrozen = (
    await db.query<{ id: number }>('select id from meetings where agenda_frozen_at is null')
  ).rows.map((r) => r.id)
  // a parcel whose acquisition, planned 2026-11-01, is not done: 19 days late on 2026-11-20
  parcelId = (
    await db.query<{ id: number }>(
      `insert into parcels (code, name, land_use, status, target_on, geom)
       values ($1, '冻结测试', 'M1', 'acquiring', '2027-06-01', ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($2), 4326)))
       returning id`,
      [CODE, JSON.stringify(squarePolygon(110.41, 20.41))],
    )
  ).rows[0]?.id as number
  milestoneId = (
    await db.query<{ id: number }>(
      `insert into parcel_milestones (parcel_id, kind, planned_on) values ($1, 'acquisition', '2026-11-01')
       returning id`,
      [parcelId],
    )
  ).rows[0]?.id as number
  const projectId = (
    await db.query<{ id: number }>(
      `insert into projects (name, company, sector, stage, investment_wan, signed_on)
       values ('T-FRZ 项目', 'T-FRZ 公司', 'new_materials', 'signed', 10000, '2026-10-01') returning id`,
    )
  ).rows[0]?.id as number
  const departmentId = (await db.query<{ id: number }>(`select id from departments where name = '征拆办'`))
    .rows[0]?.id as number
  // open, due after the meeting: on its agenda as an open blocker, not as a late item
  blockerId = (
    await db.query<{ id: number }>(
      `insert into blockers (project_id, title, owner, due_on, department_id) values ($1, $2, '征拆办', '2026-11-25', $3)
       returning id`,
      [projectId, BLOCKER, departmentId],
    )
  ).rows[0]?.id as number

  const create = async (title: string, held_on: string) => {
    const res = await app.request('/api/meetings', {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ title, held_on, attendees: ['区领导'] }),
    })
    expect(res.status).toBe(201)
    return ((await res.json()) as { id: number }).id
  }
  pastId = await create('T-FRZ 第20日例会', PAST)
  todayId = await create('T-FRZ 今日例会', DEMO_TODAY)
  const res = await app.request(`/api/meetings/${pastId}/decisions`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify({
      item_type: 'blocker',
      item_id: blockerId,
      department_id: departmentId,
      instructions: 'T-FRZ 12月10日前完成管线迁改协调',
      due_on: '2026-12-10',
    }),
  })
  expect(res.status).toBe(201)
  decisionId = ((await res.json()) as { id: number }).id
})

afterAll(async () => {
  await clean()
  await testPool().query(
    'update meetings set agenda = null, agenda_frozen_at = null where id = any($1::bigint[])',
    [unfrozen],
  )
  await closeTestPool()
})

describe('the day’s turn and the meetings’ agendas', () => {
  it('freezes at start-up the agenda of a meeting held before the new day, as of its day, and not today’s', async () => {
    const frozen: number[] = []
    // the forecasts are those of the demo's today already: the start-up turn only forecasts the new parcel
    const stop = scheduleDayTurn(testPool(), {
      clock: stillClock(`${DEMO_TODAY}T09:00:00+08:00`),
      onTurn: () => {},
      afterTurn: async (day) => {
        frozen.push(...(await freezeFor(day)))
      },
    })
    await stop()
    expect(frozen).toContain(pastId)
    expect(frozen).not.toContain(todayId)
    expect((await stored(pastId))?.frozen_at).not.toBeNull()
    expect(await stored(todayId)).toEqual({ agenda: null, frozen_at: null })

    const agenda = await agendaOf(pastId)
    expect(agenda.frozen_at).toBe((await stored(pastId))?.frozen_at)
    expect(agenda.as_of).toBe(PAST)
    expect(lateItems(agenda)).toEqual([expect.objectContaining({ due_on: '2026-11-01', days_late: 19 })])
    expect(agenda.open_blockers.filter((b) => b.id === blockerId).map((b) => b.title)).toEqual([BLOCKER])
    expect(agenda.decisions.map((o) => [o.id, o.status])).toEqual([[decisionId, 'issued']])

    const { rows } = await testPool().query(
      `select action, reason, changes ->> 'as_of' as as_of from history where entity_type = 'meeting' and entity_id = $1
       and action = 'update'`,
      [pastId],
    )
    expect(rows).toEqual([{ action: 'update', reason: 'agenda frozen', as_of: PAST }])
  })

  it('keeps a milestone done and a blocker resolved since on the frozen agenda and minutes, while a fresh one drops them', async () => {
    const db = testPool()
    await db.query(`update parcel_milestones set actual_on = '2026-11-27' where id = $1`, [milestoneId])
    await db.query(`update blockers set status = 'resolved', resolution = 'T-FRZ 已协调' where id = $1`, [
      blockerId,
    ])
    await db.query(`update orders set status = 'in_progress' where id = $1`, [decisionId])

    // computed now, as of the meeting's day, the two are gone: that is what the meeting must not lose
    const fresh = await computeAgenda(
      db,
      (await findMeeting(db, pastId)) ?? expect.fail('no meeting'),
      DEMO_TODAY,
    )
    expect(fresh.as_of).toBe(PAST)
    expect(lateItems(fresh)).toEqual([])
    expect(fresh.open_blockers.filter((b) => b.id === blockerId)).toEqual([])

    const agenda = await agendaOf(pastId)
    expect(lateItems(agenda)).toEqual([expect.objectContaining({ due_on: '2026-11-01', days_late: 19 })])
    expect(agenda.open_blockers.filter((b) => b.id === blockerId).map((b) => b.title)).toEqual([BLOCKER])
    // its decisions are read now: the order it issued shows it is under way
    expect(agenda.decisions.map((o) => [o.id, o.status])).toEqual([[decisionId, 'in_progress']])

    const docx = await get(`/api/meetings/${pastId}/minutes.docx`)
    const xml = new TextDecoder().decode(
      unzipSync(new Uint8Array(await docx.arrayBuffer()))['word/document.xml'],
    )
    expect(xml).toContain(BLOCKER)
    expect(xml).toContain(`${CODE} 冻结测试`)
    expect(xml).toContain('T-FRZ 12月10日前完成管线迁改协调（征拆办，2026-12-10 前，办理中）')
  })

  it('leaves a meeting of today unfrozen: its agenda is computed now', async () => {
    const agenda = await agendaOf(todayId)
    expect(agenda.frozen_at).toBeNull()
    expect(agenda.as_of).toBe(DEMO_TODAY)
    // resolved since the other meeting was frozen: gone from this one, which is prepared from today's data
    expect(agenda.open_blockers.filter((b) => b.id === blockerId)).toEqual([])
    expect(lateItems(agenda)).toEqual([])
  })

  it('does not freeze a meeting again at a later turn', async () => {
    const before = await stored(pastId)
    expect(await freezeFor(DEMO_TODAY)).toEqual([])
    // the next day: the meeting of the 28th is past now and frozen; that of the 20th is left as it was
    expect(await freezeFor('2026-11-29')).toEqual([todayId])
    expect(await stored(pastId)).toEqual(before)
    expect((await stored(todayId))?.frozen_at).not.toBeNull()
    const { rows } = await testPool().query<{ n: number }>(
      `select count(*)::int as n from history where entity_type = 'meeting' and entity_id = $1 and reason = 'agenda frozen'`,
      [pastId],
    )
    expect(rows).toEqual([{ n: 1 }])
  })

  it.runIf(inject('databaseKind') === 'postgres')(
    'freezes a meeting once when two instances turn the day at the same moment',
    async () => {
      const title = 'T-FRZ 并发例会'
      const { rows } = await testPool().query<{ id: number }>(
        `insert into meetings (title, held_on, created_by) values ($1, '2026-11-21', 'leader') returning id`,
        [title],
      )
      const id = rows[0]?.id as number
      const pools = [0, 1].map(() => schemaPool(inject('databaseUrl'), inject('testSchema'), 2))
      try {
        const turns = await Promise.all(pools.map((pool) => freezeFor('2026-11-29', pool)))
        expect(turns.flat()).toEqual([id])
      } finally {
        await Promise.all(pools.map((p) => p.end()))
      }
      const history = await testPool().query<{ n: number }>(
        `select count(*)::int as n from history where entity_type = 'meeting' and entity_id = $1`,
        [id],
      )
      expect(history.rows).toEqual([{ n: 1 }])
    },
  )
})
