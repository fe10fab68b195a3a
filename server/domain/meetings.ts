import { z } from 'zod'
import { isIsoDate } from './dates'
import { OrderCreate } from './orders'

const Day = z.string().refine(isIsoDate, 'a date as YYYY-MM-DD')

/** POST /api/meetings: a regular meeting (例会) of the command centre, on a day, with who attends. */
export const MeetingCreate = z
  .object({
    title: z.string().trim().min(1).max(200).default('落地推进指挥部工作例会'),
    held_on: Day,
    attendees: z.array(z.string().trim().min(1).max(100)).max(100).default([]),
    notes: z.string().max(20000).optional(),
  })
  .strict()
export type MeetingCreate = z.infer<typeof MeetingCreate>

/** POST /api/meetings/:id/decisions: a decision of the meeting, which becomes an order to a department. */
export const MeetingDecision = OrderCreate
export type MeetingDecision = z.infer<typeof MeetingDecision>

/** Late items per department, as the agenda shows them: counts per level and the items, worst first. */
export interface DepartmentLate<Item> {
  department: string
  red: number
  yellow: number
  normal: number
  items: Item[]
}

/**
 * Groups late items by department (「未指定」 for none), departments with the most red cards first, then yellow,
 * then by name. `groupLateByDepartment([{department:'建设局', level:'red'}, {department:null, level:'yellow'}])`
 * → 建设局 (1 red) first, then 未指定 (1 yellow).
 */
export function groupLateByDepartment<Item extends { department: string | null; level: string }>(
  items: readonly Item[],
): DepartmentLate<Item>[] {
  const groups = new Map<string, DepartmentLate<Item>>()
  for (const item of items) {
    const name = item.department ?? '未指定'
    const group = groups.get(name) ?? { department: name, red: 0, yellow: 0, normal: 0, items: [] }
    if (item.level === 'red') group.red++
    else if (item.level === 'yellow') group.yellow++
    else group.normal++
    group.items.push(item)
    groups.set(name, group)
  }
  return [...groups.values()].sort(
    (a, b) => b.red - a.red || b.yellow - a.yellow || a.department.localeCompare(b.department, 'zh-CN'),
  )
}
