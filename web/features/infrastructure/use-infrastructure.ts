import { useQuery } from '@tanstack/react-query'
import { queries } from '../../api/queries'

/** Roads, utilities and substations with their progress; kept fresh by the live stream. */
export function useInfrastructure() {
  return useQuery(queries.infrastructure())
}
