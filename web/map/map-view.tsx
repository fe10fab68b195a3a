import 'maplibre-gl/dist/maplibre-gl.css'
import type { FeatureCollection } from 'geojson'
import {
  type FeatureIdentifier,
  type GeoJSONSource,
  Map as MapLibreMap,
  type MapMouseEvent,
  NavigationControl,
  ScaleControl,
  setWorkerUrl,
} from 'maplibre-gl'
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url'
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { InfrastructureCollection, ParcelCollection, Project, Zone } from '../api/types'
import { DISTRICT_SOURCE, districtBaseLayers, districtSource, offlineStyle } from './layers/district-base'
import { INFRASTRUCTURE_SOURCE, infrastructureLayers, infrastructureSource } from './layers/infrastructure'
import { PARCELS_FILL, PARCELS_SOURCE, parcelsLayers, parcelsSource } from './layers/parcels'
import {
  PROJECTS_CIRCLE,
  PROJECTS_SOURCE,
  projectsLayers,
  projectsSource,
  projectsToFeatures,
} from './layers/projects'
import { OVERLAY_LAYER_IDS, OVERLAYS, type OverlayVisibility, type Selection } from './overlays'

// MapLibre 6 loads its worker as a module; Vite has to hand it the bundled URL
setWorkerUrl(workerUrl)

declare global {
  interface Window {
    /** The live map, for browser tests and debugging; set once the map has loaded. */
    __guatuMap?: MapLibreMap
  }
}

type MapViewProps = {
  zone: Zone
  parcels: ParcelCollection | undefined
  projects: readonly Project[] | undefined
  infrastructure: InfrastructureCollection | undefined
  visibility: OverlayVisibility
  selection: Selection | null
  onSelect: (selection: Selection | null) => void
}

// around the demo district (113.45°E, 22.55°N), for a zone without parcels yet
const FALLBACK_BBOX: [number, number, number, number] = [113.38, 22.5, 113.52, 22.6]

const SOURCE_OF: Record<Selection['kind'], string> = { parcel: PARCELS_SOURCE, project: PROJECTS_SOURCE }

/** Keeps the district clear of the layer and legend cards on the left when there is room for it. */
function fitPadding(container: HTMLElement) {
  const wide = container.clientWidth > 720 && container.clientHeight > 400
  return wide ? { top: 32, bottom: 32, left: 200, right: 56 } : 16
}

