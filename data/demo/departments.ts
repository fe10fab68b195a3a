import bcrypt from 'bcryptjs'
import { upsertUser } from '../../server/db/accounts'
import { ensureDepartment, setUserDepartment } from '../../server/db/departments'
import { findLateItems } from '../../server/db/escalation'
import { insertAutomaticInspections } from '../../server/db/orders'
import type { Queryable } from '../../server/db/pool'
import { upsertSetting } from '../../server/db/zone'
import { DEFAULT_ESCALATION_THRESHOLDS } from '../../server/domain/escalation'
import type { Role } from '../../server/domain/vocabulary'
import { missedStartTasks } from '../../server/services/orders/inspection-tasks'

/**
 * The zone's departments (压实责任): the owners of the demo's milestones, blockers and infrastructure, with English
 * names, and the demo accounts of those that answer orders. Every demo account has the password `guatu-demo`.
 */
export const DEMO_DEPARTMENTS: {
  name: string
  name_en: string
  users: { username: string; role: Role; displayName: string }[]
}[] = [
  {
    name: '征拆办',
    name_en: 'Acquisition and Clearance Office',
    users: [{ username: 'zhengchai', role: 'land_officer', displayName: '征拆办专员' }],
  },
  {
    name: '建设局',
    name_en: 'Construction Bureau',
    users: [{ username: 'jianshe', role: 'land_officer', displayName: '建设局专员' }],
  },
  {
    name: '供电局',
    name_en: 'Power Supply Bureau',
    users: [{ username: 'gongdian', role: 'land_officer', displayName: '供电局专员' }],
  },
  {
    name: '招商局',
    name_en: 'Investment Promotion Bureau',
    users: [
      { username: 'zhaoshang', role: 'investment', displayName: '招商局专员' },
      { username: 'investor', role: 'investment', displayName: '招商专员' },
    ],
  },
  {
    name: '土地储备中心',
    name_en: 'Land Reserve Centre',
    users: [{ username: 'officer', role: 'land_officer', displayName: '土地专员' }],
  },
  { name: '自然资源分局', name_en: 'Natural Resources Branch', users: [] },
  { name: '公共资源交易中心', name_en: 'Public Resources Trading Centre', users: [] },
  { name: '经发局', name_en: 'Economic Development Bureau', users: [] },
  { name: '生态环境分局', name_en: 'Ecology and Environment Branch', users: [] },
  { name: '住建局', name_en: 'Housing and Construction Bureau', users: [] },
  { name: '人社局', name_en: 'Human Resources Bureau', users: [] },
  { name: '水务公司', name_en: 'Water Company', users: [] },
  { name: '燃气公司', name_en: 'Gas Company', users: [] },
]

/** The demo e-mail address of an account (example.org: nothing is ever delivered there). */
export function demoEmail(username: string): string {
  return `${username}@guatu.example.org`
}

/** The departments with their English names; the projects with a manager belong to the investment bureau. */
export async function loadDemoDepartments(db: Queryable) {
  for (const department of DEMO_DEPARTMENTS) await ensureDepartment(db, department)
  await db.query(
    `update projects set department_id = (select id from departments where name = '招商局') where manager is not null`,
  )
}

/** The departments' demo accounts (the four base accounts exist already), each in its department. */
export async function seedDepartmentAccounts(db: Queryable, password: string) {
  const passwordHash = await bcrypt.hash(password, 10)
  for (const department of DEMO_DEPARTMENTS) {
    const id = await ensureDepartment(db, department)
    for (const user of department.users) {
      await upsertUser(db, { ...user, passwordHash })
      await setUserDepartment(db, user.username, id, demoEmail(user.username))
    }
  }
  await db.query('update users set email = $2 where username = $1 and email is null', [
    'leader',
    demoEmail('leader'),
  ])
}

const ORDER_STATES = ['issued', 'in_progress', 'done', 'returned', 'accepted', 'issued'] as const

/**
 * Two past regular meetings (four and two weeks before `today`) and supervision orders in every state on late items
 * of different departments, some of them the meetings' decisions, with their notes.
 */
export async function loadDemoOrders(db: Queryable, today: string) {
  const { rows: meetings } = await db.query<{ id: number; held_on: string }>(
    `insert into meetings (title, held_on, attendees, created_by)
     select '落地推进指挥部工作例会（第' || n || '次）', $1::date - (42 - 14 * n), '{区领导,征拆办,建设局,供电局,招商局}', 'leader'
     from generate_series(1, 2) n returning id, held_on`,
    [today],
  )
  const late = await findLateItems(db, today, DEFAULT_ESCALATION_THRESHOLDS)
  const picked = new Map<number, (typeof late)[number]>()
  for (const item of late) {
    // orders go on milestones, blockers and infrastructure (breached commitments are late items too, not picked)
    const orderable = item.item_type !== 'order' && item.item_type !== 'commitment'
    if (item.department_id && orderable && !picked.has(item.department_id))
      picked.set(item.department_id, item)
  }
  const items = [...picked.values()].slice(0, ORDER_STATES.length)
  for (const [i, item] of items.entries()) {
    const status = ORDER_STATES[i] ?? 'issued'
    const meeting = meetings[i % 2]
    const issuedOn = meeting?.held_on ?? today
    await db.query(
      `with o as (
         insert into orders (item_type, item_id, title, instructions, department_id, issued_by, issued_on, due_on,
           status, done_on, accepted_on, meeting_id)
         values ($1, $2, $3, $4, $5, 'leader', $6::date, $6::date + 21, $7,
           case when $7 in ('done', 'accepted') then $8::date - 1 end, case when $7 = 'accepted' then $8::date end, $9)
         returning id
       )
       insert into order_notes (order_id, action, note, actor, at)
       select o.id, x.action, x.note, x.actor, now() from o,
         (values (1, 'issue', $4, 'leader'), (2, 'respond', '已召开专题会，正在推进', $10),
                 (3, 'done', '已完成，请验收', $10), (4, 'accept', '同意办结', 'leader')) as x(n, action, note, actor)
       where x.n = 1 or (x.n = 2 and $7 <> 'issued') or (x.n = 3 and $7 in ('done', 'accepted', 'returned'))
         or (x.n = 4 and $7 = 'accepted')`,
      [
        item.item_type === 'order' ? 'project' : item.item_type,
        item.item_id,
        item.title,
        `请于三周内完成「${item.title}」并报告进展`,
        item.department_id,
        issuedOn,
        status,
        today,
        meeting?.id ?? null,
        item.department ?? 'system',
      ],
    )
  }
}

/**
 * 巡查任务 in the demo: the land reserve centre checks milestones other departments mark done, the construction
 * bureau checks promised starts of construction (标准地) — and each sale whose promised start has passed unrecorded
 * has its task, as the day's turn would have made it.
 */
export async function loadDemoInspectionTasks(db: Queryable, today: string) {
  const { rows } = await db.query<{ name: string; id: number }>(
    `select name, id::int from departments where name in ('土地储备中心', '建设局')`,
  )
  const id = (name: string) => rows.find((r) => r.name === name)?.id ?? null
  const settings = {
    milestone_department_id: id('土地储备中心'),
    start_department_id: id('建设局'),
    due_days: 7,
  }
  await upsertSetting(db, 'inspection_tasks', settings)
  const ids = await insertAutomaticInspections(db, await missedStartTasks(db, today, settings))
  await db.query(
    `insert into order_notes (order_id, action, note, actor)
     select id, 'issue', instructions, 'system' from orders where id = any($1::bigint[])`,
    [ids],
  )
}
