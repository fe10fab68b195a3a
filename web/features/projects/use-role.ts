import { api } from '../../api/client'
import { useApiQuery } from '../../api/use-api-query'

/** Whether the signed-in user may write projects, blockers and reservations (investment and admin). */
export function useCanInvest(): boolean {
  const me = useApiQuery('me', api.me)
  return me.data?.role === 'investment' || me.data?.role === 'admin'
}
