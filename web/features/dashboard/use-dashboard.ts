import { useCallback } from 'react'
import { api } from '../../api/client'
import { useLiveQuery } from '../live/use-live-query'
import type { DashboardPeriod } from './dashboard-period'

/** The dashboard figures for a period, fetched again whenever anything is written anywhere. */
export function useDashboard(period: DashboardPeriod) {
  const { from, to } = period
  const load = useCallback((signal: AbortSignal) => api.dashboard(from, to, signal), [from, to])
  return useLiveQuery(`dashboard:${from}:${to}`, load, '*')
}
