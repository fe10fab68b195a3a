import { QueryClient } from '@tanstack/react-query'
import { describe, expect, it } from 'vitest'
import {
  type ChangeResource,
  invalidateResources,
  parseChange,
  staleTiles,
} from '../../../web/api/change-invalidation'
import { queryKeys } from '../../../web/api/query-keys'

/** One cached answer for every kind of read the web makes, by a name the expectations use. */
const READS = {
  me: queryKeys.me,
  users: queryKeys.users,
  tokens: queryKeys.tokens,
  audit: queryKeys.audit,
  zone: queryKeys.zone,
  zoneSettings: queryKeys.zoneSettings,
  parcel: queryKeys.parcel(7),
  parcelHistory: queryKeys.parcelHistory(7),
  parcelMatches: queryKeys.parcelMatches(7),
  readiness: queryKeys.parcelReadiness([113.4, 22.5, 113.5, 22.6]),
  lateMilestones: queryKeys.lateMilestones,
  projects: queryKeys.projects,
  project: queryKeys.project(3),
  projectMatches: queryKeys.projectMatches(3),
  stageHistories: queryKeys.stageHistories([3, 4]),
  infrastructure: queryKeys.infrastructure,
  infrastructureItem: queryKeys.infrastructureItem(5),
  dashboard: queryKeys.dashboardPeriod('2026-01-01', '2026-04-30'),
  late: queryKeys.late,
  myOrders: queryKeys.myOrders('assignee'),
  order: queryKeys.order(9),
  notifications: queryKeys.notifications,
} as const
type Read = keyof typeof READS

/** The reads a change to `resources` leaves stale, after invalidating them in a cache holding every read. */
async function staleAfter(...resources: ChangeResource[]): Promise<Read[]> {
  const client = new QueryClient()
  for (const key of Object.values(READS)) client.setQueryData(key, { cached: true })
  await invalidateResources(client, resources)
  return (Object.keys(READS) as Read[]).filter((read) => client.getQueryState(READS[read])?.isInvalidated)
}

describe('invalidateResources', () => {
  it('makes a parcels change stale every parcel read, the zone, the dashboard and the projects’ matches and details', async () => {
    expect(await staleAfter('parcels')).toEqual([
      'zone',
      'zoneSettings',
      'parcel',
      'parcelHistory',
      'parcelMatches',
      'readiness',
      'lateMilestones',
      'project',
      'projectMatches',
      'dashboard',
      'late',
    ])
  })

  it('makes a projects change stale every project read, the parcels’ details and matches, and the dashboard', async () => {
    expect(await staleAfter('projects')).toEqual([
      'parcel',
      'parcelHistory',
      'parcelMatches',
      'projects',
      'project',
      'projectMatches',
      'stageHistories',
      'dashboard',
      'late',
    ])
  })

  it('makes an infrastructure change stale the infrastructure, the parcels’ forecasts and the dashboard', async () => {
    expect(await staleAfter('infrastructure')).toEqual([
      'parcel',
      'parcelHistory',
      'parcelMatches',
      'readiness',
      'lateMilestones',
      'infrastructure',
      'infrastructureItem',
      'dashboard',
      'late',
    ])
  })

  it('makes a zone change stale the zone, its settings, the parcels, the dashboard and the audit log', async () => {
    expect(await staleAfter('zone')).toEqual([
      'audit',
      'zone',
      'zoneSettings',
      'parcel',
      'parcelHistory',
      'parcelMatches',
      'readiness',
      'lateMilestones',
      'dashboard',
      'late',
    ])
  })

  it('makes an orders change stale the late items, my tasks and each order, and a notifications change the bell only', async () => {
    expect(await staleAfter('orders')).toEqual(['late', 'myOrders', 'order'])
    expect(await staleAfter('notifications')).toEqual(['notifications'])
  })

  it('makes a users change stale the accounts (the signed-in one too) and the audit log only', async () => {
    expect(await staleAfter('users')).toEqual(['me', 'users', 'audit'])
  })

  it('makes a tokens change stale the tokens and the audit log only', async () => {
    expect(await staleAfter('tokens')).toEqual(['tokens', 'audit'])
  })

  it.each(['parcels', 'projects', 'infrastructure', 'zone'] as const)(
    'makes a %s change stale the late items’ levels and the meetings’ agendas',
    async (resource) => {
      const client = new QueryClient()
      const late = queryKeys.late
      const agenda = [...queryKeys.meetings, 3, 'agenda']
      const users = queryKeys.users
      for (const key of [late, agenda, users]) client.setQueryData(key, { cached: true })
      await invalidateResources(client, [resource])
      expect(client.getQueryState(late)?.isInvalidated).toBe(true)
      expect(client.getQueryState(agenda)?.isInvalidated).toBe(true)
      expect(client.getQueryState(users)?.isInvalidated).toBe(false)
    },
  )

  it('makes a burst of changes stale the union of what each makes stale', async () => {
    expect(await staleAfter('users', 'tokens', 'users')).toEqual(['me', 'users', 'tokens', 'audit'])
  })
})

describe('staleTiles', () => {
  const box = [113.44, 22.54, 113.45, 22.55] as [number, number, number, number]
  const other = [113.46, 22.56, 113.47, 22.57] as [number, number, number, number]

  it('answers the boxes of the parcel changes of a burst', () => {
    expect(
      staleTiles([
        { resource: 'parcels', bbox: box },
        { resource: 'users', bbox: null },
        { resource: 'parcels', bbox: other },
      ]),
    ).toEqual({ areas: [box, other] })
  })

  it('answers everywhere when a parcel change has no box', () => {
    expect(
      staleTiles([
        { resource: 'parcels', bbox: box },
        { resource: 'parcels', bbox: null },
      ]),
    ).toBe('everywhere')
  })

  it('answers null when nothing in the burst is drawn in the parcel tiles', () => {
    expect(
      staleTiles([
        { resource: 'projects', bbox: null },
        { resource: 'infrastructure', bbox: box },
        { resource: 'zone', bbox: null },
        { resource: 'tokens', bbox: null },
      ]),
    ).toBeNull()
  })
})

describe('parseChange', () => {
  it('keeps the data version the server put into the event', () => {
    expect(parseChange('{"resource":"parcels","bbox":null,"version":"0/16C0F28"}')).toEqual({
      resource: 'parcels',
      bbox: null,
      version: '0/16C0F28',
    })
  })

  it('reads the resource and the box of a change event', () => {
    const data = JSON.stringify({
      resource: 'parcels',
      action: 'update',
      ids: [12],
      bbox: [113.44, 22.54, 113.45, 22.55],
      by: 'officer',
      at: '2026-11-28T09:00:00+08:00',
    })
    expect(parseChange(data)).toEqual({ resource: 'parcels', bbox: [113.44, 22.54, 113.45, 22.55] })
  })

  it('reads a box that is not four numbers as no box', () => {
    expect(parseChange('{"resource":"projects","bbox":[1,2,3]}')).toEqual({
      resource: 'projects',
      bbox: null,
    })
  })

  it('answers null for a resource the web does not know, and for data that is not JSON', () => {
    expect(parseChange('{"resource":"milestones","bbox":null}')).toBeNull()
    expect(parseChange('{"path":"/api/parcels/1"}')).toBeNull()
    expect(parseChange('not json')).toBeNull()
  })
})
