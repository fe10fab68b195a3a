import { api } from '../../api/client'
import { useApiQuery } from '../../api/use-api-query'

/** Roads, utilities and substations with their progress. */
export function useInfrastructure() {
  return useApiQuery('infrastructure', api.infrastructure)
}
