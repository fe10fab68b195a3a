import { keepPreviousData, useQuery } from '@tanstack/react-query'
import type { Sector } from '../../../server/domain/vocabulary'
import { queries } from '../../api/queries'
import type { DashboardPeriod } from './dashboard-period'

/**
 * The dashboard figures for a period, kept fresh by the live stream (parcels, projects, infrastructure); a new
 * period keeps the last figures shown until its own arrive.
 */
export function useDashboard(period: DashboardPeriod, sector: Sector | null = null) {
  return useQuery({ ...queries.dashboard(period.from, period.to, sector), placeholderData: keepPreviousData })
}
