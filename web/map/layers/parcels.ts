import type {
  ExpressionSpecification,
  FeatureIdentifier,
  LayerSpecification,
  Map as MapLibreMap,
  RequestParameters,
  ResourceType,
  VectorSourceSpecification,
  VectorTileSource,
} from 'maplibre-gl'
import { PARCEL_STATUS_COLOURS } from '../../../server/domain/colours'
import { PARCEL_DETAIL_MINZOOM } from '../../../server/domain/tiles'
import { PARCEL_STATUSES, READINESS, type Readiness } from '../../../server/domain/vocabulary'
import type { ParcelReadiness } from '../../api/types'

export const PARCELS_SOURCE = 'parcels'
/** The layers inside the parcel tiles: parcels one by one, or (below zoom 14 in dense tiles) summary cells. */
export const PARCELS_SOURCE_LAYER = 'parcels'
export const PARCELS_OVERVIEW_SOURCE_LAYER = 'parcels_overview'
export const PARCELS_FILL = 'parcels-fill'
export const PARCELS_OUTLINE = 'parcels-outline'
export const PARCELS_OVERVIEW_FILL = 'parcels-overview-fill'

const TILEJSON_PATH = '/tiles/parcels.json'
const TILE_PATH = '/tiles/parcels/'

/**
 * The parcels as vector tiles (TileJSON from the server, behind the same login cookie). Feature-state (hover,
 * selected, picked, and the forecast: readiness, available_on) is keyed by the `id` property of each parcel.
 */
export function parcelsSource(origin: string): VectorSourceSpecification {
  return { type: 'vector', url: `${origin}${TILEJSON_PATH}`, promoteId: 'id' }
}

/**
 * Asks for the parcel tiles of data version `version` (and the TileJSON, so its bounds follow): the browser may
 * reuse a tile for 30 s, so after a change the tiles are fetched under a new URL. Other requests pass unchanged.
 */
export function parcelTileRequest(
  url: string,
  resourceType: ResourceType | undefined,
  version: number,
): RequestParameters | undefined {
  if (version === 0 || (resourceType !== 'Tile' && resourceType !== 'Source')) return undefined
  const path = url.startsWith('/') ? url : new URL(url).pathname
  if (!path.startsWith(TILE_PATH) && path !== TILEJSON_PATH) return undefined
  return { url: `${url}${url.includes('?') ? '&' : '?'}v=${version}` }
}

/** Fetches the parcel tiles (and TileJSON) again; tiles on screen stay drawn until their new version arrives. */
export function reloadParcelTiles(map: MapLibreMap, origin: string): void {
  map.getSource<VectorTileSource>(PARCELS_SOURCE)?.setUrl(`${origin}${TILEJSON_PATH}`)
}

/** A parcel as feature-state knows it. */
export function parcelFeature(id: number): FeatureIdentifier {
  return { source: PARCELS_SOURCE, sourceLayer: PARCELS_SOURCE_LAYER, id }
}

/**
 * Puts the forecast of `parcels` into feature-state (what the fill colour and the date filters read), and clears
 * it from the parcels of `previous` the new answer no longer holds. Returns the ids that now carry a forecast.
 */
export function applyParcelReadiness(
  map: MapLibreMap,
  parcels: readonly ParcelReadiness[],
  previous: ReadonlySet<number>,
): Set<number> {
  const next = new Set<number>()
  for (const parcel of parcels) {
    next.add(parcel.id)
    map.setFeatureState(parcelFeature(parcel.id), {
      readiness: parcel.readiness,
      available_on: parcel.available_on,
    })
  }
  for (const id of previous) {
    if (!next.has(id)) map.setFeatureState(parcelFeature(id), { readiness: null, available_on: null })
  }
  return next
}

/** How parcels are coloured: by lifecycle status, or by the forecast of their milestones. */
export const PARCEL_COLOUR_MODES = ['status', 'readiness'] as const
export type ParcelColourMode = (typeof PARCEL_COLOUR_MODES)[number]

/** Readiness from green (done) to red (late); parcels without milestones stay grey. */
export const READINESS_COLOURS: Readonly<Record<Readiness, string>> = {
  done: '#2e7d32',
  on_track: '#5b8fd1',
  at_risk: '#f2a33a',
  late: '#d62f2f',
}
export const NO_READINESS_COLOUR = '#c7ccd6'

/** What a parcel available by the as-of date is painted with. */
export const AVAILABLE_AS_OF_COLOUR = PARCEL_STATUS_COLOURS.available

const statusColour: ExpressionSpecification = [
  'match',
  ['get', 'status'],
  ...PARCEL_STATUSES.flatMap((status) => [status, PARCEL_STATUS_COLOURS[status]]),
  '#cccccc',
] as unknown as ExpressionSpecification

