import type { importFilesZhCN } from './import-files-zh-CN'

/** Messages of the import preview (issue 13): the parcels the file holds, with their names, and the warnings. */
export const importFilesEn: typeof importFilesZhCN = {
  previewCaption: 'Parcels in the file ({{count}})',
  name: 'Name',
  action: 'Action',
  area: 'Area',
  areaValue: '{{mu}} mu ({{m2}} m²)',
  create: 'create',
  update: 'update',
  warningsCaption: 'Notes ({{count}}): the import goes on; please check',
  moreParcels: '{{count}} more not listed',
}
