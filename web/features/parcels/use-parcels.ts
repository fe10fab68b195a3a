import { api } from '../../api/client'
import { useApiQuery } from '../../api/use-api-query'

/** Every parcel of the district as a FeatureCollection (up to the API's 10000). */
export function useParcels() {
  return useApiQuery('parcels', api.parcels)
}