// readiness depends on today and the milestones, so it is not in the (cacheable) tiles but in feature-state
const readinessColour: ExpressionSpecification = [
  'match',
  ['string', ['feature-state', 'readiness'], 'none'],
  ...READINESS.flatMap((readiness) => [readiness, READINESS_COLOURS[readiness]]),
  NO_READINESS_COLOUR,
] as unknown as ExpressionSpecification

/** The parcel's forecast hand-over date (feature-state; an ISO date, so it compares lexically), or ''. */
const availableOn: ExpressionSpecification = ['string', ['feature-state', 'available_on'], '']

/** True when the parcel's available_on is on or before `date`. */
export function availableBy(date: string): ExpressionSpecification {
  return ['all', ['!=', availableOn, ''], ['<=', availableOn, date]] as unknown as ExpressionSpecification
}

/** True when the parcel's available_on falls in `month` (YYYY-MM). */
export function availableInMonth(month: string): ExpressionSpecification {
  return ['==', ['slice', availableOn, 0, 7], month] as unknown as ExpressionSpecification
}

/**
 * The fill colour for a mode and an optional as-of date: with a date, parcels available by then are
 * painted the available colour and the others keep the mode's colour (made paler by `parcelFillOpacity`).
 */
export function parcelFillColour(mode: ParcelColourMode, asOf: string | null): ExpressionSpecification {
  const base = mode === 'readiness' ? readinessColour : statusColour
  if (!asOf) return base
  return ['case', availableBy(asOf), AVAILABLE_AS_OF_COLOUR, base] as unknown as ExpressionSpecification
}

const selected: ExpressionSpecification = ['boolean', ['feature-state', 'selected'], false]
const hover: ExpressionSpecification = ['boolean', ['feature-state', 'hover'], false]
const picked: ExpressionSpecification = ['boolean', ['feature-state', 'picked'], false]

/**
 * The fill opacity: paler for parcels not available by the as-of date, and 0 (not drawn, not clickable) for
 * parcels not available by the "available by" date. Filters cannot read feature-state, so this is paint.
 */
export function parcelFillOpacity(
  asOf: string | null,
  availableByDate: string | null = null,
): ExpressionSpecification {
  const resting: ExpressionSpecification | number = asOf
    ? (['case', availableBy(asOf), 0.85, 0.3] as unknown as ExpressionSpecification)
    : 0.62
  const shown = ['case', selected, 0.9, picked, 0.9, hover, 0.8, resting]
  if (!availableByDate) return shown as unknown as ExpressionSpecification
  return ['case', availableBy(availableByDate), shown, 0] as unknown as ExpressionSpecification
}

/** The outline's opacity: hidden with the fill for parcels the "available by" date leaves out. */
export function parcelOutlineOpacity(availableByDate: string | null): ExpressionSpecification | number {
  if (!availableByDate) return 1
  return ['case', availableBy(availableByDate), 1, 0] as unknown as ExpressionSpecification
}

/** True when a rendered parcel is drawn (the "available by" date may hide it), so it may be hovered or clicked. */
export function isDrawn(feature: { layer: { paint?: unknown } }): boolean {
  return (feature.layer.paint as Record<string, unknown> | undefined)?.['fill-opacity'] !== 0
}

export const parcelsLayers: LayerSpecification[] = [
  {
    // below zoom 14 a dense tile summarises its parcels in cells, shaded by how many they hold
    id: PARCELS_OVERVIEW_FILL,
    type: 'fill',
    source: PARCELS_SOURCE,
    'source-layer': PARCELS_OVERVIEW_SOURCE_LAYER,
    maxzoom: PARCEL_DETAIL_MINZOOM,
    paint: {
      'fill-color': statusColour,
      'fill-opacity': ['interpolate', ['linear'], ['get', 'count'], 1, 0.3, 40, 0.75],
      'fill-outline-color': '#ffffff',
    },
  },
  {
    id: PARCELS_FILL,
    type: 'fill',
    source: PARCELS_SOURCE,
    'source-layer': PARCELS_SOURCE_LAYER,
    paint: {
      'fill-color': parcelFillColour('status', null),
      'fill-opacity': parcelFillOpacity(null),
    },
  },
  {
    id: PARCELS_OUTLINE,
    type: 'line',
    source: PARCELS_SOURCE,
    'source-layer': PARCELS_SOURCE_LAYER,
    paint: {
      'line-color': ['case', selected, '#0b1f3a', picked, '#7b1fa2', hover, '#24364f', '#ffffff'],
      'line-width': ['case', selected, 3, picked, 3, hover, 2, 0.8],
    },
  },
]

export const PARCELS_LAYER_IDS = parcelsLayers.map((layer) => layer.id)
