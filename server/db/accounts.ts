import type { Role } from '../domain/vocabulary'
import type { Queryable } from './pool'

export interface Principal {
  username: string
  role: Role
  via: 'session' | 'token'
}

export async function findUserForLogin(db: Queryable, username: string) {
  const { rows } = await db.query<{
    id: number
    username: string
    role: Role
    passwordHash: string
    disabled: boolean
  }>(`select id, username, role, password_hash as "passwordHash", disabled from users where username = $1`, [
    username,
  ])
  return rows[0] ?? null
}

export async function upsertUser(
  db: Queryable,
  user: { username: string; passwordHash: string; role: Role; displayName?: string | null },
) {
  await db.query(
    `insert into users (username, password_hash, role, display_name) values ($1, $2, $3, $4)
     on conflict (username) do update set password_hash = excluded.password_hash, role = excluded.role,
       display_name = excluded.display_name, disabled = false, version = users.version + 1`,
    [user.username, user.passwordHash, user.role, user.displayName ?? null],
  )
}

export async function countAdmins(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`select count(*)::int as n from users where role = 'admin'`)
  return rows[0]?.n ?? 0
}

export async function insertSession(db: Queryable, tokenHash: string, userId: number, hours: number) {
  await db.query(
    `insert into sessions (token_hash, user_id, expires_at) values ($1, $2, now() + make_interval(hours => $3))`,
    [tokenHash, userId, hours],
  )
}

export async function findSessionPrincipal(db: Queryable, tokenHash: string): Promise<Principal | null> {
  const { rows } = await db.query<{ username: string; role: Role }>(
    `select u.username, u.role from sessions s join users u on u.id = s.user_id
     where s.token_hash = $1 and s.revoked_at is null and s.expires_at > now() and not u.disabled`,
    [tokenHash],
  )
  const row = rows[0]
  return row ? { ...row, via: 'session' } : null
}

export async function revokeSession(db: Queryable, tokenHash: string) {
  await db.query('update sessions set revoked_at = now() where token_hash = $1 and revoked_at is null', [
    tokenHash,
  ])
}

export async function insertApiToken(
  db: Queryable,
  token: { name: string; tokenHash: string; role: Role; createdBy: string },
) {
  const { rows } = await db.query<{ id: number }>(
    `insert into api_tokens (name, token_hash, role, created_by)
     values ($1, $2, $3, (select id from users where username = $4)) returning id`,
    [token.name, token.tokenHash, token.role, token.createdBy],
  )
  return rows[0]?.id as number
}

export async function findTokenPrincipal(db: Queryable, tokenHash: string): Promise<Principal | null> {
  const { rows } = await db.query<{ name: string; role: Role }>(
    `update api_tokens set last_used_at = now() where token_hash = $1 and revoked_at is null
     returning name, role`,
    [tokenHash],
  )
  const row = rows[0]
  return row ? { username: `token:${row.name}`, role: row.role, via: 'token' } : null
}

export async function recordLoginAttempt(
  db: Queryable,
  username: string,
  ip: string | null,
  succeeded: boolean,
) {
  await db.query('insert into login_attempts (username, ip, succeeded) values ($1, $2, $3)', [
    username,
    ip,
    succeeded,
  ])
}

/** Failed attempts for a username within the last `minutes`, since its last successful login. */
export async function countRecentFailures(db: Queryable, username: string, minutes: number): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `select count(*)::int as n from login_attempts
     where username = $1 and not succeeded and attempted_at > now() - make_interval(mins => $2)
       and attempted_at > coalesce((select max(attempted_at) from login_attempts
         where username = $1 and succeeded), '-infinity')`,
    [username, minutes],
  )
  return rows[0]?.n ?? 0
}

export interface UserRow {
  id: number
  username: string
  display_name: string | null
  role: Role
  disabled: boolean
  /** the account's department (migration 0021), null for none */
  department_id: number | null
  department: string | null
  /** where reminders are mailed (migration 0021), null for none */
  email: string | null
  created_at: string
  last_login_at: string | null
  version: number
}

