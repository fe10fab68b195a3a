import { z } from 'zod'
import { Role } from './vocabulary'

/** A record's version as clients send it with a change (or in If-Match). */
const Version = z.number().int().positive()

export const Login = z
  .object({ username: z.string().min(1).max(64), password: z.string().min(1).max(200) })
  .strict()
export type Login = z.infer<typeof Login>

export const NewToken = z.object({ name: z.string().trim().min(1).max(200), role: Role }).strict()
export type NewToken = z.infer<typeof NewToken>

const Password = z.string().min(10, 'a password needs at least 10 characters').max(200)

/** The department (压实责任) an account belongs to: its users answer the department's orders; null for none. */
const DepartmentId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER).nullable()

/** Where the account's reminders are mailed (a new order, a red card, the daily digest); null for none. */
const Email = z
  .string()
  .trim()
  .max(254)
  .regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, 'an e-mail address, e.g. zhang.san@example.gov.cn')
  .nullable()

export const NewUser = z
  .object({
    username: z.string().regex(/^[a-z0-9_.-]{2,64}$/, 'lower-case letters, digits, . _ - (2 to 64)'),
    password: Password,
    role: Role,
    display_name: z.string().trim().max(100).nullable().optional(),
    department_id: DepartmentId.optional(),
    email: Email.optional(),
  })
  .strict()
export type NewUser = z.infer<typeof NewUser>

export const UserChange = z
  .object({
    role: Role.optional(),
    disabled: z.boolean().optional(),
    display_name: z.string().trim().max(100).nullable().optional(),
    password: Password.optional(),
    department_id: DepartmentId.optional(),
    email: Email.optional(),
    version: Version.optional(),
  })
  .strict()
  .refine(
    ({ version: _, ...change }) => Object.keys(change).length > 0,
    'send at least one of role, disabled, display_name, password, department_id, email',
  )
export type UserChange = z.infer<typeof UserChange>

/** GET /api/admin/audit: how many of the latest logins and admin actions. */
export const AuditQuery = z
  .object({
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(500)
      .default(50)
      .describe('the latest this many login attempts and this many admin actions (up to 500)'),
  })
  .strict()
