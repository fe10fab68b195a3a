import { useQuery } from '@tanstack/react-query'
import { queries } from '../../api/queries'

/** The investment projects; those with a location are drawn on the map. Kept fresh by the live stream. */
export function useProjects() {
  return useQuery(queries.projects())
}
