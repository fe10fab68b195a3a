import 'maplibre-gl/dist/maplibre-gl.css'
import { useQueryClient } from '@tanstack/react-query'
import turfBbox from '@turf/bbox'
import type { FeatureCollection } from 'geojson'
import {
  type FeatureIdentifier,
  type GeoJSONSource,
  Map as MapLibreMap,
  Marker,
  NavigationControl,
  ScaleControl,
  setWorkerUrl,
} from 'maplibre-gl'
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url'
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { M2_PER_MU } from '../../server/domain/units'
import type { Sector } from '../../server/domain/vocabulary'
import type { ParcelTileUpdate } from '../api/live-stream'
import { queries } from '../api/queries'
import type { InfrastructureCollection, ParcelMatch, ParcelReadiness, Zone } from '../api/types'
import type { ImportedParcels } from '../features/parcels/imported-parcels'
import { BASEMAP_SOURCE, basemapLayers, basemapSource, registerPmtilesProtocol } from './layers/basemap'
import {
  DISTRICT_LAND,
  DISTRICT_SOURCE,
  districtBaseLayers,
  districtSource,
  offlineStyle,
} from './layers/district-base'
import { type DrawingTask, type DrawnGeometry, startDrawing } from './layers/drawing'
import { escalationLayers } from './layers/escalation'
import {
  applyHighlights,
  highlightsLayers,
  infrastructureHighlightLayers,
  type ParcelHighlight,
} from './layers/highlights'
import { applyImported, importedLayers } from './layers/imported'
import {
  applyInfrastructureView,
  INFRASTRUCTURE_SOURCE,
  infrastructureLayers,
  infrastructureSource,
} from './layers/infrastructure'
import { INSPECTIONS_SOURCE, inspectionsLayers, inspectionsSource } from './layers/inspections'
import {
  MATCHES_POINTS_SOURCE,
  MATCHES_SOURCE,
  matchesLayers,
  matchesPointsSource,
  matchesSource,
  matchesToFeatures,
  matchesToPoints,
} from './layers/matches'
import { MEASURE_SOURCE, measureFeatures, measureLayers, measureSource } from './layers/measure'
import {
  isEfficiencyMode,
  LOCAL_IDEOGRAPH_FONT_FAMILY,
  PARCELS_FILL,
  PARCELS_LABEL,
  PARCELS_OUTLINE,
  PARCELS_SOURCE,
  type ParcelColourMode,
  parcelFeature,
  parcelFillColour,
  parcelFillOpacity,
  parcelOutlineOpacity,
  parcelsLabelLayers,
  parcelsLayers,
  parcelsSource,
  parcelTileRequest,
  reloadParcelTiles,
} from './layers/parcels'
import {
  applyProjectsView,
  PROJECTS_SOURCE,
  type ProjectWithHistory,
  projectsLayers,
  projectsSource,
  projectsToFeatures,
} from './layers/projects'
import { mapDrawn } from './map-drawn'
import { watchPointer } from './map-pointer'
import type { LonLat } from './measure'
import { OVERLAY_LAYER_IDS, OVERLAYS, type OverlayVisibility, type Selection } from './overlays'
import { type DescribeParcel, watchParcelTooltip } from './parcel-tooltip'
import { useInspectionPoints } from './use-inspection-points'
import { useParcelEfficiency } from './use-parcel-efficiency'
import { useParcelEscalation } from './use-parcel-escalation'
import { useParcelReadiness } from './use-parcel-readiness'

// MapLibre 6 loads its worker as a module; Vite has to hand it the bundled URL
setWorkerUrl(workerUrl)

declare global {
  interface Window {
    /** The live map, for browser tests and debugging; set once the map has loaded. */
    __guatuMap?: MapLibreMap
  }
}

export type ParcelView = { colourMode: ParcelColourMode; asOf: string | null; availableBy: string | null }

/** Where the map looks: [lon, lat] and, when known, the zoom. */
export type MapCamera = { center: [number, number]; zoom?: number }

/**
 * The map's picture for a briefing, once what the map shows is drawn: its canvas, the ground metres one canvas
 * pixel spans at the centre (for a scale bar) and the bearing in degrees (for a north arrow).
 */
export type MapSnapshot = {
  capture: () => Promise<{ canvas: HTMLCanvasElement; metresPerPixel: number; bearing: number }>
}

