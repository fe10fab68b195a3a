import { label } from '../domain/messages'
import type { Role } from '../domain/vocabulary'
import { fail } from '../errors'

/**
 * Who may call what: `public` needs no login, `read` any logged-in role, a list those roles (admin always may).
 * Every route of the app has exactly one rule here; a route without one answers 404 to everyone, and the
 * authorization matrix test (tests/server/permissions.test.ts) fails until it gets one. A route that does more
 * for some roles has a second rule, "<route> <what>", checked by the route through `assertMay`.
 */
export type Access = 'public' | 'read' | readonly Role[]

const LAND: readonly Role[] = ['land_officer']
const INVESTMENT: readonly Role[] = ['investment']
const ADMIN: readonly Role[] = ['admin']
const LEADER: readonly Role[] = ['leader']
// annual indicators are gathered by land officers (with the tax and statistics offices) and investment teams
const FIRM_DATA: readonly Role[] = ['land_officer', 'investment']
// papers and site checks come from land officers and project managers on site, and from leaders' own visits
const FIELD: readonly Role[] = ['land_officer', 'investment', 'leader']

export const PERMISSIONS: Record<string, Access> = {
  'GET /api/health': 'public',
  'POST /api/auth/login': 'public',
  'POST /api/auth/logout': 'public',
  'GET /api/auth/me': 'read',
  'POST /api/auth/tokens': ADMIN,
  'GET /api/events': 'read',
  'GET /api/openapi.json': 'read',
  'GET /api/docs': 'read',

  'GET /api/admin/users': ADMIN,
  'POST /api/admin/users': ADMIN,
  'PATCH /api/admin/users/:id': ADMIN,
  'DELETE /api/admin/users/:id/sessions': ADMIN,
  'GET /api/admin/tokens': ADMIN,
  'DELETE /api/admin/tokens/:id': ADMIN,
  'GET /api/admin/export': ADMIN,
  'GET /api/admin/audit': ADMIN,

  'GET /api/zone': 'read',
  'GET /api/zone/settings': 'read',
  'PATCH /api/zone/settings': ADMIN,
  'GET /api/zone/settings/history': ADMIN,

  'GET /api/parcels': 'read',
  'GET /api/parcels/export': 'read',
  'GET /api/parcels/readiness': 'read',
  'GET /api/parcels/:id': 'read',
  'GET /api/parcels/:id/history': 'read',
  'GET /api/parcels/:id/milestones': 'read',
  'GET /api/parcels/:id/matches': 'read',
  'POST /api/parcels': LAND,
  'POST /api/parcels/import': LAND,
  'POST /api/parcels/merge': LAND,
  'PATCH /api/parcels/:id': LAND,
  'DELETE /api/parcels/:id': LAND,
  'POST /api/parcels/:id/split': LAND,
  'PATCH /api/parcels/:id/milestones/:kind': LAND,
  // previewing a backward schedule is reading; saving it (save: true) is a land officer's write
  'POST /api/parcels/:id/schedule': 'read',
  'POST /api/parcels/:id/schedule save': LAND,
  'GET /api/milestones/late': 'read',

  'GET /api/projects': 'read',
  'GET /api/projects/:id': 'read',
  'GET /api/projects/:id/history': 'read',
  'GET /api/projects/:id/blockers': 'read',
  'GET /api/projects/:id/matches': 'read',
  'GET /api/blockers': 'read',
  'POST /api/projects': INVESTMENT,
  'PATCH /api/projects/:id': INVESTMENT,
  'POST /api/projects/:id/stage': INVESTMENT,
  'POST /api/projects/:id/blockers': INVESTMENT,
  'PATCH /api/projects/:id/blockers/:bid': INVESTMENT,
  'POST /api/projects/:id/reserve': INVESTMENT,
  'DELETE /api/projects/:id/reserve': INVESTMENT,
  // follow-up records (issue 15)
  'GET /api/projects/:id/follow-ups': 'read',
  'POST /api/projects/:id/follow-ups': INVESTMENT,

  'GET /api/infrastructure': 'read',
  'GET /api/infrastructure/:id': 'read',
  'GET /api/infrastructure/:id/progress': 'read',
  'POST /api/infrastructure': LAND,
  'PATCH /api/infrastructure/:id': LAND,
  'POST /api/infrastructure/:id/progress': LAND,

  'GET /api/dashboard': 'read',

  'GET /api/firms': 'read',
  'GET /api/firms/:id': 'read',
  'POST /api/firms': FIRM_DATA,
  'PATCH /api/firms/:id': FIRM_DATA,
  'GET /api/firms/indicators/template': 'read',
  'POST /api/firms/indicators/import': FIRM_DATA,
  'GET /api/evaluation': 'read',
  'GET /api/evaluation/parcels': 'read',
  'GET /api/commitments': 'read',
  'GET /api/commitments/late': 'read',
  // 标准地 commitments come from the land-sale contracts the land office signs
  'POST /api/commitments': LAND,
  'PATCH /api/commitments/:id': LAND,
  'GET /api/revitalize': 'read',
  'POST /api/briefing.pdf': 'read',

  'POST /api/documents': FIELD,
  'GET /api/documents/:id': 'read',
  'GET /api/documents/:id/content': 'read',
  'GET /api/parcels/:id/documents': 'read',
  'GET /api/projects/:id/documents': 'read',
  'GET /api/orders/:id/documents': 'read',
  'POST /api/inspections': FIELD,
  'GET /api/inspections': 'read',
  'GET /api/inspections/:id': 'read',
  'GET /api/inspections/:id/photos/:seq': 'read',
  'GET /api/parcels/:id/inspections': 'read',
  'GET /api/projects/:id/inspections': 'read',
  'GET /api/orders/:id/inspections': 'read',

  'GET /tiles/scope': 'read',
  // the map workspace (issue 14): the search box, and the intranet basemap (GUATU_BASEMAP_PMTILES)
  'GET /api/search': 'read',
  'GET /tiles/basemap.pmtiles': 'read',
  // 压实责任 (issue 16): leaders issue orders (督办); the order's department answers it and a leader judges it, which
  // the orders service checks against the order (server/domain/orders.ts)
  'GET /api/departments': 'read',
  // admins keep the departments: new ones, their English names and group robots (WeCom/DingTalk)
  'POST /api/departments': ADMIN,
  'PATCH /api/departments/:id': ADMIN,
  'GET /api/late': 'read',
  'GET /api/orders': 'read',
  'GET /api/orders/:id': 'read',
  'POST /api/orders': LEADER,
  'PATCH /api/orders/:id': 'read',
  // one's own reminders
  'GET /api/notifications': 'read',
  'POST /api/notifications/read': 'read',
  // the regular meeting (例会) is the leaders': they record it and its decisions (orders); everyone reads it
  'GET /api/meetings': 'read',
  'POST /api/meetings': LEADER,
  'GET /api/meetings/:id/agenda': 'read',
  'POST /api/meetings/:id/decisions': LEADER,
  'GET /api/meetings/:id/minutes.docx': 'read',
  'GET /api/meetings/:id/minutes.pdf': 'read',

  'GET /tiles/:file': 'read',
  'GET /tiles/:layer/:z/:x/:file': 'read',
  'GET /ogc': 'read',
  'GET /ogc/api': 'read',
  'GET /ogc/api.html': 'read',
  'GET /ogc/conformance': 'read',
  'GET /ogc/collections': 'read',
  'GET /ogc/collections/:collectionId': 'read',
  'GET /ogc/collections/:collectionId/queryables': 'read',
  'GET /ogc/collections/:collectionId/schema': 'read',
  'GET /ogc/collections/:collectionId/items': 'read',
  'GET /ogc/collections/:collectionId/items/:featureId': 'read',
}

/** Whether `role` may call the route; a route without a rule is refused. */
export function mayCall(route: string, role: Role): boolean {
  const access = PERMISSIONS[route]
  if (access === undefined) return false
  if (access === 'public' || access === 'read') return true
  return role === 'admin' || access.includes(role)
}

/** 403 `forbidden` unless the rule `key` of the table lets `principal` do it (see `PERMISSIONS`). */
export function assertMay(key: string, principal: { role: Role }) {
  if (!mayCall(key, principal.role)) {
    throw fail(403, 'forbidden', 'auth.role_forbidden', { role: label('role', principal.role), route: key })
  }
}
