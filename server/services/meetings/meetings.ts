import { findLateItems } from '../../db/escalation'
import {
  findAgendaSnapshot,
  findChangesBetween,
  findMeeting,
  findMeetings,
  findOpenBlockers,
  findPreviousMeeting,
  insertMeeting,
  type MeetingRow,
} from '../../db/meetings'
import { findOrders, type OrderRow } from '../../db/orders'
import type { Queryable } from '../../db/pool'
import { findLandSettings } from '../../db/zone'
import { groupLateByDepartment, type MeetingCreate, type MeetingDecision } from '../../domain/meetings'
import { ApiError } from '../../errors'
import { issueOrder } from '../orders/issue-order'
import { type Actor, runWrite, type ServiceDeps } from '../write'

export function meetingNotFound(id: number) {
  return new ApiError(404, 'not_found', `No meeting ${id}`, [], {
    'zh-CN': `例会 ${id} 不存在`,
    en: `No meeting ${id}`,
  })
}

/** POST /api/meetings: records a meeting (例会) with its day and attendees. */
export async function createMeeting(deps: ServiceDeps, actor: Actor, input: MeetingCreate) {
  return runWrite(deps, actor, async (tx) => {
    const id = await insertMeeting(tx.db, {
      title: input.title,
      held_on: input.held_on,
      attendees: input.attendees,
      notes: input.notes ?? null,
      created_by: actor.username,
    })
    const meeting = await findMeeting(tx.db, id)
    await tx.record({
      resource: 'meetings',
      action: 'create',
      ids: [id],
      history: [{ entityType: 'meeting', entityId: id, action: 'create', changes: { ...meeting } }],
    })
    return meeting
  })
}

export async function listMeetings(deps: Pick<ServiceDeps, 'pool'>) {
  return findMeetings(deps.pool)
}

/** The agenda as computeAgenda describes it, and every order graded as of its day (its decisions are among them). */
async function agendaAndOrders(db: Queryable, meeting: MeetingRow, today: string) {
  const previous = await findPreviousMeeting(db, meeting)
  // a past meeting's agenda is as of its day; a meeting ahead is prepared from today's data
  const asOf = meeting.held_on < today ? meeting.held_on : today
  const { escalation } = await findLandSettings(db)
  const late = await findLateItems(db, asOf, escalation)
  const orders = await findOrders(db, asOf, escalation, {})
  const agenda = {
    previous: previous ? { id: previous.id, title: previous.title, held_on: previous.held_on } : null,
    as_of: asOf,
    changes: await findChangesBetween(db, previous?.held_on ?? null, asOf),
    late_by_department: groupLateByDepartment(late),
    open_blockers: await findOpenBlockers(db),
    // the orders open going into the meeting: none issued after its day, not its own decisions
    open_orders: orders.filter(
      (o) => o.status !== 'accepted' && o.issued_on <= asOf && o.meeting_id !== meeting.id,
    ),
  }
  return { agenda, orders }
}

/**
 * What a meeting's agenda says as of its day (or, for a meeting ahead, as of today): the previous meeting, what
 * changed since it (stage moves, milestones done, projects signed and their amount), the late items by department
 * with their grades, the open blockers and the orders still open going into it. Frozen at the day's turn after
 * the meeting (freezePastAgendas): this is what is stored.
 */
export async function computeAgenda(db: Queryable, meeting: MeetingRow, today: string) {
  return (await agendaAndOrders(db, meeting, today)).agenda
}

export type FrozenAgenda = Awaited<ReturnType<typeof computeAgenda>>

/**
 * A meeting's agenda: the one frozen at the day's turn after it (`frozen_at` says when), or, until then (a meeting
 * of today, ahead, or past before the next turn), computed now (computeAgenda, `frozen_at` null). Its decisions
 * (the orders it issued) are always read now, so their progress shows.
 */
export async function meetingAgenda(db: Queryable, id: number, today: string) {
  const meeting = await findMeeting(db, id)
  if (!meeting) throw meetingNotFound(id)
  const snapshot = await findAgendaSnapshot(db, id)
  let agenda: FrozenAgenda
  let orders: OrderRow[]
  if (snapshot) {
    // stored by freezePastAgendas from computeAgenda's answer, as JSON
    agenda = snapshot.agenda as FrozenAgenda
    orders = await findOrders(db, agenda.as_of, (await findLandSettings(db)).escalation, {})
  } else ({ agenda, orders } = await agendaAndOrders(db, meeting, today))
  return {
    meeting,
    ...agenda,
    frozen_at: snapshot?.frozen_at ?? null,
    decisions: (
      await db.query<{ id: number }>('select id from orders where meeting_id = $1 order by id', [id])
    ).rows
      .map((r) => orders.find((o) => o.id === r.id))
      .filter((o) => o !== undefined),
  }
}

export type MeetingAgenda = Awaited<ReturnType<typeof meetingAgenda>>

export async function agenda(deps: Pick<ServiceDeps, 'pool' | 'today'>, id: number) {
  return meetingAgenda(deps.pool, id, deps.today())
}

/** A decision of the meeting: an order issued to a department (督办), linked to the meeting. */
export async function decide(deps: ServiceDeps, actor: Actor, meetingId: number, input: MeetingDecision) {
  if (!(await findMeeting(deps.pool, meetingId))) throw meetingNotFound(meetingId)
  return issueOrder(deps, actor, input, meetingId)
}