// Web Mercator: the equator's length over a 512-pixel world at zoom 0
const EQUATOR_M = 40_075_016.686

function captureOf(map: MapLibreMap) {
  return mapDrawn(map).then(() => {
    const canvas = map.getCanvas()
    const cssWidth = canvas.clientWidth || canvas.width
    const metresPerCssPixel =
      (EQUATOR_M * Math.cos((map.getCenter().lat * Math.PI) / 180)) / (512 * 2 ** map.getZoom())
    return {
      canvas,
      metresPerPixel: (metresPerCssPixel * cssWidth) / canvas.width,
      bearing: map.getBearing(),
    }
  })
}

type MapViewProps = {
  zone: Zone
  /** where the parcel tiles changed (the live stream): each new update fetches them again there */
  parcelTiles?: ParcelTileUpdate | null
  /** the forecasts of the parcels around the view, each time they arrive */
  onReadiness?: (parcels: readonly ParcelReadiness[]) => void
  /** with their stage history when time playback has fetched it */
  projects: readonly ProjectWithHistory[] | undefined
  infrastructure: InfrastructureCollection | undefined
  visibility: OverlayVisibility
  selection: Selection | null
  onSelect: (selection: Selection | null) => void
  /** how parcels are coloured, the as-of date of the time slider (projects and infrastructure follow it too), and
   *  the "available by" filter */
  parcelView?: ParcelView
  /** the leaders' chart filter: only this sector's projects */
  sector?: Sector | null
  /** parcels a dashboard filter picks out (a month of land supply, an owner's late parcels) */
  highlight?: ParcelHighlight | null
  /** a terra-draw task while an officer draws or edits geometry; clicks do not select meanwhile */
  drawing?: { task: DrawingTask; onDrawn: (geometry: DrawnGeometry | null) => void } | null
  /** while picking parcels (to merge them), clicks on parcels call onPick instead of selecting */
  picking?: { ids: readonly number[]; onPick: (id: number) => void } | null
  /** fit the map to this parcel; a new nonce fits again */
  focus?: { id: number; nonce: number } | null
  /** the measuring tool: clicks add points (nothing is selected meanwhile), the sketch is drawn through them */
  measuring?: {
    mode: 'distance' | 'area'
    points: readonly LonLat[]
    onPoint: (point: LonLat) => void
  } | null
  /** placing a project by hand: a click (or a tap) gives its point, and nothing is selected meanwhile */
  placing?: { onPoint: (point: LonLat) => void } | null
  /** fit the map to this box ([w, s, e, n], a point when w = e and s = n); a new nonce fits again */
  view?: { bbox: [number, number, number, number]; nonce: number } | null
  /** parcels ranked for a project by "find sites", highlighted by the matches overlay */
  matches?: readonly ParcelMatch[] | null
  /** the parcels an import just wrote ("show imported"): highlighted, overlaps outlined; a new nonce fits to them */
  imported?: ImportedParcels | null
  /** where the first map looks (a shared link); the zone's extent otherwise */
  initialCamera?: MapCamera | null
  /** the camera once the map has loaded and after each move */
  onCamera?: (camera: MapCamera) => void
  /** a way to take the map's picture once it has loaded (null when it goes), for the briefing export */
  onSnapshot?: (snapshot: MapSnapshot | null) => void
}

// around the demo district (113.45°E, 22.55°N), for a zone without parcels yet
const FALLBACK_BBOX: [number, number, number, number] = [113.38, 22.5, 113.52, 22.6]

function featureOf(kind: Selection['kind'], id: number): FeatureIdentifier {
  if (kind === 'parcel') return parcelFeature(id)
  return { source: kind === 'project' ? PROJECTS_SOURCE : INFRASTRUCTURE_SOURCE, id }
}

/** Keeps the district clear of the layer and legend cards on the left when there is room for it. */
/** The whole district at start: beside the layer and legend cards, as the README's screenshots show it. */
function districtPadding(container: HTMLElement) {
  const wide = container.clientWidth > 720 && container.clientHeight > 400
  return wide ? { top: 32, bottom: 32, left: 200, right: 56 } : 16
}

