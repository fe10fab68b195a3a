import type { TFunction } from 'i18next'
import {
  INFRASTRUCTURE_PROGRESS_COLOURS,
  PARCEL_STATUS_COLOURS,
  PROJECT_STAGE_COLOURS,
} from '../../../server/domain/colours'
import { PARCEL_STATUSES, PROJECT_STAGES, READINESS } from '../../../server/domain/vocabulary'
import type { BriefingBody } from '../../api/types'
import { HIGHLIGHT_COLOUR } from '../../map/layers/highlights'
import {
  AVAILABLE_AS_OF_COLOUR,
  NO_READINESS_COLOUR,
  type ParcelColourMode,
  READINESS_COLOURS,
} from '../../map/layers/parcels'
import type { OverlayVisibility } from '../../map/overlays'

export type LegendItem = BriefingBody['legend'][number]

/**
 * The briefing's legend: the same groups as the map's legend (web/map/map-legend.tsx) for what is on the map —
 * parcels by the colour mode shown (status or readiness), and during time playback the as-of colours, the rest of
 * the parcels paler as the map draws them; project stages as circles; infrastructure as lines.
 */
export function briefingLegend(
  visibility: OverlayVisibility,
  view: { colourMode: ParcelColourMode; asOf: string | null },
  t: TFunction,
  highlighted: boolean,
): LegendItem[] {
  const items: LegendItem[] = []
  if (highlighted) items.push({ label: t('leader.briefing.highlighted'), colour: HIGHLIGHT_COLOUR })
  if (visibility.parcels && view.asOf) {
    const group = `${t('parcelView.asOf')} ${view.asOf}`
    items.push(
      { label: t('parcelView.availableLegend'), colour: AVAILABLE_AS_OF_COLOUR, group },
      { label: t('parcelView.notYetLegend'), colour: PARCEL_STATUS_COLOURS.planned, group, faded: true },
    )
  }
  // during playback the parcels not yet available keep their colours, paler
  const faded = view.asOf ? { faded: true } : {}
  if (visibility.parcels && view.colourMode === 'readiness') {
    const group = t('legend.parcelReadiness')
    for (const readiness of READINESS)
      items.push({
        label: t(`readiness.${readiness}`),
        colour: READINESS_COLOURS[readiness],
        group,
        ...faded,
      })
    items.push({ label: t('parcelView.noReadiness'), colour: NO_READINESS_COLOUR, group, ...faded })
  } else if (visibility.parcels) {
    const group = t('legend.parcelStatus')
    for (const status of PARCEL_STATUSES)
      items.push({
        label: t(`parcelStatus.${status}`),
        colour: PARCEL_STATUS_COLOURS[status],
        group,
        ...faded,
      })
  }
  if (visibility.projects) {
    const group = t('legend.projectStage')
    for (const stage of PROJECT_STAGES)
      items.push({
        label: t(`projectStage.${stage}`),
        colour: PROJECT_STAGE_COLOURS[stage],
        group,
        shape: 'circle',
      })
  }
  if (visibility.infrastructure) {
    const c = INFRASTRUCTURE_PROGRESS_COLOURS
    const group = t('legend.infrastructure')
    items.push(
      { label: t('legend.planned'), colour: c.planned, group, shape: 'dashed' },
      { label: t('legend.inProgress'), colour: c.in_progress_end, group, shape: 'line' },
      { label: t('legend.done'), colour: c.done, group, shape: 'line' },
      { label: t('legend.late'), colour: c.late, group, shape: 'line' },
    )
  }
  return items
}
