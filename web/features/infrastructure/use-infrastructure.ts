import { api } from '../../api/client'
import { useLiveQuery } from '../live/use-live-query'

/** Roads, utilities and substations with their progress; fetched again after any infrastructure write. */
export function useInfrastructure() {
  return useLiveQuery('infrastructure', api.infrastructure, ['infrastructure'])
}
