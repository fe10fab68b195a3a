import { useQuery } from '@tanstack/react-query'
import { queries } from '../../api/queries'

/** One infrastructure item with its progress history and served parcels, kept fresh by the live stream. */
export function useInfrastructureItem(id: number) {
  return useQuery(queries.infrastructureItem(id))
}
