import type { FeatureCollection, MultiPolygon, Point } from 'geojson'
import type { ExpressionSpecification, GeoJSONSourceSpecification, LayerSpecification } from 'maplibre-gl'
import type { ParcelMatch } from '../../api/types'

/** The parcels "find sites" ranked for a project: outlined in a colour by score, with a dot for each rank. */
export const MATCHES_SOURCE = 'matches'
export const MATCHES_FILL = 'matches-fill'
export const MATCHES_OUTLINE = 'matches-outline'
export const MATCHES_POINTS_SOURCE = 'matches-points'
export const MATCHES_RANK = 'matches-rank'

export type MatchProperties = { id: number; code: string; score: number; eligible: boolean; rank: number }

export const matchesSource: GeoJSONSourceSpecification = {
  type: 'geojson',
  data: { type: 'FeatureCollection', features: [] },
  promoteId: 'id',
}

export const matchesPointsSource: GeoJSONSourceSpecification = {
  type: 'geojson',
  data: { type: 'FeatureCollection', features: [] },
  promoteId: 'id',
}

/** The matches as polygons for the outline and fill. */
export function matchesToFeatures(
  matches: readonly ParcelMatch[],
): FeatureCollection<MultiPolygon, MatchProperties> {
  return {
    type: 'FeatureCollection',
    features: matches.map((match, index) => ({
      type: 'Feature',
      id: match.parcel_id,
      geometry: match.geometry,
      properties: {
        id: match.parcel_id,
        code: match.code,
        score: match.score,
        eligible: match.eligible,
        rank: index + 1,
      },
    })),
  }
}

/** One point per match (the centre of its bounding box), so small parcels stay visible when zoomed out. */
export function matchesToPoints(matches: readonly ParcelMatch[]): FeatureCollection<Point, MatchProperties> {
  return {
    type: 'FeatureCollection',
    features: matches.map((match, index) => {
      const coords = match.geometry.coordinates.flat(2)
      const lons = coords.map((c) => c[0] ?? 0)
      const lats = coords.map((c) => c[1] ?? 0)
      return {
        type: 'Feature',
        id: match.parcel_id,
        geometry: {
          type: 'Point',
          coordinates: [
            (Math.min(...lons) + Math.max(...lons)) / 2,
            (Math.min(...lats) + Math.max(...lats)) / 2,
          ],
        },
        properties: {
          id: match.parcel_id,
          code: match.code,
          score: match.score,
          eligible: match.eligible,
          rank: index + 1,
        },
      }
    }),
  }
}

// score 0 red through amber to 100 green; "eligible once" parcels are grey-violet
const scoreColour: ExpressionSpecification = [
  'case',
  ['!', ['get', 'eligible']],
  '#8e7cc3',
  ['interpolate', ['linear'], ['get', 'score'], 40, '#d62f2f', 65, '#f2a33a', 90, '#1b9e4b'],
]

const selected: ExpressionSpecification = ['boolean', ['feature-state', 'selected'], false]

export const matchesLayers: LayerSpecification[] = [
  {
    id: MATCHES_FILL,
    type: 'fill',
    source: MATCHES_SOURCE,
    paint: { 'fill-color': scoreColour, 'fill-opacity': ['case', selected, 0.55, 0.3] },
  },
  {
    id: MATCHES_OUTLINE,
    type: 'line',
    source: MATCHES_SOURCE,
    // a dark outline, so a match stands out on the parcels' own greens (issue 15); the fill carries the score
    paint: {
      'line-color': '#0b1f3a',
      'line-width': ['case', selected, 5, ['get', 'eligible'], 3, 2],
    },
  },
  {
    id: MATCHES_RANK,
    type: 'circle',
    source: MATCHES_POINTS_SOURCE,
    paint: {
      'circle-color': scoreColour,
      // the best match gets the biggest dot
      'circle-radius': ['interpolate', ['linear'], ['get', 'rank'], 1, 9, 10, 5],
      'circle-stroke-color': '#ffffff',
      'circle-stroke-width': 2,
    },
  },
]

export const MATCHES_LAYER_IDS = matchesLayers.map((layer) => layer.id)
