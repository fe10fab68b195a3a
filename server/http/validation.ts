import { zValidator } from '@hono/zod-validator'
import type { ValidationTargets } from 'hono'
import type { z } from 'zod'
import { fail } from '../errors'

/** zod issues as error details: where, and what is wrong there. */
export function issueDetails(issues: readonly z.core.$ZodIssue[]) {
  return issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message, code: i.code }))
}

/** What a `validate()` middleware checks, read back by the OpenAPI builder (server/openapi.ts). */
export const VALIDATION = Symbol('validation')
export interface Validation {
  target: keyof ValidationTargets
  schema: z.ZodType
}

/** The validation a route handler performs, when it is a `validate()` middleware. */
export function validationOf(handler: unknown): Validation | undefined {
  return typeof handler === 'function' ? (handler as { [VALIDATION]?: Validation })[VALIDATION] : undefined
}

/** Validates one part of the request; a failure is 400 validation_failed with every issue in details. */
export function validate<Target extends keyof ValidationTargets, Schema extends z.ZodType>(
  target: Target,
  schema: Schema,
) {
  const middleware = zValidator(target, schema, (result) => {
    if (!result.success) {
      const details = issueDetails(result.error.issues)
      const first = details[0]
      const where = first?.path ? `${target} ${first.path}: ` : `${target}: `
      throw fail(
        400,
        'validation_failed',
        'request.field_invalid',
        { where, reason: first?.message ?? 'invalid' },
        details,
      )
    }
  })
  return Object.assign(middleware, { [VALIDATION]: { target, schema } satisfies Validation })
}
