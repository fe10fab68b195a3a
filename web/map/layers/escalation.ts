import type { ExpressionSpecification, LayerSpecification, Map as MapLibreMap } from 'maplibre-gl'
import { ESCALATION_COLOURS } from '../../../server/domain/colours'
import { ESCALATION_LEVELS, type EscalationLevel } from '../../../server/domain/escalation'
import { PARCELS_SOURCE, PARCELS_SOURCE_LAYER, parcelFeature } from './parcels'

/**
 * 督办 / 预警 (issue 16): in the parcels' escalation colour mode, each parcel with a late item (a milestone, or a
 * blocker of its project) is filled with the level of its worst one (layers/parcels.ts reads it from feature-state)
 * and outlined thick in red or yellow, so the cards show even where the fill is pale or covered.
 */
export const ESCALATION_OUTLINE = 'escalation-outline'

const level: ExpressionSpecification = ['string', ['feature-state', 'escalation'], 'none']

export const escalationLayers: LayerSpecification[] = [
  {
    id: ESCALATION_OUTLINE,
    type: 'line',
    source: PARCELS_SOURCE,
    'source-layer': PARCELS_SOURCE_LAYER,
    layout: { visibility: 'none' },
    paint: {
      'line-color': [
        'match',
        level,
        'red',
        ESCALATION_COLOURS.red,
        'yellow',
        ESCALATION_COLOURS.yellow,
        ESCALATION_COLOURS.normal,
      ] as unknown as ExpressionSpecification,
      'line-width': ['match', level, 'red', 3.5, 'yellow', 2.5, 0] as unknown as ExpressionSpecification,
    },
  },
]

export const ESCALATION_LAYER_IDS = escalationLayers.map((layer) => layer.id)

/**
 * The worst level per parcel of the late items that name a parcel.
 * `parcelLevels([{parcel_id: 1, level: 'yellow'}, {parcel_id: 1, level: 'red'}, {parcel_id: null, level: 'red'}])`
 * → Map { 1 → 'red' }
 */
export function parcelLevels(
  items: readonly { parcel_id: number | null; level: EscalationLevel }[],
): Map<number, EscalationLevel> {
  const worst = new Map<number, EscalationLevel>()
  for (const item of items) {
    if (item.parcel_id === null) continue
    const current = worst.get(item.parcel_id)
    if (!current || ESCALATION_LEVELS.indexOf(item.level) > ESCALATION_LEVELS.indexOf(current))
      worst.set(item.parcel_id, item.level)
  }
  return worst
}

/**
 * Puts each parcel's level into feature-state (`escalation`) and clears it from the parcels of `previous` that are
 * no longer late. Returns the ids that now carry a level.
 */
export function applyParcelLevels(
  map: MapLibreMap,
  levels: ReadonlyMap<number, EscalationLevel>,
  previous: ReadonlySet<number>,
): Set<number> {
  for (const [id, value] of levels) map.setFeatureState(parcelFeature(id), { escalation: value })
  for (const id of previous) {
    if (!levels.has(id)) map.setFeatureState(parcelFeature(id), { escalation: null })
  }
  return new Set(levels.keys())
}

/** Shows the outlines while the escalation mode is on and the parcels are shown. */
export function applyEscalationView(map: MapLibreMap, shown: boolean): void {
  for (const id of ESCALATION_LAYER_IDS) map.setLayoutProperty(id, 'visibility', shown ? 'visible' : 'none')
}
