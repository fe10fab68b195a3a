import { lockMeetingsToFreeze, storeAgendaSnapshot } from '../../db/meetings'
import { runWrite, type ServiceDeps, SYSTEM } from '../write'
import { computeAgenda } from './meetings'

/**
 * The day's turn: every meeting held before the new day (`deps.today()`) whose agenda is not frozen yet gets its
 * agenda computed as of its day (computeAgenda) and stored, with its history row, in one transaction — from then on
 * its agenda and minutes read as they did after the meeting, whatever is done, resolved or issued later. A meeting
 * is frozen once: a later turn, or another instance's turn at the same moment, leaves it as it is. Answers the ids
 * of the meetings frozen now.
 */
export async function freezePastAgendas(deps: ServiceDeps): Promise<number[]> {
  return runWrite(deps, SYSTEM, async (tx) => {
    const meetings = await lockMeetingsToFreeze(tx.db, tx.today)
    const history = []
    for (const meeting of meetings) {
      const agenda = await computeAgenda(tx.db, meeting, tx.today)
      const { frozen_at, version } = await storeAgendaSnapshot(tx.db, meeting.id, agenda)
      history.push({
        entityType: 'meeting' as const,
        entityId: meeting.id,
        action: 'update' as const,
        changes: { agenda_frozen_at: frozen_at, as_of: agenda.as_of, version },
        reason: 'agenda frozen',
      })
    }
    const ids = meetings.map((m) => m.id)
    if (ids.length > 0) await tx.record({ resource: 'meetings', action: 'update', ids, history })
    return ids
  })
}
