import { useQuery } from '@tanstack/react-query'
import { queries } from '../../api/queries'

/** Whether the signed-in user may issue supervision orders (督办): leaders and admins. */
export function useCanIssueOrders(): boolean {
  const role = useQuery(queries.me()).data?.role
  return role === 'leader' || role === 'admin'
}
