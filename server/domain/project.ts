import { z } from 'zod'
import { csvOf } from './query'
import { ProjectKind, ProjectStage, Sector } from './vocabulary'

export const ProjectQuery = z
  .object({
    stage: csvOf(ProjectStage).optional(),
    sector: csvOf(Sector).optional(),
    kind: csvOf(ProjectKind).optional(),
    manager: z.string().trim().min(1).max(100).optional(),
    q: z.string().trim().min(1).max(100).optional(),
  })
  .strict()
export type ProjectQuery = z.infer<typeof ProjectQuery>
