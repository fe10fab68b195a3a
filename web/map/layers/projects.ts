import type { FeatureCollection, Point } from 'geojson'
import type { ExpressionSpecification, GeoJSONSourceSpecification, LayerSpecification } from 'maplibre-gl'
import { PROJECT_STAGE_COLOURS } from '../../../server/domain/colours'
import { PROJECT_STAGES, type ProjectStage } from '../../../server/domain/vocabulary'
import type { Project } from '../../api/types'

export const PROJECTS_SOURCE = 'projects'
export const PROJECTS_CIRCLE = 'projects-circle'

export type ProjectPointProperties = { id: number; name: string; stage: ProjectStage; investment_wan: number }

export const projectsSource: GeoJSONSourceSpecification = {
  type: 'geojson',
  data: { type: 'FeatureCollection', features: [] },
  promoteId: 'id',
}

/** The projects that have a location, as points for the projects source. */
export function projectsToFeatures(
  projects: readonly Project[],
): FeatureCollection<Point, ProjectPointProperties> {
  return {
    type: 'FeatureCollection',
    features: projects.flatMap((project) =>
      project.location
        ? [
            {
              type: 'Feature' as const,
              id: project.id,
              geometry: project.location,
              properties: {
                id: project.id,
                name: project.name,
                stage: project.stage,
                investment_wan: project.investment_wan,
              },
            },
          ]
        : [],
    ),
  }
}

const stageColour: ExpressionSpecification = [
  'match',
  ['get', 'stage'],
  ...PROJECT_STAGES.flatMap((stage) => [stage, PROJECT_STAGE_COLOURS[stage]]),
  '#888888',
] as unknown as ExpressionSpecification

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
      'circle-color': stageColour,
      // bigger investments get bigger circles: 1 亿元 = 10000 万元
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
