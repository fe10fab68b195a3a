import bcrypt from 'bcryptjs'
import { upsertUser } from '../../server/db/accounts'
import { ensureDepartment, setUserDepartment } from '../../server/db/departments'
import type { Queryable } from '../../server/db/pool'
import type { Role } from '../../server/domain/vocabulary'

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
