/**
 * The TanStack Query keys of every API read, by resource: the first element is the resource a change event names
 * (server/events.ts), so the live stream and the writes invalidate a resource by its prefix.
 */
export const queryKeys = {
  /** 压实责任 (issue 16): GET /api/orders, /api/late, /api/departments */
  orders: ['orders'] as const,
  late: ['orders', 'late'] as const,
  /** GET /api/notifications (and the unread count) */
  notifications: ['notifications'] as const,
  /** GET /api/meetings and each meeting's agenda */
  meetings: ['meetings'] as const,
  /** GET /api/auth/me: the signed-in account (under users: an admin's change may touch it) */
  me: ['users', 'me'] as const,
  /** GET /api/admin/users */
  users: ['users'] as const,
  /** GET /api/admin/tokens */
  tokens: ['tokens'] as const,
  /** GET /api/admin/audit: logins and admin actions (accounts, tokens, settings) */
  audit: ['audit'] as const,

  /** GET /api/zone: name, extent, today and the parcel figures */
  zone: ['zone'] as const,
  /** GET /api/zone/settings */
  zoneSettings: ['zone', 'settings'] as const,
  /** GET /api/zone/settings/history (admins) */
  zoneSettingsHistory: ['zone', 'settings', 'history'] as const,

  /** every parcel read, milestones included (a milestone change is a parcels change) */
  parcels: ['parcels'] as const,
  parcel: (id: number) => ['parcels', id] as const,
  /** the history in words in one language (the server says it in the page's): a switch fetches it again */
  parcelHistory: (id: number, language?: string) =>
    (language ? ['parcels', id, 'history', language] : ['parcels', id, 'history']) as readonly unknown[],
  /** GET /api/parcels/:id/matches: the projects that fit a parcel */
  parcelMatches: (id: number) => ['parcels', id, 'matches'] as const,
  /** GET /api/parcels/readiness?bbox: the forecasts of the parcels in a box, for the map's feature-state */
  parcelReadiness: (bbox: readonly [number, number, number, number]) =>
    ['parcels', 'readiness', ...bbox] as const,
  /** GET /api/milestones/late */
  lateMilestones: ['parcels', 'milestones', 'late'] as const,
  /** GET /api/search?q: the search box's hits (parcels first in the key: a parcels change refreshes them) */
  search: (q: string) => ['parcels', 'search', q] as const,

  /** every 亩均效益 read (firms, evaluation, commitments): GET /api/firms */
  firms: ['firms'] as const,
  firm: (id: number) => ['firms', id] as const,
  /** GET /api/evaluation?year: the year's grading and its leaders' summary */
  evaluation: (year: number) => ['firms', 'evaluation', year] as const,
  /** GET /api/evaluation/parcels?year: grade and commitment status per parcel, for the map */
  evaluationParcels: (year: number) => ['firms', 'evaluation-parcels', year] as const,

  /** documents attached to parcels, projects, milestones and orders (GET /api/parcels/:id/documents …) */
  documents: ['documents'] as const,
  /** field inspections (GET /api/parcels/:id/inspections, GET /api/inspections?bbox) */
  inspections: ['inspections'] as const,

  /** GET /api/projects (the key is also the prefix of every project read) */
  projects: ['projects'] as const,
  project: (id: number) => ['projects', id] as const,
  /** GET /api/projects/:id/matches: the parcels that fit a project */
  projectMatches: (id: number) => ['projects', id, 'matches'] as const,
  /** GET /api/projects/:id/follow-ups: its visits and talks (issue 15) */
  projectFollowUps: (id: number) => ['projects', id, 'follow-ups'] as const,
  /** the stage histories of the projects on the map, for time playback (one GET /api/projects/:id each) */
  stageHistories: (ids: readonly number[]) => ['projects', 'stage-histories', ids.join(',')] as const,

  /** GET /api/infrastructure (the key is also the prefix of every infrastructure read) */
  infrastructure: ['infrastructure'] as const,
  infrastructureItem: (id: number) => ['infrastructure', id] as const,

  /** GET /api/dashboard?from&to: figures over parcels, projects and infrastructure */
  dashboard: ['dashboard'] as const,
  dashboardPeriod: (from: string, to: string) => ['dashboard', from, to] as const,
}
