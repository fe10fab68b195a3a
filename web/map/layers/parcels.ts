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
import { ESCALATION_COLOURS, PARCEL_STATUS_COLOURS } from '../../../server/domain/colours'
import {
  COMMITMENT_STATUSES,
  type CommitmentStatus,
  GRADES,
  type Grade,
} from '../../../server/domain/evaluation'
import {
  PARCEL_DETAIL_MINZOOM,
  PARCEL_LABEL_MINZOOM,
  PARCEL_LABELS_LAYER,
} from '../../../server/domain/tiles'
import { PARCEL_STATUSES, READINESS, type Readiness } from '../../../server/domain/vocabulary'
import type { TileChange } from '../../api/change-invalidation'
import type { ParcelReadiness } from '../../api/types'

export const PARCELS_SOURCE = 'parcels'
/** The layers inside the parcel tiles: parcels one by one, or (below zoom 14 in dense tiles) summary cells. */
export const PARCELS_SOURCE_LAYER = 'parcels'
export const PARCELS_OVERVIEW_SOURCE_LAYER = 'parcels_overview'
/** One point per parcel, in the one tile that holds it (server/domain/tiles.ts), so a label is never written twice. */
export const PARCELS_LABELS_SOURCE_LAYER = PARCEL_LABELS_LAYER
export const PARCELS_FILL = 'parcels-fill'
export const PARCELS_OUTLINE = 'parcels-outline'
export const PARCELS_OVERVIEW_FILL = 'parcels-overview-fill'
export const PARCELS_LABEL = 'parcels-label'

/**
 * The labels' fonts, Chinese first. The style has no `glyphs` URL, so MapLibre draws every glyph with these local
 * fonts (TinySDF) and fetches nothing; the map's `localIdeographFontFamily` names the same fonts for ideographs.
 */
export const LABEL_FONTS = [
  'Microsoft YaHei',
  'PingFang SC',
  'Noto Sans CJK SC',
  'Noto Sans SC',
  'sans-serif',
]
export const LOCAL_IDEOGRAPH_FONT_FAMILY = LABEL_FONTS.map((font) =>
  font.includes(' ') ? `'${font}'` : font,
).join(', ')

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
 * Asks for the parcel tiles under data version `version` (`?v=`, the version of the last change event, which is
 * the primary's WAL position after it): a cache — the browser's for 30 s, nginx's for a day — holds tiles per
 * version, so after a change no cache answers with a tile from before it. Without a version yet, the URL of the
 * TileJSON's template stands (it carries the server's version). Other requests pass unchanged.
 */
export function parcelTileRequest(
  url: string,
  resourceType: ResourceType | undefined,
  version: string | null,
): RequestParameters | undefined {
  if (!version || resourceType !== 'Tile') return undefined
  const parsed = new URL(url, 'http://relative.invalid')
  if (!parsed.pathname.startsWith(TILE_PATH)) return undefined
  parsed.searchParams.set('v', version)
  return { url: url.startsWith('/') ? `${parsed.pathname}${parsed.search}` : parsed.href }
}

type Box = readonly [number, number, number, number]
export type TileId = { x: number; y: number; z: number }

/** More tiles than this to refresh one by one, and the whole source is reloaded instead. */
const MAX_REFRESHED_TILES = 512

/** The Web Mercator tile holding a point at zoom `z` (the tile scheme of the parcel tiles, XYZ). */
function tileOf(lon: number, lat: number, z: number): { x: number; y: number } {
  const n = 2 ** z
  const clampedLat = Math.max(-85.0511, Math.min(85.0511, lat))
  const rad = (clampedLat * Math.PI) / 180
  const x = Math.floor(((lon + 180) / 360) * n)
  const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n)
  return { x: Math.min(n - 1, Math.max(0, x)), y: Math.min(n - 1, Math.max(0, y)) }
}

