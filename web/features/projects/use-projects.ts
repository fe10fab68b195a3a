import { api } from '../../api/client'
import { useApiQuery } from '../../api/use-api-query'

/** The investment projects; those with a location are drawn on the map. */
export function useProjects() {
  return useApiQuery('projects', api.projects)
}
