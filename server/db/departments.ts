import type { Queryable } from './pool'

export interface DepartmentRow {
  id: number
  name: string
  name_en: string | null
  webhook_url: string | null
  users: number
  version: number
}

/** The departments (migration 0021) with how many users each has, by name. */
export async function findDepartments(db: Queryable): Promise<DepartmentRow[]> {
  const { rows } = await db.query<DepartmentRow>(
    `select d.id, d.name, d.name_en, d.webhook_url, d.version,
       (select count(*)::int from users u where u.department_id = d.id and not u.disabled) as users
     from departments d order by d.name`,
  )
  return rows
}

export async function findDepartment(db: Queryable, id: number) {
  const { rows } = await db.query<Omit<DepartmentRow, 'users'>>(
    'select id, name, name_en, webhook_url, version from departments where id = $1',
    [id],
  )
  return rows[0] ?? null
}

/** The id of the department `name`, or null when there is none. */
export async function findDepartmentIdByName(db: Queryable, name: string): Promise<number | null> {
  const { rows } = await db.query<{ id: number }>('select id from departments where name = $1', [name])
  return rows[0]?.id ?? null
}

/** A new department; answers its id. */
export async function insertDepartment(
  db: Queryable,
  input: { name: string; name_en: string | null; webhook_url: string | null },
): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    'insert into departments (name, name_en, webhook_url) values ($1, $2, $3) returning id',
    [input.name, input.name_en, input.webhook_url],
  )
  return rows[0]?.id as number
}

/** Writes a department's English name and robot (those given) and bumps its version; the caller holds the row. */
export async function updateDepartment(
  db: Queryable,
  id: number,
  change: { name_en?: string | null; webhook_url?: string | null },
) {
  await db.query(
    `update departments set name_en = case when $2::boolean then $3 else name_en end,
       webhook_url = case when $4::boolean then $5 else webhook_url end, version = version + 1
     where id = $1`,
    [id, 'name_en' in change, change.name_en ?? null, 'webhook_url' in change, change.webhook_url ?? null],
  )
}

/** The department `name`, created when missing; answers its id. */
export async function ensureDepartment(
  db: Queryable,
  input: { name: string; name_en?: string | null; webhook_url?: string | null },
): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `insert into departments (name, name_en, webhook_url) values ($1, $2, $3)
     on conflict (name) do update set name_en = coalesce(excluded.name_en, departments.name_en),
       webhook_url = coalesce(excluded.webhook_url, departments.webhook_url)
     returning id`,
    [input.name, input.name_en ?? null, input.webhook_url ?? null],
  )
  return rows[0]?.id as number
}

/** The department of the account `username` (null for none, or for an API token's name). */
export async function findUserDepartmentId(db: Queryable, username: string): Promise<number | null> {
  const { rows } = await db.query<{ department_id: number | null }>(
    'select department_id from users where username = $1',
    [username],
  )
  return rows[0]?.department_id ?? null
}

/** The department of the account `username`, with its names; null for none (or for an API token's name). */
export async function findUserDepartment(
  db: Queryable,
  username: string,
): Promise<{ id: number; name: string; name_en: string | null } | null> {
  const { rows } = await db.query<{ id: number; name: string; name_en: string | null }>(
    `select d.id, d.name, d.name_en from users u join departments d on d.id = u.department_id
     where u.username = $1`,
    [username],
  )
  return rows[0] ?? null
}

/** Sets the department and e-mail address of an account. */
export async function setUserDepartment(
  db: Queryable,
  username: string,
  departmentId: number | null,
  email: string | null,
) {
  await db.query('update users set department_id = $2, email = $3 where username = $1', [
    username,
    departmentId,
    email,
  ])
}

export interface Recipient {
  username: string
  display_name: string | null
  email: string | null
  department_id: number | null
}

/** The active accounts of a department. */
export async function findDepartmentUsers(db: Queryable, departmentId: number): Promise<Recipient[]> {
  const { rows } = await db.query<Recipient>(
    `select username, display_name, email, department_id from users
     where department_id = $1 and not disabled order by username`,
    [departmentId],
  )
  return rows
}

/** Active accounts by username (those that exist). */
export async function findUsersByName(db: Queryable, usernames: readonly string[]): Promise<Recipient[]> {
  const { rows } = await db.query<Recipient>(
    `select username, display_name, email, department_id from users
     where username = any($1::text[]) and not disabled order by username`,
    [[...usernames]],
  )
  return rows
}
