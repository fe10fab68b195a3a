import './parcel-tooltip.css'
import { type Map as MapLibreMap, Popup } from 'maplibre-gl'
import { isDrawn, PARCELS_FILL } from './layers/parcels'
import { PROJECTS_CIRCLE } from './layers/projects'

/** A hovered parcel's tooltip text from its tile properties (code, name, status, area_mu). */
export type DescribeParcel = (properties: Record<string, unknown>) => { title: string; lines: string[] }

/**
 * A tooltip that follows the mouse over parcels: code, name, status and area. Built from the tile's properties,
 * so hovering asks the server nothing; `describe` is read at each event, so the text follows the language. The
 * tooltip lets clicks through (CSS pointer-events) and hides while drawing or over a project.
 */
export function watchParcelTooltip(
  map: MapLibreMap,
  describe: () => DescribeParcel,
  drawing: () => boolean,
): void {
  const popup = new Popup({
    closeButton: false,
    closeOnClick: false,
    offset: 14,
    maxWidth: '280px',
    className: 'parcel-tooltip',
  })
  let shownId: unknown = null
  const hide = () => {
    popup.remove()
    shownId = null
  }
  map.on('mousemove', (event) => {
    if (drawing() || !map.getLayer(PARCELS_FILL)) return hide()
    const top = map
      .queryRenderedFeatures(event.point, { layers: [PROJECTS_CIRCLE, PARCELS_FILL] })
      .find((feature) => feature.layer.id !== PARCELS_FILL || isDrawn(feature))
    if (!top || top.layer.id !== PARCELS_FILL) return hide()
    if (top.id !== shownId) {
      const { title, lines } = describe()(top.properties)
      const box = document.createElement('div')
      const heading = document.createElement('strong')
      heading.textContent = title
      box.append(heading)
      for (const line of lines) {
        const row = document.createElement('div')
        row.textContent = line
        box.append(row)
      }
      popup.setDOMContent(box)
      shownId = top.id
    }
    popup.setLngLat(event.lngLat)
    if (!popup.isOpen()) popup.addTo(map)
  })
  map.on('mouseout', hide)
  map.on('movestart', hide)
}
