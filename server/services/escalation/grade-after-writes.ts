import type { Pool } from '../../db/pool'
import type { ChangeEvent, ChangeResource, EventBus } from '../../events'
import type { ReminderDelivery } from '../reminders/deliver'
import { remindRedCards } from '../reminders/notify'
import { recordEscalations } from './record-escalations'

/**
 * What a write can change of a late item's grade: milestones (parcels), blockers and follow-ups (projects),
 * infrastructure, orders, the thresholds (zone) and 标准地 commitments (firms).
 */
const GRADED: ReadonlySet<ChangeResource> = new Set([
  'parcels',
  'projects',
  'infrastructure',
  'orders',
  'zone',
  'firms',
])

/** Grading after writes: an item a write made red is mailed at once, not at the next day's turn. */
export interface WriteGrading {
  /** After a write has committed (runWrite): grades again when the write changed something graded. */
  afterWrite(events: readonly ChangeEvent[]): void
  /** Resolves once the grading under way, and one asked for meanwhile, has finished (tests, shutdown). */
  settled(): Promise<void>
}

/**
 * The late items are graded again after each write that may move a grade (a milestone's date moved into the past,
 * a blocker's due date, an infrastructure item's progress, lower thresholds…), in the background once the write has
 * committed, and each change of grade is recorded as the day's turn records it (recordEscalations, waiting for the
 * escalation lock so the grading sees the write). An item turned red reminds its department and the leaders in the
 * app, by e-mail and through the department's robot (remindRedCards); the bells are told and the outboxes delivered
 * at once. Writes that come while a grading runs are graded by one more run after it. A failure is logged; the next
 * write or the day's turn grades again.
 */
export function gradeAfterWrites(options: {
  pool: Pool
  today: () => string
  events: EventBus
  reminders?: ReminderDelivery
}): WriteGrading {
  const { pool, today, events, reminders } = options
  let running: Promise<void> | null = null
  let again = false

  async function gradeOnce() {
    let reminded = 0
    await recordEscalations(
      pool,
      today(),
      async (db, changes, late) => {
        reminded = await remindRedCards(db, changes, late)
      },
      { wait: true },
    )
    if (reminded === 0) return
    await events
      .publish({
        resource: 'notifications',
        action: 'create',
        ids: [],
        bbox: null,
        by: 'system',
        at: new Date().toISOString(),
      })
      .catch((err) => console.error('could not publish a change event:', err))
    reminders?.kick()
  }

  function grade() {
    if (running) {
      again = true
      return
    }
    running = (async () => {
      do {
        again = false
        await gradeOnce().catch((err) => console.error('could not grade the late items after a write:', err))
      } while (again)
    })().finally(() => {
      running = null
    })
  }

  return {
    afterWrite(written) {
      if (written.some((e) => GRADED.has(e.resource))) grade()
    },
    async settled() {
      while (running) await running
    },
  }
}
