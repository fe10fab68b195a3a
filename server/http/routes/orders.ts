import { Hono } from 'hono'
import { findDepartments } from '../../db/departments'
import type { AppDeps } from '../../deps'
import { DepartmentChange, NewDepartment } from '../../domain/departments'
import { LateQuery } from '../../domain/escalation'
import { OrderCreate, OrderPatch, OrderQuery } from '../../domain/orders'
import { IdParam } from '../../domain/query'
import { expectedVersion } from '../../errors'
import { createDepartment, updateDepartment } from '../../services/departments/write-department'
import { lateItems } from '../../services/escalation/late-items'
import { actOnOrder } from '../../services/orders/act-on-order'
import { issueOrder } from '../../services/orders/issue-order'
import { listOrders, orderDetail } from '../../services/orders/queries'
import type { AuthEnv } from '../middleware/authenticate'
import { validate } from '../validation'

/** /api/orders: supervision orders (督办) — leaders issue and judge, departments answer. */
export function orderRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>()
    .get('/', validate('query', OrderQuery), async (c) => {
      return c.json(await listOrders(deps, c.get('principal'), c.req.valid('query')))
    })
    .post('/', validate('json', OrderCreate), async (c) => {
      const order = await issueOrder(deps, c.get('principal'), c.req.valid('json'))
      deps.reminders?.kick()
      return c.json(order, 201)
    })
    .get('/:id', validate('param', IdParam), async (c) => {
      return c.json(await orderDetail(deps, c.req.valid('param').id))
    })
    .patch('/:id', validate('param', IdParam), validate('json', OrderPatch), async (c) => {
      const { version, ...input } = c.req.valid('json')
      const sent = expectedVersion(version, c.req.header('if-match'))
      const order = await actOnOrder(deps, c.get('principal'), c.req.valid('param').id, {
        ...input,
        version: sent,
      })
      deps.reminders?.kick()
      return c.json(order)
    })
}

/** GET /api/late: every late item with its grade (正常/黄牌/红牌), worst first. */
export function lateRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>().get('/', validate('query', LateQuery), async (c) => {
    return c.json(await lateItems(deps, c.req.valid('query')))
  })
}

/**
 * /api/departments: the departments that own late items and answer orders; admins create them and set their group
 * robots. A robot's address holds its key: only admins read it (others see whether there is one).
 */
export function departmentRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>()
    .get('/', async (c) => {
      const admin = c.get('principal').role === 'admin'
      const departments = await findDepartments(deps.pool)
      return c.json(
        departments.map(({ webhook_url, ...d }) => ({
          ...d,
          has_webhook: webhook_url !== null,
          webhook_url: admin ? webhook_url : null,
        })),
      )
    })
    .post('/', validate('json', NewDepartment), async (c) =>
      c.json(await createDepartment(deps, c.get('principal'), c.req.valid('json')), 201),
    )
    .patch('/:id', validate('param', IdParam), validate('json', DepartmentChange), async (c) => {
      const { version, ...change } = c.req.valid('json')
      const department = await updateDepartment(deps, c.get('principal'), {
        id: c.req.valid('param').id,
        version: expectedVersion(version, c.req.header('if-match')),
        change,
      })
      return c.json(department)
    })
}
