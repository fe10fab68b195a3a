import { useQuery } from '@tanstack/react-query'
import type { TFunction } from 'i18next'
import type { ParcelCollection, Project } from '../../api/types'
import { formatM2, formatMu, formatYi } from '../../i18n/formatters'

/** One parcel as the attribute table lists it: its properties, no shape. */
export type ParcelRow = ParcelCollection['features'][number]['properties']

/** The most one list request answers (GET /api/parcels `limit`); a larger zone is read page by page. */
const PAGE = 10000

/** Every parcel's properties (GET /api/parcels?geometry=none, paged), fresh after any parcel change (live). */
export function useParcelRows(enabled: boolean) {
  return useQuery({
    // under 'parcels': a parcels change event or write refetches the table with the map
    queryKey: ['parcels', 'table'] as const,
    enabled,
    queryFn: async ({ signal }): Promise<ParcelRow[]> => {
      const rows: ParcelRow[] = []
      for (let offset = 0; ; offset += PAGE) {
        const response = await fetch(`/api/parcels?geometry=none&limit=${PAGE}&offset=${offset}`, {
          credentials: 'same-origin',
          headers: { Accept: 'application/json' },
          signal,
        })
        if (!response.ok) throw new Error(`${response.status} ${response.statusText}`)
        const page = (await response.json()) as ParcelCollection
        rows.push(...page.features.map((f) => f.properties))
        if (page.features.length < PAGE || rows.length >= page.numberMatched) return rows
      }
    },
  })
}

/**
 * A column of the attribute table: its header (the words the UI shows, also the CSV's), the value it sorts by,
 * and the text a cell and the CSV show.
 */
export interface TableColumn<Row> {
  id: string
  header: string
  sortValue: (row: Row) => string | number | null
  text: (row: Row) => string
  /** the value the CSV holds: a number stays a number (no thousands separators) */
  csv?: (row: Row) => string | number | null
  numeric?: boolean
  /** shown only when chosen */
  hidden?: boolean
}

const orNone = (value: string | null | undefined) => value ?? ''

export function parcelColumns(t: TFunction): TableColumn<ParcelRow>[] {
  return [
    { id: 'code', header: t('parcel.code'), sortValue: (r) => r.code, text: (r) => r.code },
    { id: 'name', header: t('parcel.name'), sortValue: (r) => r.name, text: (r) => orNone(r.name) },
    {
      id: 'status',
      header: t('parcel.status'),
      sortValue: (r) => r.status,
      text: (r) => t(`parcelStatus.${r.status}`),
    },
    {
      id: 'land_use',
      header: t('parcel.landUse'),
      sortValue: (r) => r.land_use,
      text: (r) => t(`landUse.${r.land_use}`),
    },
    {
      id: 'area_mu',
      header: t('panels.table.areaMu'),
      sortValue: (r) => r.area_mu,
      text: (r) => formatMu(r.area_mu),
      csv: (r) => r.area_mu,
      numeric: true,
    },
    {
      id: 'area_m2',
      header: t('panels.table.areaM2'),
      sortValue: (r) => r.area_m2,
      text: (r) => formatM2(r.area_m2),
      csv: (r) => Math.round(r.area_m2),
      numeric: true,
      hidden: true,
    },
    {
      id: 'readiness',
      header: t('parcel.readiness'),
      sortValue: (r) => r.readiness,
      text: (r) => (r.readiness ? t(`readiness.${r.readiness}`) : ''),
    },
    {
      id: 'ready_on',
      header: t('parcel.readyOn'),
      sortValue: (r) => r.ready_on,
      text: (r) => orNone(r.ready_on),
    },
    {
      id: 'handover_on',
      header: t('parcel.handoverOn'),
      sortValue: (r) => r.handover_on,
      text: (r) => orNone(r.handover_on),
    },
    {
      id: 'target_on',
      header: t('parcel.targetOn'),
      sortValue: (r) => r.target_on,
      text: (r) => orNone(r.target_on),
      hidden: true,
    },
    {
      id: 'critical_milestone',
      header: t('parcel.critical'),
      sortValue: (r) => r.critical_milestone,
      text: (r) => (r.critical_milestone ? t(`milestoneKind.${r.critical_milestone}`) : ''),
      hidden: true,
    },
  ]
}

export function projectColumns(t: TFunction): TableColumn<Project>[] {
  return [
    { id: 'name', header: t('project.name'), sortValue: (r) => r.name, text: (r) => r.name },
    { id: 'company', header: t('project.company'), sortValue: (r) => r.company, text: (r) => r.company },
    {
      id: 'sector',
      header: t('project.sector'),
      sortValue: (r) => r.sector,
      text: (r) => t(`sector.${r.sector}`),
    },
    {
      id: 'kind',
      header: t('project.kind'),
      sortValue: (r) => r.kind,
      text: (r) => t(`projectKind.${r.kind}`),
    },
    {
      id: 'stage',
      header: t('project.stage'),
      sortValue: (r) => r.stage,
      text: (r) => t(`projectStage.${r.stage}`),
    },
    {
      id: 'investment',
      header: t('panels.table.investmentYi'),
      sortValue: (r) => r.investment_wan,
      text: (r) => formatYi(r.investment_wan),
      csv: (r) => Number((r.investment_wan / 10000).toFixed(2)),
      numeric: true,
    },
    {
      id: 'manager',
      header: t('project.manager'),
      sortValue: (r) => r.manager,
      text: (r) => orNone(r.manager),
    },
    {
      id: 'signed_on',
      header: t('project.signedOn'),
      sortValue: (r) => r.signed_on,
      text: (r) => orNone(r.signed_on),
    },
    {
      id: 'landed_on',
      header: t('project.landedOn'),
      sortValue: (r) => r.landed_on,
      text: (r) => orNone(r.landed_on),
      hidden: true,
    },
  ]
}
