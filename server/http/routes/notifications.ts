import { Hono } from 'hono'
import { z } from 'zod'
import { findNotifications } from '../../db/reminders'
import type { AppDeps } from '../../deps'
import { markRead } from '../../services/reminders/mark-read'
import type { AuthEnv } from '../middleware/authenticate'
import { validate } from '../validation'

const NotificationQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }).strict()
const ReadBody = z
  .object({
    ids: z.array(z.number().int().positive().max(Number.MAX_SAFE_INTEGER)).max(1000).optional(),
    all: z.literal(true).optional(),
  })
  .strict()
  .refine((b) => (b.ids !== undefined) !== (b.all !== undefined), 'send ids or all: true')

/** /api/notifications: the caller's own reminders, newest first, with the unread count; and marking them read. */
export function notificationRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>()
    .get('/', validate('query', NotificationQuery), async (c) => {
      return c.json(
        await findNotifications(deps.pool, c.get('principal').username, c.req.valid('query').limit),
      )
    })
    .post('/read', validate('json', ReadBody), async (c) => {
      const body = c.req.valid('json')
      return c.json(await markRead(deps, c.get('principal'), body.all ? 'all' : (body.ids ?? [])))
    })
}
