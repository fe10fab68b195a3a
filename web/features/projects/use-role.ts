import { useQuery } from '@tanstack/react-query'
import { queries } from '../../api/queries'

/** Whether the signed-in user may write projects, blockers and reservations (investment and admin). */
export function useCanInvest(): boolean {
  const me = useQuery(queries.me())
  return me.data?.role === 'investment' || me.data?.role === 'admin'
}
