import type { TFunction } from 'i18next'
import type { Sector } from '../../../server/domain/vocabulary'

/** What a click on a dashboard chart filters the map by: a sector's projects, a month's land, an owner's late items. */
export type MapFilter = { sector: Sector | null; month: string | null; owner: string | null }

export const NO_FILTER: MapFilter = { sector: null, month: null, owner: null }

export function hasFilter(filter: MapFilter): boolean {
  return filter.sector !== null || filter.month !== null || filter.owner !== null
}

/** The active filter in words, e.g. "产业：光电信息". */
export function filterText(filter: MapFilter, t: TFunction): string {
  if (filter.sector) return t('leader.filter.sector', { value: t(`sector.${filter.sector}`) })
  if (filter.month) return t('leader.filter.month', { value: filter.month })
  if (filter.owner) return t('leader.filter.owner', { value: filter.owner })
  return ''
}
