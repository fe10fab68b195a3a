import 'maplibre-gl/dist/maplibre-gl.css'
import turfBbox from '@turf/bbox'
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
import { PARCEL_DETAIL_MINZOOM } from '../../server/domain/tiles'
import { api } from '../api/client'
import type { InfrastructureCollection, ParcelMatch, ParcelReadiness, Project, Zone } from '../api/types'
import { DISTRICT_SOURCE, districtBaseLayers, districtSource, offlineStyle } from './layers/district-base'
import { type DrawingTask, type DrawnGeometry, startDrawing } from './layers/drawing'
import { highlightsLayers } from './layers/highlights'
import {
  INFRASTRUCTURE_LINE,
  INFRASTRUCTURE_POINT,
  INFRASTRUCTURE_SOURCE,
  infrastructureLayers,
  infrastructureSource,
} from './layers/infrastructure'
import {
  MATCHES_POINTS_SOURCE,
  MATCHES_SOURCE,
  matchesLayers,
  matchesPointsSource,
  matchesSource,
  matchesToFeatures,
  matchesToPoints,
} from './layers/matches'
import {
  isDrawn,
  PARCELS_FILL,
  PARCELS_OUTLINE,
  PARCELS_OVERVIEW_FILL,
  PARCELS_SOURCE,
  type ParcelColourMode,
  parcelFeature,
  parcelFillColour,
  parcelFillOpacity,
  parcelOutlineOpacity,
  parcelsLayers,
  parcelsSource,
  parcelTileRequest,
  reloadParcelTiles,
} from './layers/parcels'
import {
  PROJECTS_CIRCLE,
  PROJECTS_SOURCE,
  projectsLayers,
  projectsSource,
  projectsToFeatures,
} from './layers/projects'
import { OVERLAY_LAYER_IDS, OVERLAYS, type OverlayVisibility, type Selection } from './overlays'
import { useParcelReadiness } from './use-parcel-readiness'

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
  /** the parcels' data version: a new one fetches their tiles and forecasts again (after a write anywhere) */
  parcelRevision: number
  /** the forecasts of the parcels around the view, each time they arrive */
  onReadiness?: (parcels: readonly ParcelReadiness[]) => void
  projects: readonly Project[] | undefined
  infrastructure: InfrastructureCollection | undefined
  visibility: OverlayVisibility
  selection: Selection | null
  onSelect: (selection: Selection | null) => void
  /** how parcels are coloured, the as-of date of the time slider, and the "available by" filter */
  parcelView?: ParcelView
  /** a terra-draw task while an officer draws or edits geometry; clicks do not select meanwhile */
  drawing?: { task: DrawingTask; onDrawn: (geometry: DrawnGeometry | null) => void } | null
  /** while picking parcels (to merge them), clicks on parcels call onPick instead of selecting */
  picking?: { ids: readonly number[]; onPick: (id: number) => void } | null
  /** fit the map to this parcel; a new nonce fits again */
  focus?: { id: number; nonce: number } | null
  /** parcels ranked for a project by "find sites", highlighted by the matches overlay */
  matches?: readonly ParcelMatch[] | null
  /** the map once its layers are added (null when it goes), for views that drive layers themselves (issue 5) */
  onMap?: (map: MapLibreMap | null) => void
}

export type ParcelView = { colourMode: ParcelColourMode; asOf: string | null; availableBy: string | null }

// around the demo district (113.45°E, 22.55°N), for a zone without parcels yet
const FALLBACK_BBOX: [number, number, number, number] = [113.38, 22.5, 113.52, 22.6]

function featureOf(kind: Selection['kind'], id: number): FeatureIdentifier {
  if (kind === 'parcel') return parcelFeature(id)
  return { source: kind === 'project' ? PROJECTS_SOURCE : INFRASTRUCTURE_SOURCE, id }
}

/** Keeps the district clear of the layer and legend cards on the left when there is room for it. */
function fitPadding(container: HTMLElement) {
  const wide = container.clientWidth > 720 && container.clientHeight > 400
  return wide ? { top: 32, bottom: 32, left: 200, right: 56 } : 16
}

