import type { mapToolsZhCN } from './map-tools-zh-CN'

/** English messages of the map workspace's tools, the same keys as map-tools-zh-CN. */
export const mapToolsEn: typeof mapToolsZhCN = {
  search: {
    label: 'Search parcels, projects or companies',
    placeholder: 'Parcel code or name, project, company',
    open: 'Search',
    close: 'Close search',
    results: 'Search results',
    none: 'Nothing found for “{{q}}”',
    searching: 'Searching…',
    failed: 'Search failed: {{message}}',
    kind: { parcel: 'Parcel', project: 'Project', firm: 'Company' },
    noPlace: 'not placed yet',
  },
  tooltip: {
    area: '{{mu}} mu ({{m2}} m²)',
  },
  measure: {
    open: 'Measure',
    title: 'Measure',
    distance: 'Distance',
    area: 'Area',
    clear: 'Clear',
    close: 'Close measuring',
    hintDistance: 'Click points on the map one after another to measure a line',
    hintArea: 'Click the corners of a polygon on the map (three or more)',
    points: '{{count}} points',
    length: 'Length',
    perimeter: 'Perimeter',
    areaValue: 'Area',
    undo: 'Undo last point',
  },
  basemap: {
    attribution: 'Local basemap',
  },
}
