import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { queries } from '../../api/queries'
import type { DashboardPeriod } from './dashboard-period'

/**
 * The dashboard figures for a period, kept fresh by the live stream (parcels, projects, infrastructure); a new
 * period keeps the last figures shown until its own arrive.
 */
export function useDashboard(period: DashboardPeriod) {
  return useQuery({ ...queries.dashboard(period.from, period.to), placeholderData: keepPreviousData })
}
