import type { FeatureCollection, Point } from 'geojson'
import type {
  ExpressionSpecification,
  FilterSpecification,
  GeoJSONSourceSpecification,
  LayerSpecification,
  Map as MapLibreMap,
} from 'maplibre-gl'
import { PROJECT_STAGE_COLOURS } from '../../../server/domain/colours'
import { PROJECT_STAGES, type ProjectStage, type Sector } from '../../../server/domain/vocabulary'
import type { Project } from '../../api/types'

export const PROJECTS_SOURCE = 'projects'
export const PROJECTS_CIRCLE = 'projects-circle'

/** The property holding the date a project entered `stage` (its latest entry), e.g. `signed_on`. */
type StageDateKey = `${ProjectStage}_on`
const stageDateKey = (stage: ProjectStage): StageDateKey => `${stage}_on`

export type ProjectPointProperties = {
  id: number
  name: string
  stage: ProjectStage
  sector: Sector
  investment_wan: number
  /** the first date the project is known on the map (its lead date); null when unknown */
  first_on: string | null
} & Partial<Record<StageDateKey, string | null>>

/** A project with the stage history GET /api/projects/:id gives, when it has been fetched. */
export type ProjectWithHistory = Project & {
  lead_on?: string | null
  stage_history?: readonly { stage: ProjectStage; entered_on: string }[]
}

export const projectsSource: GeoJSONSourceSpecification = {
  type: 'geojson',
  data: { type: 'FeatureCollection', features: [] },
  promoteId: 'id',
}

/** The date each stage was (last) entered: from the history when known, else from the list's own dates. */
function stageDates(project: ProjectWithHistory): Partial<Record<StageDateKey, string | null>> {
  const dates: Partial<Record<StageDateKey, string | null>> = {}
  if (project.stage_history && project.stage_history.length > 0) {
    for (const entry of project.stage_history) dates[stageDateKey(entry.stage)] = entry.entered_on
    return dates
  }
  dates.lead_on = project.lead_on ?? null
  dates.signed_on = project.signed_on
  dates.land_acquired_on = project.landed_on
  return dates
}

/** The projects that have a location, as points for the projects source, with the dates of their stages. */
export function projectsToFeatures(
  projects: readonly ProjectWithHistory[],
): FeatureCollection<Point, ProjectPointProperties> {
  return {
    type: 'FeatureCollection',
    features: projects.flatMap((project) => {
      if (!project.location) return []
      const dates = stageDates(project)
      const known = Object.values(dates).filter((date): date is string => typeof date === 'string')
      return [
        {
          type: 'Feature' as const,
          id: project.id,
          geometry: project.location,
          properties: {
            id: project.id,
            name: project.name,
            stage: project.stage,
            sector: project.sector,
            investment_wan: project.investment_wan,
            first_on: [...known].sort()[0] ?? null,
            ...dates,
          },
        },
      ]
    }),
  }
}

const onOrBefore = (key: string, date: string): ExpressionSpecification => [
  '<=',
  ['coalesce', ['get', key], '9999-12-31'],
  date,
]

// latest stage first: the first stage entered on or before the date is the stage on that date
const STAGES_LATEST_FIRST: readonly ProjectStage[] = [
  'dropped',
  'in_production',
  'construction',
  'land_acquired',
  'signed',
  'negotiating',
  'lead',
]

/** The project's stage on `date` (ISO dates compare lexically); the current stage when its dates are unknown. */
export function stageOn(date: string | null): ExpressionSpecification {
  if (!date) return ['get', 'stage']
  return [
    'case',
    ...STAGES_LATEST_FIRST.flatMap((stage) => [onOrBefore(stageDateKey(stage), date), stage]),
    ['get', 'stage'],
  ] as unknown as ExpressionSpecification
}

function stageColour(date: string | null): ExpressionSpecification {
  return [
    'match',
    stageOn(date),
    ...PROJECT_STAGES.flatMap((stage) => [stage, PROJECT_STAGE_COLOURS[stage]]),
    '#888888',
  ] as unknown as ExpressionSpecification
}

/** What the projects layer shows: on a playback date only the projects known by then; optionally one sector. */
export type ProjectsView = { asOf: string | null; sector: Sector | null }

export function projectsFilter({ asOf, sector }: ProjectsView): FilterSpecification | null {
  const parts: ExpressionSpecification[] = []
  if (asOf) parts.push(['any', ['==', ['get', 'first_on'], null], onOrBefore('first_on', asOf)])
  if (sector) parts.push(['==', ['get', 'sector'], sector])
  if (parts.length === 0) return null
  return ['all', ...parts] as unknown as FilterSpecification
}

/** Applies a ProjectsView to a map that has the projects layer: a filter and a paint property, nothing rebuilt. */
export function applyProjectsView(map: MapLibreMap, view: ProjectsView): void {
  if (!map.getLayer(PROJECTS_CIRCLE)) return
  map.setFilter(PROJECTS_CIRCLE, projectsFilter(view))
  map.setPaintProperty(PROJECTS_CIRCLE, 'circle-color', stageColour(view.asOf))
}

const investmentRadius: ExpressionSpecification = [
  'interpolate',
  ['linear'],
  ['to-number', ['get', 'investment_wan'], 0],
  0,
  0,
  10000,
  1.5,
  100000,
  4,
  1000000,
  7,
]

const selected: ExpressionSpecification = ['boolean', ['feature-state', 'selected'], false]
const hover: ExpressionSpecification = ['boolean', ['feature-state', 'hover'], false]

export const projectsLayers: LayerSpecification[] = [
  {
    id: PROJECTS_CIRCLE,
    type: 'circle',
    source: PROJECTS_SOURCE,
    paint: {
      'circle-color': stageColour(null),
      // bigger investments get bigger circles (1 亿元 = 10000 万元); zoom must stay the outermost input
      'circle-radius': [
        'interpolate',
        ['linear'],
        ['zoom'],
        10,
        ['+', 3, investmentRadius, ['case', selected, 3, hover, 1.5, 0]],
        15,
        ['+', 7, investmentRadius, ['case', selected, 3, hover, 1.5, 0]],
      ],
      'circle-stroke-color': ['case', selected, '#0b1f3a', '#ffffff'],
      'circle-stroke-width': ['case', selected, 3, 1.5],
    },
  },
]

export const PROJECTS_LAYER_IDS = projectsLayers.map((layer) => layer.id)
