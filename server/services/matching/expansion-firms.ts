import { gradeFirms } from '../../db/evaluation'
import { findExpansionFirms } from '../../db/firms'
import type { Queryable } from '../../db/pool'
import { findLandSettings } from '../../db/zone'
import type { ExpansionFirm } from '../../domain/matching'
import { lastFinishedYear } from '../firms/queries'

/**
 * For the expansion projects (增资扩产) among `projectIds` that belong to a firm: the firm and its grade in the last
 * finished year (亩均效益), which decides whether matching steers the expansion next to the firm's land.
 */
export async function expansionFirms(
  db: Queryable,
  projectIds: readonly number[],
  today: string,
): Promise<Map<number, ExpansionFirm>> {
  const found = projectIds.length > 0 ? await findExpansionFirms(db, projectIds) : []
  if (found.length === 0) return new Map()
  const year = lastFinishedYear(today)
  const settings = (await findLandSettings(db)).evaluation
  const grades = new Map((await gradeFirms(db, year, settings)).map((r) => [r.firmId, r.grade]))
  return new Map(
    found.map((f) => [
      f.projectId,
      { firm_id: f.firmId, name: f.name, year, grade: grades.get(f.firmId) ?? null },
    ]),
  )
}
