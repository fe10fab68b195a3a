import type { ProjectKind, Sector } from '../../../server/domain/vocabulary'
import type { Project } from '../../api/types'

/** What the project board shows; the map's project markers follow the same filter while the board is open. */
export type BoardFilter = {
  /** part of the project's or company's name, any case */
  q: string
  sector: Sector | ''
  kind: ProjectKind | ''
  manager: string
}

export type BoardSort = 'amount' | 'name' | 'recent'

export const NO_BOARD_FILTER: BoardFilter = { q: '', sector: '', kind: '', manager: '' }

/** Whether the board (and the map) shows `project` under `filter`. */
export function boardMatches(project: Project, filter: BoardFilter): boolean {
  const q = filter.q.trim().toLowerCase()
  return (
    (!filter.sector || project.sector === filter.sector) &&
    (!filter.kind || project.kind === filter.kind) &&
    (!filter.manager || project.manager === filter.manager) &&
    (!q || project.name.toLowerCase().includes(q) || project.company.toLowerCase().includes(q))
  )
}

/** The projects in board order: the largest investment first, by name, or the newest first. */
export function sortProjects<P extends Project>(projects: readonly P[], sort: BoardSort): P[] {
  const byName = (a: P, b: P) => a.name.localeCompare(b.name, 'zh-CN')
  return [...projects].sort((a, b) =>
    sort === 'amount'
      ? b.investment_wan - a.investment_wan || byName(a, b)
      : sort === 'name'
        ? byName(a, b)
        : b.id - a.id,
  )
}

/** Count and investment (万元, exact) of some projects. */
export function totals(projects: readonly Project[]): { count: number; wan: number } {
  return { count: projects.length, wan: projects.reduce((n, p) => n + p.investment_wan, 0) }
}
