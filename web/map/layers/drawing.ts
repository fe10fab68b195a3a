import type { LineString, Polygon } from 'geojson'
import type { Map as MapLibreMap } from 'maplibre-gl'
import {
  type GeoJSONStoreFeatures,
  TerraDraw,
  TerraDrawLineStringMode,
  TerraDrawPolygonMode,
  TerraDrawSelectMode,
} from 'terra-draw'
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter'

/** What the drawing overlay is asked to do: draw a new polygon, draw a split line, or move a polygon's vertices. */
export type DrawingTask = { kind: 'polygon' } | { kind: 'line' } | { kind: 'edit'; polygon: Polygon }

export type DrawnGeometry = Polygon | LineString

const EDIT_COLOUR = '#7b1fa2'
const LINE_COLOUR = '#d62f2f'

/**
 * Starts terra-draw on the map for one task and reports the drawn geometry whenever it changes
 * (null while nothing is complete). Returns the function that stops it and removes its layers.
 * terra-draw's own sources and layers are prefixed `td-`, so they never mix with the overlays.
 */
export function startDrawing(
  map: MapLibreMap,
  task: DrawingTask,
  onChange: (geometry: DrawnGeometry | null) => void,
): () => void {
  let nextId = 1
  const draw = new TerraDraw({
    adapter: new TerraDrawMapLibreGLAdapter({ map, prefixId: 'td' }),
    idStrategy: { isValidId: (id) => typeof id === 'number', getId: () => nextId++ },
    modes: [
      new TerraDrawPolygonMode({
        styles: { fillColor: EDIT_COLOUR, fillOpacity: 0.25, outlineColor: EDIT_COLOUR, outlineWidth: 2 },
      }),
      new TerraDrawLineStringMode({ styles: { lineStringColor: LINE_COLOUR, lineStringWidth: 3 } }),
      new TerraDrawSelectMode({
        allowManualDeselection: false,
        flags: {
          polygon: {
            feature: { draggable: false, coordinates: { midpoints: true, draggable: true, deletable: true } },
          },
          linestring: {
            feature: { draggable: false, coordinates: { midpoints: true, draggable: true, deletable: true } },
          },
        },
        styles: {
          selectedPolygonColor: EDIT_COLOUR,
          selectedPolygonFillOpacity: 0.25,
          selectedPolygonOutlineColor: EDIT_COLOUR,
          selectedPolygonOutlineWidth: 2,
          selectedLineStringColor: LINE_COLOUR,
          selectedLineStringWidth: 3,
          selectionPointColor: '#ffffff',
          selectionPointOutlineColor: EDIT_COLOUR,
          selectionPointWidth: 5,
          midPointColor: EDIT_COLOUR,
          midPointWidth: 3,
        },
      }),
    ],
  })
  draw.start()

  const finished = () => {
    // the one complete feature of the task; guidance points and half-drawn features are not reported
    const feature = draw
      .getSnapshot()
      .find(
        (f: GeoJSONStoreFeatures) =>
          (f.geometry.type === 'Polygon' || f.geometry.type === 'LineString') &&
          !f.properties.currentlyDrawing,
      )
    onChange(feature ? (feature.geometry as DrawnGeometry) : null)
  }

  draw.on('finish', (id, context) => {
    if (context.action !== 'draw') {
      finished()
      return
    }
    // one feature per task: a new drawing replaces the previous one, then stays editable
    const older = draw
      .getSnapshot()
      .map((f) => f.id)
      .filter((other): other is number => typeof other === 'number' && other !== id)
    if (older.length > 0) draw.removeFeatures(older)
    draw.setMode('select')
    draw.selectFeature(id)
    finished()
  })
  draw.on('change', (_ids, type) => {
    if (type === 'update' || type === 'delete') finished()
  })

  if (task.kind === 'edit') {
    const [added] = draw.addFeatures([
      { type: 'Feature', id: nextId++, geometry: task.polygon, properties: { mode: 'polygon' } },
    ])
    draw.setMode('select')
    if (added?.valid) draw.selectFeature(added.id as number)
    onChange(task.polygon)
  } else {
    draw.setMode(task.kind === 'line' ? 'linestring' : 'polygon')
    onChange(null)
  }

  return () => {
    try {
      draw.stop()
    } catch {
      // the map may already be gone (the view unmounted first); its layers went with it
    }
  }
}