export function MapView({
  zone,
  parcelRevision,
  onReadiness,
  projects,
  infrastructure,
  visibility,
  selection,
  onSelect,
  parcelView,
  drawing,
  picking,
  focus,
  matches,
  onMap,
}: MapViewProps) {
  const { t } = useTranslation()
  const containerRef = useRef<HTMLDivElement>(null)
  const mapRef = useRef<MapLibreMap | null>(null)
  const onSelectRef = useRef(onSelect)
  const onMapRef = useRef(onMap)
  const drawingRef = useRef(drawing)
  const pickingRef = useRef(picking)
  // the tiles' data version, read by transformRequest for every tile request
  const tileVersionRef = useRef(0)
  const readinessSettledRef = useRef(false)
  const [loaded, setLoaded] = useState(false)
  const [ready, setReady] = useState(false)

  useEffect(() => {
    onSelectRef.current = onSelect
    onMapRef.current = onMap
  }, [onSelect, onMap])
  useEffect(() => {
    drawingRef.current = drawing
    pickingRef.current = picking
  }, [drawing, picking])

  const [minLon, minLat, maxLon, maxLat] = zone.bbox ?? FALLBACK_BBOX
  const basemap = zone.basemap_style_url

  useEffect(() => {
    const container = containerRef.current
    if (!container) return
    const origin = window.location.origin
    const map = new MapLibreMap({
      container,
      style: basemap ?? offlineStyle,
      transformRequest: (url, resourceType) => parcelTileRequest(url, resourceType, tileVersionRef.current),
      bounds: [minLon, minLat, maxLon, maxLat],
      fitBoundsOptions: { padding: fitPadding(container) },
      // the offline style has nothing to attribute; a configured basemap brings its own attribution
      attributionControl: basemap ? { compact: true } : false,
      dragRotate: false,
      pitchWithRotate: false,
      touchPitch: false,
      // the briefing export reads the map's pixels back from the canvas
      canvasContextAttributes: { preserveDrawingBuffer: true },
    })
    mapRef.current = map
    readinessSettledRef.current = false
    map.touchZoomRotate.disableRotation()
    map.addControl(new NavigationControl({ showCompass: false }), 'top-right')
    map.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-right')

    map.on('load', () => {
      if (!basemap) {
        map.addSource(DISTRICT_SOURCE, districtSource([minLon, minLat, maxLon, maxLat]))
      }
      map.addSource(PARCELS_SOURCE, parcelsSource(origin))
      map.addSource(INFRASTRUCTURE_SOURCE, infrastructureSource)
      map.addSource(PROJECTS_SOURCE, projectsSource)
      map.addSource(MATCHES_SOURCE, matchesSource)
      map.addSource(MATCHES_POINTS_SOURCE, matchesPointsSource)
      const layers = [
        ...(basemap ? [] : districtBaseLayers),
        ...parcelsLayers,
        ...highlightsLayers,
        ...infrastructureLayers,
        ...projectsLayers,
        ...matchesLayers,
      ]
      for (const layer of layers) map.addLayer(layer)
      window.__guatuMap = map
      setLoaded(true)
      onMapRef.current?.(map)
    })

    // ready once the parcel tiles in view and the first forecasts are drawn (browser tests wait for it)
    map.on('idle', () => {
      if (
        readinessSettledRef.current &&
        map.getSource(PARCELS_SOURCE) &&
        map.isSourceLoaded(PARCELS_SOURCE)
      ) {
        setReady(true)
      }
    })

    let hovered: FeatureIdentifier | null = null
    const setHover = (next: FeatureIdentifier | null) => {
      if (hovered && (!next || next.source !== hovered.source || next.id !== hovered.id)) {
        map.setFeatureState(hovered, { hover: false })
      }
      if (next) map.setFeatureState(next, { hover: true })
      hovered = next
    }

    const interactiveLayers = [
      PROJECTS_CIRCLE,
      INFRASTRUCTURE_POINT,
      INFRASTRUCTURE_LINE,
      PARCELS_FILL,
      PARCELS_OVERVIEW_FILL,
    ]
    const topFeature = (event: MapMouseEvent) => {
      if (!map.getLayer(PARCELS_FILL)) return undefined
      // projects are drawn above parcels, so they win a click on both; a parcel the date filter hides is not there
      return map
        .queryRenderedFeatures(event.point, { layers: interactiveLayers })
        .find((feature) => feature.layer.id !== PARCELS_FILL || isDrawn(feature))
    }

    map.on('mousemove', (event) => {
      if (drawingRef.current) return
      const feature = topFeature(event)
      const id = feature?.id
      setHover(
        feature && typeof id === 'number'
          ? { source: feature.source, sourceLayer: feature.sourceLayer, id }
          : null,
      )
      map.getCanvas().style.cursor = feature ? 'pointer' : ''
    })
    map.on('mouseout', () => {
      setHover(null)
      map.getCanvas().style.cursor = ''
    })
    map.on('click', (event) => {
      // terra-draw owns the clicks while a drawing task runs
      if (drawingRef.current) return
      const feature = topFeature(event)
      // a summary cell of a dense area: zoom in to where its parcels are drawn one by one
      if (feature?.layer.id === PARCELS_OVERVIEW_FILL) {
        map.easeTo({ center: event.lngLat, zoom: Math.max(map.getZoom() + 2, PARCEL_DETAIL_MINZOOM) })
        return
      }
      const id = Number(feature?.id)
      const pick = pickingRef.current
      if (pick) {
        if (feature && Number.isFinite(id) && feature.layer.id === PARCELS_FILL) pick.onPick(id)
      } else if (!feature || !Number.isFinite(id)) {
        onSelectRef.current(null)
      } else if (feature.layer.id === PROJECTS_CIRCLE) {
        onSelectRef.current({ kind: 'project', id })
      } else if (feature.layer.id === INFRASTRUCTURE_LINE || feature.layer.id === INFRASTRUCTURE_POINT) {
        onSelectRef.current({ kind: 'infrastructure', id })
      } else {
        onSelectRef.current({ kind: 'parcel', id })
      }
    })

    return () => {
      if (window.__guatuMap === map) delete window.__guatuMap
      onMapRef.current?.(null)
      map.remove()
      mapRef.current = null
      setLoaded(false)
      setReady(false)
    }
    // a new extent or basemap makes a new map
  }, [minLon, minLat, maxLon, maxLat, basemap])

  // after a write the tiles come again under a new version (the browser may hold the old ones for 30 s)
  useEffect(() => {
    const map = mapRef.current
    if (!loaded || !map || parcelRevision === tileVersionRef.current) return
    tileVersionRef.current = parcelRevision
    reloadParcelTiles(map, window.location.origin)
  }, [loaded, parcelRevision])

  useParcelReadiness(loaded ? mapRef.current : null, parcelRevision, (parcels) => {
    readinessSettledRef.current = true
    onReadiness?.(parcels)
  })

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

  const colourMode = parcelView?.colourMode ?? 'status'
  const asOf = parcelView?.asOf ?? null
  const availableByDate = parcelView?.availableBy ?? null
  // the forecast is feature-state: the slider, playback and "available by" change paint, never the tiles
  useEffect(() => {
    const map = mapRef.current
    if (!loaded || !map) return
    map.setPaintProperty(PARCELS_FILL, 'fill-color', parcelFillColour(colourMode, asOf))
    map.setPaintProperty(PARCELS_FILL, 'fill-opacity', parcelFillOpacity(asOf, availableByDate))
    map.setPaintProperty(PARCELS_OUTLINE, 'line-opacity', parcelOutlineOpacity(availableByDate))
  }, [loaded, colourMode, asOf, availableByDate])

  const drawingTask = drawing?.task
  useEffect(() => {
    const map = mapRef.current
    if (!loaded || !map || !drawingTask) return
    setHoverCursor(map)
    return startDrawing(map, drawingTask, (geometry) => drawingRef.current?.onDrawn(geometry))
  }, [loaded, drawingTask])

  const pickedKey = picking ? picking.ids.join(',') : ''
  useEffect(() => {
    const map = mapRef.current
    if (!loaded || !map || !pickedKey) return
    const targets = pickedKey.split(',').map((id) => parcelFeature(Number(id)))
    for (const target of targets) map.setFeatureState(target, { picked: true })
    return () => {
      if (!map.getSource(PARCELS_SOURCE)) return
      for (const target of targets) map.setFeatureState(target, { picked: false })
    }
  }, [loaded, pickedKey])

  const focusNonce = focus?.nonce
  const focusId = focus?.id
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new nonce asks for a new fit
  useEffect(() => {
    const map = mapRef.current
    if (!loaded || !map || focusId === undefined || focusNonce === undefined) return
    // the tiles hold what is in view; the parcel's outline comes from the API
    const controller = new AbortController()
    api.parcel(focusId, controller.signal).then(
      (feature) => {
        const [w, s, e, n] = turfBbox(feature)
        map.fitBounds([w, s, e, n], { padding: fitPadding(map.getContainer()), maxZoom: 16, duration: 600 })
      },
      (error: unknown) => {
        if (!controller.signal.aborted) console.warn('could not find the parcel to show', error)
      },
    )
    return () => controller.abort()
  }, [loaded, focusNonce])

  const selectionKind = selection?.kind
  const selectionId = selection?.id
  useEffect(() => {
    const map = mapRef.current
    if (!loaded || !map || selectionKind === undefined || selectionId === undefined) return
    const target = featureOf(selectionKind, selectionId)
    map.setFeatureState(target, { selected: true })
    return () => {
      if (map.getSource(target.source)) map.setFeatureState(target, { selected: false })
    }
  }, [loaded, selectionKind, selectionId])

  useEffect(() => {
    const map = mapRef.current
    if (!loaded || !map) return
    const points = matchesToPoints(matches ?? [])
    map.getSource<GeoJSONSource>(MATCHES_SOURCE)?.setData(matchesToFeatures(matches ?? []))
    map.getSource<GeoJSONSource>(MATCHES_POINTS_SOURCE)?.setData(points)
    if (points.features.length === 0) return
    // bring the matches into view
    const lons = points.features.map((f) => f.geometry.coordinates[0] ?? 0)
    const lats = points.features.map((f) => f.geometry.coordinates[1] ?? 0)
    map.fitBounds([Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)], {
      padding: fitPadding(map.getContainer()),
      maxZoom: 15,
    })
  }, [loaded, matches])

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

/** The hover cursor and state are MapLibre's; terra-draw sets its own cursor from here on. */
function setHoverCursor(map: MapLibreMap) {
  map.getCanvas().style.cursor = ''
}
