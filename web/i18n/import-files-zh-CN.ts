/** Messages of the import preview (issue 13): the parcels the file holds, with their names, and the warnings. */
export const importFilesZhCN = {
  previewCaption: '文件中的地块（{{count}} 块）',
  name: '名称',
  action: '操作',
  area: '面积',
  areaValue: '{{mu}} 亩（{{m2}} m²）',
  create: '新建',
  update: '更新',
  warningsCaption: '提示（{{count}} 条）：导入照常进行，请核对',
  moreParcels: '另有 {{count}} 块未列出',
}
