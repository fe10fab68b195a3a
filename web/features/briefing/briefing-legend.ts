import type { TFunction } from 'i18next'
import {
  INFRASTRUCTURE_PROGRESS_COLOURS,
  PARCEL_STATUS_COLOURS,
  PROJECT_STAGE_COLOURS,
} from '../../../server/domain/colours'
import { PARCEL_STATUSES, PROJECT_STAGES } from '../../../server/domain/vocabulary'
import { HIGHLIGHT_COLOUR } from '../../map/layers/highlights'
import type { OverlayVisibility } from '../../map/overlays'

export type LegendItem = { label: string; colour: string }

/** The legend of what is on the map, as label and #rrggbb colour, for the PNG and the PDF. */
export function briefingLegend(
  visibility: OverlayVisibility,
  t: TFunction,
  highlighted: boolean,
): LegendItem[] {
  const items: LegendItem[] = []
  if (highlighted) items.push({ label: t('leader.briefing.highlighted'), colour: HIGHLIGHT_COLOUR })
  if (visibility.parcels) {
    for (const status of PARCEL_STATUSES)
      items.push({
        label: `${t('layers.parcels')} · ${t(`parcelStatus.${status}`)}`,
        colour: PARCEL_STATUS_COLOURS[status],
      })
  }
  if (visibility.projects) {
    for (const stage of PROJECT_STAGES)
      items.push({
        label: `${t('layers.projects')} · ${t(`projectStage.${stage}`)}`,
        colour: PROJECT_STAGE_COLOURS[stage],
      })
  }
  if (visibility.infrastructure) {
    const c = INFRASTRUCTURE_PROGRESS_COLOURS
    const infra = t('layers.infrastructure')
    items.push(
      { label: `${infra} · ${t('legend.planned')}`, colour: c.planned },
      { label: `${infra} · ${t('legend.inProgress')}`, colour: c.in_progress_end },
      { label: `${infra} · ${t('legend.done')}`, colour: c.done },
      { label: `${infra} · ${t('legend.late')}`, colour: c.late },
    )
  }
  return items
}
