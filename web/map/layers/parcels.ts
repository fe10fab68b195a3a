import type {
  ExpressionSpecification,
  FilterSpecification,
  GeoJSONSourceSpecification,
  LayerSpecification,
} from 'maplibre-gl'
import { PARCEL_STATUS_COLOURS } from '../../../server/domain/colours'
import { PARCEL_STATUSES, READINESS, type Readiness } from '../../../server/domain/vocabulary'

export const PARCELS_SOURCE = 'parcels'
export const PARCELS_FILL = 'parcels-fill'
export const PARCELS_OUTLINE = 'parcels-outline'

export const parcelsSource: GeoJSONSourceSpecification = {
  type: 'geojson',
  data: { type: 'FeatureCollection', features: [] },
  // feature-state (selected, hover, picked) is keyed by the parcel id
  promoteId: 'id',
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

const readinessColour: ExpressionSpecification = [
  'match',
  ['coalesce', ['get', 'readiness'], 'none'],
  ...READINESS.flatMap((readiness) => [readiness, READINESS_COLOURS[readiness]]),
  NO_READINESS_COLOUR,
] as unknown as ExpressionSpecification

/** True when the parcel's available_on (an ISO date, so it compares lexically) is on or before `date`. */
export function availableBy(date: string): ExpressionSpecification {
  return [
    'all',
    ['==', ['typeof', ['get', 'available_on']], 'string'],
    ['<=', ['get', 'available_on'], date],
  ] as unknown as ExpressionSpecification
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

export function parcelFillOpacity(asOf: string | null): ExpressionSpecification {
  const resting: ExpressionSpecification | number = asOf
    ? (['case', availableBy(asOf), 0.85, 0.3] as unknown as ExpressionSpecification)
    : 0.62
  return ['case', selected, 0.9, picked, 0.9, hover, 0.8, resting] as unknown as ExpressionSpecification
}

/** The layers' filter for "available by" (null shows every parcel). */
export function parcelsFilter(availableByDate: string | null): FilterSpecification | null {
  return availableByDate ? (availableBy(availableByDate) as unknown as FilterSpecification) : null
}

export const parcelsLayers: LayerSpecification[] = [
  {
    id: PARCELS_FILL,
    type: 'fill',
    source: PARCELS_SOURCE,
    paint: {
      'fill-color': parcelFillColour('status', null),
      'fill-opacity': parcelFillOpacity(null),
    },
  },
  {
    id: PARCELS_OUTLINE,
    type: 'line',
    source: PARCELS_SOURCE,
    paint: {
      'line-color': ['case', selected, '#0b1f3a', picked, '#7b1fa2', hover, '#24364f', '#ffffff'],
      'line-width': ['case', selected, 3, picked, 3, hover, 2, 0.8],
    },
  },
]

export const PARCELS_LAYER_IDS = parcelsLayers.map((layer) => layer.id)