/**
 * The tiles from zoom `minzoom` to `maxzoom` that meet any of `areas` ([minLon, minLat, maxLon, maxLat], WGS84),
 * each once; null when there are more than MAX_REFRESHED_TILES of them.
 * tilesCovering([[113.45, 22.55, 113.45, 22.55]], 11, 12) → [{ x: 1669, y: 892, z: 11 }, { x: 3338, y: 1784, z: 12 }]
 */
export function tilesCovering(areas: readonly Box[], minzoom: number, maxzoom: number): TileId[] | null {
  const seen = new Set<string>()
  const tiles: TileId[] = []
  for (let z = minzoom; z <= maxzoom; z++) {
    for (const [minLon, minLat, maxLon, maxLat] of areas) {
      const from = tileOf(minLon, maxLat, z)
      const to = tileOf(maxLon, minLat, z)
      if ((to.x - from.x + 1) * (to.y - from.y + 1) > MAX_REFRESHED_TILES) return null
      for (let x = from.x; x <= to.x; x++) {
        for (let y = from.y; y <= to.y; y++) {
          const key = `${z}/${x}/${y}`
          if (seen.has(key)) continue
          seen.add(key)
          tiles.push({ x, y, z })
          if (tiles.length > MAX_REFRESHED_TILES) return null
        }
      }
    }
  }
  return tiles
}

function inside(area: Box, bounds: Box): boolean {
  return area[0] >= bounds[0] && area[1] >= bounds[1] && area[2] <= bounds[2] && area[3] <= bounds[3]
}

/**
 * Fetches the parcel tiles again where `change` says they changed; the tiles on screen stay drawn until their
 * new version arrives. The tile requests must carry a new version first (parcelTileRequest), or the browser may
 * answer from its cache. A change outside the layer's bounds (a new parcel beyond them) or without a place
 * reloads the TileJSON (so its bounds follow) and every tile.
 */
