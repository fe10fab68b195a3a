import { useQuery } from '@tanstack/react-query'
import { queries } from '../../api/queries'

/** The district: name, extent, today's zone date, the optional basemap and the parcel figures. */
export function useZone() {
  return useQuery(queries.zone())
}
