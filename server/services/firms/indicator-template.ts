import { findFirms } from '../../db/firms'
import type { Queryable } from '../../db/pool'
import { indicatorTemplate } from './indicator-file'

/** The XLSX template for `year`, one row per firm of the zone to fill in. */
export async function listFirmsForTemplate(deps: { pool: Queryable }, year: number): Promise<Buffer> {
  const firms = await findFirms(deps.pool)
  return indicatorTemplate(firms, year)
}