export function reloadParcelTiles(map: MapLibreMap, origin: string, change: TileChange): void {
  const source = map.getSource<VectorTileSource>(PARCELS_SOURCE)
  if (!source) return
  const areas = change === 'everywhere' ? null : change.areas
  const bounds = source.bounds as Box | undefined
  // the tiles in view are at the map's zoom (overzoomed beyond the source's maxzoom), their parents one above
  const top = Math.min(source.maxzoom, Math.ceil(map.getZoom()) + 1)
  const tiles =
    areas && bounds && areas.every((area) => inside(area, bounds))
      ? tilesCovering(areas, source.minzoom, top)
      : null
  if (tiles) map.refreshTiles(PARCELS_SOURCE, tiles)
  else source.setUrl(`${origin}${TILEJSON_PATH}`)
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

/** What GET /api/evaluation/parcels answers per parcel: its firm's grade in the year, its commitment's status. */
export interface ParcelEfficiency {
  parcel_id: number
  firm_id: number | null
  grade: string | null
  commitment: string | null
}

/**
 * Puts each parcel's grade ('ungraded' for a firm's parcel not graded) and commitment status into feature-state,
 * and clears them from the parcels of `previous` the answer no longer holds. Returns the ids now carrying them.
 */
export function applyParcelEfficiency(
  map: MapLibreMap,
  parcels: readonly ParcelEfficiency[],
  previous: ReadonlySet<number>,
): Set<number> {
  const next = new Set<number>()
  for (const parcel of parcels) {
    next.add(parcel.parcel_id)
    map.setFeatureState(parcelFeature(parcel.parcel_id), {
      grade: parcel.grade ?? (parcel.firm_id !== null ? 'ungraded' : null),
      commitment: parcel.commitment,
    })
  }
  for (const id of previous) {
    if (!next.has(id)) map.setFeatureState(parcelFeature(id), { grade: null, commitment: null })
  }
  return next
}

/**
 * How parcels are coloured: by lifecycle status, by the forecast of their milestones, by the 亩均效益 grade of the
 * firm using them, by the status of their 标准地 commitment, or by the worst level of their late items (督办 / 预警,
 * issue 16; layers/escalation.ts puts the levels in feature-state and outlines them).
 */
export const PARCEL_COLOUR_MODES = ['status', 'readiness', 'grade', 'commitment', 'escalation'] as const
export type ParcelColourMode = (typeof PARCEL_COLOUR_MODES)[number]

/** The colour modes read from GET /api/evaluation/parcels (feature-state `grade` and `commitment`). */
export function isEfficiencyMode(mode: ParcelColourMode): mode is 'grade' | 'commitment' {
  return mode === 'grade' || mode === 'commitment'
}

/** Grades from green (A) to red (D); a firm's parcel not graded that year, and land of no firm, stay grey. */
export const GRADE_COLOURS: Readonly<Record<Grade, string>> = {
  A: '#1a9850',
  B: '#91cf60',
  C: '#f2a33a',
  D: '#d62f2f',
}
export const NOT_GRADED_COLOUR = '#8e99ab'
/** Commitments: met green, nothing due yet blue, breached red; land sold without one stays grey. */
export const COMMITMENT_COLOURS: Readonly<Record<CommitmentStatus, string>> = {
  met: '#2e7d32',
  pending: '#5b8fd1',
  breached: '#d62f2f',
}
export const NO_FIRM_COLOUR = '#c7ccd6'

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

// grades and commitments depend on the year's figures and today, so they are feature-state like readiness;
// 'none': the parcel is no firm's; 'ungraded': the firm is not graded that year
const gradeColour: ExpressionSpecification = [
  'match',
  ['string', ['feature-state', 'grade'], 'none'],
  ...GRADES.flatMap((grade) => [grade, GRADE_COLOURS[grade]]),
  'ungraded',
  NOT_GRADED_COLOUR,
  NO_FIRM_COLOUR,
] as unknown as ExpressionSpecification

const commitmentColour: ExpressionSpecification = [
  'match',
  ['string', ['feature-state', 'commitment'], 'none'],
  ...COMMITMENT_STATUSES.flatMap((status) => [status, COMMITMENT_COLOURS[status]]),
  NO_FIRM_COLOUR,
] as unknown as ExpressionSpecification

// the level of the parcel's worst late item (正常/黄牌/红牌), feature-state set by layers/escalation.ts
const escalationColour: ExpressionSpecification = [
  'match',
  ['string', ['feature-state', 'escalation'], 'none'],
  'red',
  ESCALATION_COLOURS.red,
  'yellow',
  ESCALATION_COLOURS.yellow,
  'normal',
  ESCALATION_COLOURS.normal,
  ESCALATION_COLOURS.none,
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
  const base =
    mode === 'readiness'
      ? readinessColour
      : mode === 'grade'
        ? gradeColour
        : mode === 'commitment'
          ? commitmentColour
          : mode === 'escalation'
            ? escalationColour
            : statusColour
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

/** The labels go above the other overlays' lines (map-view adds them after infrastructure). */
export const parcelsLabelLayers: LayerSpecification[] = [
  {
    // code over area; where labels would collide MapLibre leaves the later ones out (no overlap)
    id: PARCELS_LABEL,
    type: 'symbol',
    source: PARCELS_SOURCE,
    // points, not the polygons: a polygon is labelled once per tile its pieces reach, twice across a tile edge
    'source-layer': PARCELS_LABELS_SOURCE_LAYER,
    minzoom: PARCEL_LABEL_MINZOOM,
    layout: {
      'text-field': [
        'format',
        ['get', 'code'],
        {},
        '\n',
        {},
        ['concat', ['number-format', ['get', 'area_mu'], { 'max-fraction-digits': 2 }], ' 亩'],
        { 'font-scale': 0.9 },
      ] as unknown as ExpressionSpecification,
      'text-font': LABEL_FONTS,
      'text-size': 12,
      'text-padding': 4,
      'text-allow-overlap': false,
      'text-ignore-placement': false,
      'text-max-width': 12,
    },
    paint: {
      'text-color': '#0b1f3a',
      'text-halo-color': 'rgba(255, 255, 255, 0.9)',
      'text-halo-width': 1.4,
    },
  },
]

export const PARCELS_LAYER_IDS = [...parcelsLayers, ...parcelsLabelLayers].map((layer) => layer.id)