export function MapView({
  zone,
  parcels,
  projects,
  infrastructure,
  visibility,
  selection,
  onSelect,
}: MapViewProps) {
  const { t } = useTranslation()
  const containerRef = useRef<HTMLDivElement>(null)
  const mapRef = useRef<MapLibreMap | null>(null)
  const onSelectRef = useRef(onSelect)
  const parcelsSetRef = useRef(false)
  const [loaded, setLoaded] = useState(false)
  const [ready, setReady] = useState(false)

  useEffect(() => {
    onSelectRef.current = onSelect
  }, [onSelect])

  const [minLon, minLat, maxLon, maxLat] = zone.bbox ?? FALLBACK_BBOX
  const basemap = zone.basemap_style_url

  useEffect(() => {
    const container = containerRef.current
    if (!container) return
    const map = new MapLibreMap({
      container,
      style: basemap ?? offlineStyle,
      bounds: [minLon, minLat, maxLon, maxLat],
      fitBoundsOptions: { padding: fitPadding(container) },
      // the offline style has nothing to attribute; a configured basemap brings its own attribution
      attributionControl: basemap ? { compact: true } : false,
      dragRotate: false,
      pitchWithRotate: false,
      touchPitch: false,
    })
    mapRef.current = map
    parcelsSetRef.current = false
    map.touchZoomRotate.disableRotation()
    map.addControl(new NavigationControl({ showCompass: false }), 'top-right')
    map.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-right')

    map.on('load', () => {
      if (!basemap) {
        map.addSource(DISTRICT_SOURCE, districtSource([minLon, minLat, maxLon, maxLat]))
      }
      map.addSource(PARCELS_SOURCE, parcelsSource)
      map.addSource(INFRASTRUCTURE_SOURCE, infrastructureSource)
      map.addSource(PROJECTS_SOURCE, projectsSource)
      const layers = [
        ...(basemap ? [] : districtBaseLayers),
        ...parcelsLayers,
        ...infrastructureLayers,
        ...projectsLayers,
      ]
      for (const layer of layers) map.addLayer(layer)
      window.__guatuMap = map
      setLoaded(true)
    })

    map.on('idle', () => {
      if (parcelsSetRef.current && map.isSourceLoaded(PARCELS_SOURCE)) setReady(true)
    })

    let hovered: FeatureIdentifier | null = null
    const setHover = (next: FeatureIdentifier | null) => {
      if (hovered && (!next || next.source !== hovered.source || next.id !== hovered.id)) {
        map.setFeatureState(hovered, { hover: false })
      }
      if (next) map.setFeatureState(next, { hover: true })
      hovered = next
      map.getCanvas().style.cursor = next ? 'pointer' : ''
    }

    const interactiveLayers = [PROJECTS_CIRCLE, PARCELS_FILL]
    const topFeature = (event: MapMouseEvent) => {
      if (!map.getLayer(PARCELS_FILL)) return undefined
      // projects are drawn above parcels, so they win a click on both
      return map.queryRenderedFeatures(event.point, { layers: interactiveLayers })[0]
    }

    map.on('mousemove', (event) => {
      const feature = topFeature(event)
      const id = feature?.id
      setHover(feature && typeof id === 'number' ? { source: feature.source, id } : null)
    })
    map.on('mouseout', () => setHover(null))
    map.on('click', (event) => {
      const feature = topFeature(event)
      const id = Number(feature?.id)
      if (!feature || !Number.isFinite(id)) {
        onSelectRef.current(null)
      } else if (feature.layer.id === PROJECTS_CIRCLE) {
        onSelectRef.current({ kind: 'project', id })
      } else {
        onSelectRef.current({ kind: 'parcel', id })
      }
    })

    return () => {
      if (window.__guatuMap === map) delete window.__guatuMap
      map.remove()
      mapRef.current = null
      setLoaded(false)
      setReady(false)
    }
    // a new extent or basemap makes a new map
  }, [minLon, minLat, maxLon, maxLat, basemap])

  useEffect(() => {
    const map = mapRef.current
    if (!loaded || !map || !parcels) return
    map.getSource<GeoJSONSource>(PARCELS_SOURCE)?.setData(parcels)
    parcelsSetRef.current = true
  }, [loaded, parcels])

  useEffect(() => {
    const map = mapRef.current
    if (!loaded || !map || !projects) return
    map.getSource<GeoJSONSource>(PROJECTS_SOURCE)?.setData(projectsToFeatures(projects))
  }, [loaded, projects])

  useEffect(() => {
    const map = mapRef.current
    if (!loaded || !map || !infrastructure) return
    map.getSource<GeoJSONSource>(INFRASTRUCTURE_SOURCE)?.setData(infrastructure as FeatureCollection)
  }, [loaded, infrastructure])

  useEffect(() => {
    const map = mapRef.current
    if (!loaded || !map) return
    for (const overlay of OVERLAYS) {
      for (const layerId of OVERLAY_LAYER_IDS[overlay]) {
        map.setLayoutProperty(layerId, 'visibility', visibility[overlay] ? 'visible' : 'none')
      }
    }
  }, [loaded, visibility])

  const selectionKind = selection?.kind
  const selectionId = selection?.id
  useEffect(() => {
    const map = mapRef.current
    if (!loaded || !map || selectionKind === undefined || selectionId === undefined) return
    const target = { source: SOURCE_OF[selectionKind], id: selectionId }
    map.setFeatureState(target, { selected: true })
    return () => {
      if (map.getSource(target.source)) map.setFeatureState(target, { selected: false })
    }
  }, [loaded, selectionKind, selectionId])

  return (
    <div
      ref={containerRef}
      className="map-view"
      role="application"
      aria-label={t('map.label')}
      data-map-ready={ready ? 'true' : undefined}
    />
  )
}
