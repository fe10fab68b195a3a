import { useQuery } from '@tanstack/react-query'
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl'
import { useEffect, useState } from 'react'
import { queryKeys } from '../api/query-keys'
import { fieldApi } from '../features/field/field-api'
import { INSPECTIONS_SOURCE } from './layers/inspections'

type Box = [number, number, number, number]

function viewOf(map: MapLibreMap): Box {
  const b = map.getBounds()
  // rounded, so that a small pan asks for the same box (and the query cache answers)
  const r = (v: number) => Math.round(v * 100) / 100
  return [r(b.getWest()) - 0.01, r(b.getSouth()) - 0.01, r(b.getEast()) + 0.01, r(b.getNorth()) + 0.01]
}

/**
 * Keeps the inspection points of the view in their source: asked for the view when the map comes to rest (from
 * zoom 13, where the layer shows), and again when inspections change (an upload here, or the live stream).
 */
export function useInspectionPoints(map: MapLibreMap | null) {
  const [box, setBox] = useState<Box | null>(null)
  useEffect(() => {
    if (!map) return
    const update = () => setBox(map.getZoom() >= 13 ? viewOf(map) : null)
    update()
    map.on('moveend', update)
    return () => {
      map.off('moveend', update)
    }
  }, [map])
  const query = useQuery({
    queryKey: [...queryKeys.inspections, 'points', ...(box ?? [])],
    queryFn: ({ signal }) => fieldApi.inspectionPoints(box ?? [0, 0, 0, 0], signal),
    enabled: box !== null,
  })
  useEffect(() => {
    if (!map || !query.data) return
    map.getSource<GeoJSONSource>(INSPECTIONS_SOURCE)?.setData(query.data)
  }, [map, query.data])
}