/** A fit to what was picked (a parcel, an import, a search hit, matches): clear of every card and toolbar. */
function fitPadding(container: HTMLElement) {
  const wide = container.clientWidth > 720 && container.clientHeight > 400
  // clear of the layer and legend cards on the left (about 260 px), the edit toolbar and notes on top
  return wide ? { top: 96, bottom: 40, left: 280, right: 64 } : 16
}

function cameraOf(map: MapLibreMap): MapCamera {
  const centre = map.getCenter()
  return { center: [centre.lng, centre.lat], zoom: map.getZoom() }
}

/**
 * The map, and the only owner of the maplibregl.Map: it makes the map, adds every source and layer, and applies
 * the state the features give it (selection, highlights, colour mode, as-of date, filters, drawing, matches)
 * through the overlays' functions in layers/. Features never hold the map.
 */
export function MapView({
  zone,
  parcelTiles,
  onReadiness,
  projects,
  infrastructure,
  visibility,
  selection,
  onSelect,
  parcelView,
  sector = null,
  highlight = null,
  drawing,
  picking,
  focus,
  view,
  measuring,
  placing,
  matches,
  imported = null,
  initialCamera,
  onCamera,
  onSnapshot,
}: MapViewProps) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const containerRef = useRef<HTMLDivElement>(null)
  const mapRef = useRef<MapLibreMap | null>(null)
  const onSelectRef = useRef(onSelect)
  const onCameraRef = useRef(onCamera)
  const onSnapshotRef = useRef(onSnapshot)
  const drawingRef = useRef(drawing)
  const pickingRef = useRef(picking)
  const measuringRef = useRef(measuring)
  const placingRef = useRef(placing)
  // the first map looks where a shared link says, once
  const initialCameraRef = useRef(initialCamera)
  // the tiles' data version (of the last change event), read by transformRequest for every tile request
  const tileVersionRef = useRef<string | null>(null)
  const readinessSettledRef = useRef(false)
  const [loaded, setLoaded] = useState(false)
  const [ready, setReady] = useState(false)
  // the hover tooltip's words, in the language shown now
  const describeParcelRef = useRef<DescribeParcel>(() => ({ title: '', lines: [] }))
  useEffect(() => {
    describeParcelRef.current = (properties) => {
      const mu = Number(properties.area_mu)
      return {
        title: String(properties.code ?? ''),
        lines: [
          properties.name ? String(properties.name) : '',
          t(`parcelStatus.${String(properties.status)}` as 'parcelStatus.planned'),
          Number.isFinite(mu)
            ? t('mapTools.tooltip.area', {
                mu: mu.toFixed(2),
                m2: Math.round(mu * M2_PER_MU).toLocaleString('en-US'),
              })
            : '',
        ].filter(Boolean),
      }
    }
  }, [t])

  useEffect(() => {
    onSelectRef.current = onSelect
    onCameraRef.current = onCamera
    onSnapshotRef.current = onSnapshot
  }, [onSelect, onCamera, onSnapshot])
  useEffect(() => {
    drawingRef.current = drawing
    pickingRef.current = picking
    measuringRef.current = measuring
    placingRef.current = placing
  }, [drawing, picking, measuring, placing])

  const [minLon, minLat, maxLon, maxLat] = zone.bbox ?? FALLBACK_BBOX
  const basemap = zone.basemap_style_url
  const pmtilesPath = zone.basemap_pmtiles_url

  useEffect(() => {
    const container = containerRef.current
    if (!container) return
    const origin = window.location.origin
    if (pmtilesPath) registerPmtilesProtocol()
    const map = new MapLibreMap({
      container,
      style: basemap ?? offlineStyle,
      transformRequest: (url, resourceType) => parcelTileRequest(url, resourceType, tileVersionRef.current),
      bounds: [minLon, minLat, maxLon, maxLat],
      fitBoundsOptions: { padding: districtPadding(container) },
      // the offline style has nothing to attribute; a configured basemap brings its own attribution
      attributionControl: basemap ? { compact: true } : false,
      // labels are drawn with the browser's own fonts: nothing is fetched for them
      localIdeographFontFamily: LOCAL_IDEOGRAPH_FONT_FAMILY,
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
      map.addSource(INSPECTIONS_SOURCE, inspectionsSource)
      map.addSource(MEASURE_SOURCE, measureSource)
      const layers = [
        ...(basemap ? [] : districtBaseLayers),
        ...parcelsLayers,
        ...escalationLayers,
        ...highlightsLayers,
        ...importedLayers,
        ...infrastructureHighlightLayers,
        ...infrastructureLayers,
        ...parcelsLabelLayers,
        ...projectsLayers,
        ...inspectionsLayers,
        ...matchesLayers,
        ...measureLayers,
      ]
      for (const layer of layers) map.addLayer(layer)
      // the intranet basemap under everything of ours but the district's land
      if (pmtilesPath) {
        map.addSource(BASEMAP_SOURCE, basemapSource(origin, pmtilesPath))
        const above = layers[layers.findIndex((layer) => layer.id === DISTRICT_LAND) + 1]?.id
        for (const layer of basemapLayers) map.addLayer(layer, above)
      }
      const camera = initialCameraRef.current
      if (camera) {
        initialCameraRef.current = null
        map.jumpTo({ center: camera.center, ...(camera.zoom !== undefined ? { zoom: camera.zoom } : {}) })
      }
      window.__guatuMap = map
      setLoaded(true)
      onCameraRef.current?.(cameraOf(map))
      onSnapshotRef.current?.({ capture: () => captureOf(map) })
    })
    map.on('moveend', () => onCameraRef.current?.(cameraOf(map)))

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

    // while measuring, a click (or a tap) adds a point and selects nothing
    map.on('click', (event) => {
      const point: LonLat = [event.lngLat.lng, event.lngLat.lat]
      measuringRef.current?.onPoint(point)
      placingRef.current?.onPoint(point)
    })
    const busy = () =>
      Boolean(drawingRef.current) || Boolean(measuringRef.current) || Boolean(placingRef.current)
    watchPointer(map, {
      drawing: busy,
      picking: () => pickingRef.current?.onPick ?? null,
      select: (next) => onSelectRef.current(next),
    })
    watchParcelTooltip(map, () => describeParcelRef.current, busy)

    return () => {
      if (window.__guatuMap === map) delete window.__guatuMap
      onSnapshotRef.current?.(null)
      map.remove()
      mapRef.current = null
      setLoaded(false)
      setReady(false)
    }
    // a new extent or basemap makes a new map
  }, [minLon, minLat, maxLon, maxLat, basemap, pmtilesPath])

  // after a change the tiles come again under its version (a cache may hold the old ones)
  useEffect(() => {
    const map = mapRef.current
    if (!loaded || !map || !parcelTiles) return
    tileVersionRef.current = parcelTiles.version
    reloadParcelTiles(map, window.location.origin, parcelTiles.change)
  }, [loaded, parcelTiles])

  useInspectionPoints(loaded ? mapRef.current : null)

  useParcelReadiness(loaded ? mapRef.current : null, (parcels) => {
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
  useParcelEscalation(loaded ? mapRef.current : null, colourMode === 'escalation', visibility.parcels)
  // grades and commitments come from their own endpoint, asked for only while the map is coloured by them
  useParcelEfficiency(loaded ? mapRef.current : null, isEfficiencyMode(colourMode))
  const asOf = parcelView?.asOf ?? null
  const availableByDate = parcelView?.availableBy ?? null
  // the forecast is feature-state: the slider, playback and "available by" change paint, never the tiles
  useEffect(() => {
    const map = mapRef.current
    if (!loaded || !map) return
    map.setPaintProperty(PARCELS_FILL, 'fill-color', parcelFillColour(colourMode, asOf))
    map.setPaintProperty(PARCELS_FILL, 'fill-opacity', parcelFillOpacity(asOf, availableByDate))
    map.setPaintProperty(PARCELS_OUTLINE, 'line-opacity', parcelOutlineOpacity(availableByDate))
    map.setPaintProperty(PARCELS_LABEL, 'text-opacity', parcelOutlineOpacity(availableByDate))
  }, [loaded, colourMode, asOf, availableByDate])

  // playback date and chart filter: projects at their stage then (one sector), infrastructure as it stood then
  useEffect(() => {
    const map = mapRef.current
    if (!loaded || !map) return
    applyProjectsView(map, { asOf, sector })
    applyInfrastructureView(map, asOf)
  }, [loaded, asOf, sector])

  useEffect(() => {
    const map = mapRef.current
    if (!loaded || !map) return
    applyHighlights(map, highlight)
  }, [loaded, highlight])

  useEffect(() => {
    const map = mapRef.current
    if (!loaded || !map) return
    applyImported(map, imported ?? null)
    const box = imported?.bbox
    if (box) {
      map.fitBounds([box[0], box[1], box[2], box[3]], {
        padding: fitPadding(map.getContainer()),
        maxZoom: 17,
        duration: 600,
      })
    }
  }, [loaded, imported])

  const drawingTask = drawing?.task
  useEffect(() => {
    const map = mapRef.current
    if (!loaded || !map || !drawingTask) return
    // the hover cursor is MapLibre's until now; terra-draw sets its own from here on
    map.getCanvas().style.cursor = ''
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
    // the tiles hold what is in view; the parcel's outline comes from the API (the query its panel shares)
    let current = true
    queryClient.fetchQuery(queries.parcel(focusId)).then(
      (feature) => {
        if (!current) return
        const [w, s, e, n] = turfBbox(feature)
        map.fitBounds([w, s, e, n], { padding: fitPadding(map.getContainer()), maxZoom: 16, duration: 600 })
      },
      (error: unknown) => {
        if (current) console.warn('could not find the parcel to show', error)
      },
    )
    return () => {
      current = false
    }
  }, [loaded, focusNonce])

  const measureMode = measuring?.mode ?? null
  const measurePoints = measuring?.points
  useEffect(() => {
    const map = mapRef.current
    if (!loaded || !map) return
    const source = map.getSource<GeoJSONSource>(MEASURE_SOURCE)
    source?.setData(measureFeatures(measureMode ?? 'distance', measureMode ? (measurePoints ?? []) : []))
    map.getCanvas().style.cursor = measureMode ? 'crosshair' : ''
    // two quick clicks are two points, not a zoom
    if (measureMode) map.doubleClickZoom.disable()
    else map.doubleClickZoom.enable()
  }, [loaded, measureMode, measurePoints])

  const placingActive = Boolean(placing)
  useEffect(() => {
    const map = mapRef.current
    if (!loaded || !map) return
    map.getCanvas().style.cursor = placingActive ? 'crosshair' : ''
    // the attribute marks the state for browser tests
    map.getContainer().dataset.placing = String(placingActive)
  }, [loaded, placingActive])

  const viewNonce = view?.nonce
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new nonce asks for a new fit
  useEffect(() => {
    const map = mapRef.current
    if (!loaded || !map || !view) return
    const [w, s, e, n] = view.bbox
    map.fitBounds([w, s, e, n], { padding: fitPadding(map.getContainer()), maxZoom: 16, duration: 600 })
  }, [loaded, viewNonce])

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

  // the matches in view once per ranking: a refetch with the same parcels redraws them without moving the map
  const fittedMatchesRef = useRef('')
  useEffect(() => {
    const map = mapRef.current
    if (!loaded || !map) return
    const points = matchesToPoints(matches ?? [])
    map.getSource<GeoJSONSource>(MATCHES_SOURCE)?.setData(matchesToFeatures(matches ?? []))
    map.getSource<GeoJSONSource>(MATCHES_POINTS_SOURCE)?.setData(points)
    // the rank numbers, the same as the list's (issue 15): HTML markers, as the offline style has no glyphs
    const rankMarkers = points.features.map((feature) => {
      const element = document.createElement('div')
      element.className = 'match-rank-marker'
      element.textContent = String(feature.properties.rank)
      element.dataset.rank = String(feature.properties.rank)
      element.setAttribute('aria-hidden', 'true')
      return new Marker({ element }).setLngLat(feature.geometry.coordinates as [number, number]).addTo(map)
    })
    const removeMarkers = () => {
      for (const marker of rankMarkers) marker.remove()
    }
    const ranked = (matches ?? []).map((match) => match.parcel_id).join(',')
    if (ranked === fittedMatchesRef.current) return removeMarkers
    fittedMatchesRef.current = ranked
    if (points.features.length === 0) return removeMarkers
    const lons = points.features.map((f) => f.geometry.coordinates[0] ?? 0)
    const lats = points.features.map((f) => f.geometry.coordinates[1] ?? 0)
    map.fitBounds([Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)], {
      padding: fitPadding(map.getContainer()),
      maxZoom: 15,
    })
    return removeMarkers
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
