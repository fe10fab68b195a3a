/** Simplified Chinese messages of the map workspace's tools (issue 14): search, labels and tooltip, measuring, basemap. */
export const mapToolsZhCN = {
  search: {
    label: '搜索地块、项目或企业',
    placeholder: '搜索地块编号、名称、项目、企业',
    open: '搜索',
    close: '关闭搜索',
    results: '搜索结果',
    none: '没有找到“{{q}}”',
    searching: '搜索中…',
    failed: '搜索失败：{{message}}',
    kind: { parcel: '地块', project: '项目', firm: '企业' },
    noPlace: '尚未落位',
  },
  tooltip: {
    area: '{{mu}} 亩（{{m2}} m²）',
  },
  measure: {
    open: '测量',
    title: '测量',
    distance: '距离',
    area: '面积',
    clear: '清除',
    close: '关闭测量',
    hintDistance: '在地图上依次点击各点，量取折线长度',
    hintArea: '在地图上依次点击多边形的顶点（至少三个）',
    points: '已点 {{count}} 个点',
    length: '长度',
    perimeter: '周长',
    areaValue: '面积',
    undo: '撤销上一点',
  },
  basemap: {
    attribution: '本地底图',
  },
}