const USER_COLUMNS = `u.id, u.username, u.display_name, u.role, u.disabled, u.version, u.department_id, u.email,
  (select d.name from departments d where d.id = u.department_id) as department,
  to_json(u.created_at) #>> '{}' as created_at,
  (select to_json(max(a.attempted_at)) #>> '{}' from login_attempts a where a.username = u.username and a.succeeded)
    as last_login_at`

export async function findUsers(db: Queryable): Promise<UserRow[]> {
  const { rows } = await db.query<UserRow>(`select ${USER_COLUMNS} from users u order by u.username`)
  return rows
}

export async function findUser(db: Queryable, id: number): Promise<UserRow | null> {
  const { rows } = await db.query<UserRow>(`select ${USER_COLUMNS} from users u where u.id = $1`, [id])
  return rows[0] ?? null
}

/** The id of the account `username`, or null when there is none. */
export async function findUserIdByUsername(db: Queryable, username: string): Promise<number | null> {
  const { rows } = await db.query<{ id: number }>('select id from users where username = $1', [username])
  return rows[0]?.id ?? null
}

export async function insertUser(
  db: Queryable,
  user: {
    username: string
    passwordHash: string
    role: Role
    displayName: string | null
    departmentId?: number | null
    email?: string | null
  },
): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `insert into users (username, password_hash, role, display_name, department_id, email)
     values ($1, $2, $3, $4, $5, $6) returning id`,
    [
      user.username,
      user.passwordHash,
      user.role,
      user.displayName,
      user.departmentId ?? null,
      user.email ?? null,
    ],
  )
  return rows[0]?.id as number
}

/** Writes a change to an account and bumps its version; the caller has locked the row and checked the version. */
export async function updateUser(
  db: Queryable,
  id: number,
  change: {
    role?: Role
    disabled?: boolean
    displayName?: string | null
    passwordHash?: string
    departmentId?: number | null
    email?: string | null
  },
) {
  await db.query(
    `update users set role = coalesce($2, role), disabled = coalesce($3, disabled),
       display_name = case when $4::boolean then $5 else display_name end,
       password_hash = coalesce($6, password_hash),
       department_id = case when $7::boolean then $8 else department_id end,
       email = case when $9::boolean then $10 else email end, version = version + 1
     where id = $1`,
    [
      id,
      change.role ?? null,
      change.disabled ?? null,
      'displayName' in change,
      change.displayName ?? null,
      change.passwordHash ?? null,
      'departmentId' in change,
      change.departmentId ?? null,
      'email' in change,
      change.email ?? null,
    ],
  )
}

/** Ends every open session of a user: after a role change, a disable or a password reset. */
export async function revokeUserSessions(db: Queryable, userId: number) {
  await db.query('update sessions set revoked_at = now() where user_id = $1 and revoked_at is null', [userId])
}

export async function findApiTokens(db: Queryable) {
  const { rows } = await db.query<{
    id: number
    name: string
    role: Role
    created_by: string | null
    revoked: boolean
    created_at: string
    last_used_at: string | null
  }>(
    `select t.id, t.name, t.role, u.username as created_by, t.revoked_at is not null as revoked,
       to_json(t.created_at) #>> '{}' as created_at, to_json(t.last_used_at) #>> '{}' as last_used_at
     from api_tokens t left join users u on u.id = t.created_by order by t.id`,
  )
  return rows
}

export async function revokeApiToken(db: Queryable, id: number): Promise<boolean> {
  const { rowCount } = await db.query(
    'update api_tokens set revoked_at = now() where id = $1 and revoked_at is null',
    [id],
  )
  return (rowCount ?? 0) > 0
}

export interface LoginAttemptRow {
  id: number
  username: string
  ip: string | null
  succeeded: boolean
  attempted_at: string
}

/** Login attempts, newest first: the audit log of logins. */
export async function findLoginAttempts(db: Queryable, limit: number): Promise<LoginAttemptRow[]> {
  const { rows } = await db.query<LoginAttemptRow>(
    `select id, username, ip, succeeded, to_json(attempted_at) #>> '{}' as attempted_at
     from login_attempts order by attempted_at desc, id desc limit $1`,
    [limit],
  )
  return rows
}
