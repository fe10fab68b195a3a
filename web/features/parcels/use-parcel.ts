import { useQuery } from '@tanstack/react-query'
import { queries } from '../../api/queries'

/** One parcel with its milestones and project, kept fresh by the live stream. */
export function useParcel(id: number) {
  return useQuery(queries.parcel(id))
}
