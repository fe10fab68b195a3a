import { SECTORS, type Sector } from '../../../server/domain/vocabulary'
import { PARCEL_COLOUR_MODES, type ParcelColourMode } from '../../map/layers/parcels'
import { OVERLAYS, type OverlayVisibility, type Selection } from '../../map/overlays'
import type { DashboardPeriod } from '../dashboard/dashboard-period'
import type { MapFilter } from '../dashboard/map-filter'

/** The view a link carries: where the map looks, what it shows, the selection and the dashboard period. */
export type ShareState = {
  center?: [number, number]
  zoom?: number
  layers?: OverlayVisibility
  filter?: MapFilter
  colourMode?: ParcelColourMode
  asOf?: string | null
  availableBy?: string | null
  selection?: Selection | null
  period?: DashboardPeriod
  dashboard?: boolean
}

const LAYER_LETTERS: Record<(typeof OVERLAYS)[number], string> = {
  parcels: 'p',
  projects: 'j',
  infrastructure: 'i',
}
const SELECTION_LETTERS: Record<Selection['kind'], string> = {
  parcel: 'p',
  project: 'j',
  infrastructure: 'i',
}
const DATE = /^\d{4}-\d{2}-\d{2}$/
const MONTH = /^\d{4}-\d{2}$/

const date = (value: string | null) => (value && DATE.test(value) ? value : undefined)

/**
 * Reads a view from a query string, e.g. `?c=113.45,22.55&z=13&l=pji&s=optoelectronics&t=2026-05-28&sel=i12
 * &from=2026-01-01&to=2026-04-30`. Anything unreadable is left out rather than guessed.
 */
export function readShareLink(search: string): ShareState {
  const q = new URLSearchParams(search)
  const state: ShareState = {}
  const [lon, lat] = (q.get('c') ?? '').split(',').map(Number)
  if (Number.isFinite(lon) && Number.isFinite(lat) && q.get('c'))
    state.center = [lon as number, lat as number]
  const zoom = Number(q.get('z'))
  if (q.get('z') && Number.isFinite(zoom) && zoom >= 0 && zoom <= 24) state.zoom = zoom
  const layers = q.get('l')
  if (layers !== null) {
    state.layers = Object.fromEntries(
      OVERLAYS.map((overlay) => [overlay, layers.includes(LAYER_LETTERS[overlay])]),
    ) as OverlayVisibility
  }
  const sector = q.get('s')
  const month = q.get('m')
  const owner = q.get('o')
  if (sector || month || owner) {
    state.filter = {
      sector: sector && (SECTORS as readonly string[]).includes(sector) ? (sector as Sector) : null,
      month: month && MONTH.test(month) ? month : null,
      owner: owner ? owner.slice(0, 100) : null,
    }
  }
  const mode = q.get('mode')
  if (mode && (PARCEL_COLOUR_MODES as readonly string[]).includes(mode))
    state.colourMode = mode as ParcelColourMode
  if (date(q.get('t'))) state.asOf = date(q.get('t'))
  if (date(q.get('by'))) state.availableBy = date(q.get('by'))
  const selected = /^([pji])(\d+)$/.exec(q.get('sel') ?? '')
  if (selected) {
    const kind = (Object.keys(SELECTION_LETTERS) as Selection['kind'][]).find(
      (k) => SELECTION_LETTERS[k] === selected[1],
    )
    if (kind) state.selection = { kind, id: Number(selected[2]) }
  }
  const from = date(q.get('from'))
  const to = date(q.get('to'))
  if (from && to) state.period = { from, to }
  if (q.get('d') === '1') state.dashboard = true
  if (q.get('d') === '0') state.dashboard = false
  return state
}

/** Writes a view as a query string (the inverse of readShareLink). */
export function writeShareLink(state: ShareState): string {
  const q = new URLSearchParams()
  if (state.center) q.set('c', state.center.map((n) => n.toFixed(5)).join(','))
  if (state.zoom !== undefined) q.set('z', state.zoom.toFixed(2))
  if (state.layers)
    q.set(
      'l',
      OVERLAYS.filter((o) => state.layers?.[o])
        .map((o) => LAYER_LETTERS[o])
        .join(''),
    )
  if (state.filter?.sector) q.set('s', state.filter.sector)
  if (state.filter?.month) q.set('m', state.filter.month)
  if (state.filter?.owner) q.set('o', state.filter.owner)
  if (state.colourMode && state.colourMode !== 'status') q.set('mode', state.colourMode)
  if (state.asOf) q.set('t', state.asOf)
  if (state.availableBy) q.set('by', state.availableBy)
  if (state.selection) q.set('sel', `${SELECTION_LETTERS[state.selection.kind]}${state.selection.id}`)
  if (state.period) {
    q.set('from', state.period.from)
    q.set('to', state.period.to)
  }
  if (state.dashboard !== undefined) q.set('d', state.dashboard ? '1' : '0')
  const text = q.toString()
  return text ? `?${text}` : ''
}
