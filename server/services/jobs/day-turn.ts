import type { Pool } from '../../db/pool'
import { nextZoneMidnight, zoneToday } from '../../domain/units'
import { reforecastStale } from '../land/reforecast'

/** The clock and timers of a scheduled job: the system's, or a test's that it sets by hand. */
export interface JobClock {
  now(): Date
  /** Calls `fn` once after `ms` milliseconds, without keeping the process alive; returns what cancels it. */
  after(ms: number, fn: () => void): () => void
}

export const systemClock: JobClock = {
  now: () => new Date(),
  after(ms, fn) {
    const timer = setTimeout(fn, ms)
    timer.unref()
    return () => clearTimeout(timer)
  },
}

/** One turn of the day: the zone day, the parcels re-forecast (null: another instance holds the turn), its time. */
export interface DayTurn {
  day: string
  parcels: number | null
  ms: number
}

function logTurn(turn: DayTurn) {
  console.log(
    turn.parcels === null
      ? `forecasts: another instance is re-forecasting for ${turn.day}`
      : `forecasts: ${turn.parcels} parcels re-forecast for ${turn.day} in ${(turn.ms / 1000).toFixed(1)} s`,
  )
}

/**
 * The day's turn: re-forecasts the stale parcels (reforecastStale: forecast from an earlier zone day that may have
 * changed, or none) now, at every midnight in the zone (Asia/Shanghai), and whenever a check every `checkEveryMs`
 * (a minute by default) finds the zone day is not the one last turned — a process that slept or a clock that
 * jumped skips the midnight timer, and the check catches up. The check costs nothing but reading the clock. One
 * instance at a time (reforecastStale's advisory lock); one that finds the lock taken looks again at the next
 * check. A failed run is logged and tried again at the next check. The returned function stops the schedule and
 * resolves once a run under way has finished, so the database can close after it.
 */
export function scheduleDayTurn(
  pool: Pool,
  options: {
    clock?: JobClock
    checkEveryMs?: number
    onTurn?: (turn: DayTurn) => void
    /**
     * More work of the day, once the forecasts are fresh (the grades of late items and their reminders); a failure
     * is logged and does not undo the turn.
     */
    afterTurn?: (day: string) => Promise<void>
  } = {},
): () => Promise<void> {
  const { clock = systemClock, checkEveryMs = 60_000, onTurn = logTurn, afterTurn } = options
  let turned: string | null = null
  let running: Promise<void> | null = null
  let stopped = false
  let cancelMidnight = () => {}
  let cancelCheck = () => {}

  const turn = () => {
    if (stopped || running) return
    const day = zoneToday(clock.now())
    if (day === turned) return
    const started = performance.now()
    running = reforecastStale(pool, day)
      .then(async (parcels) => {
        if (parcels !== null) turned = day
        onTurn({ day, parcels, ms: performance.now() - started })
        if (parcels !== null && afterTurn)
          await afterTurn(day).catch((err) => console.error(`the day's work for ${day} failed:`, err))
      })
      .catch((err) => console.error(`could not re-forecast the parcels for ${day}:`, err))
      .finally(() => {
        running = null
      })
  }
  // a timer may fire a moment early: the day has not turned yet, and the next one is armed for what is left
  const armMidnight = () => {
    if (stopped) return
    const now = clock.now()
    cancelMidnight = clock.after(nextZoneMidnight(now).getTime() - now.getTime(), () => {
      turn()
      armMidnight()
    })
  }
  const armCheck = () => {
    if (stopped) return
    cancelCheck = clock.after(checkEveryMs, () => {
      turn()
      armCheck()
    })
  }

  turn()
  armMidnight()
  armCheck()
  return async () => {
    stopped = true
    cancelMidnight()
    cancelCheck()
    await running
  }
}
