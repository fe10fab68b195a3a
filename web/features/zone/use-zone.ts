import { api } from '../../api/client'
import { useApiQuery } from '../../api/use-api-query'

/** The district: name, extent, today's zone date and the optional basemap. */
export function useZone() {
  return useApiQuery('zone', api.zone)
}
