import { INFRASTRUCTURE_LAYER_IDS } from './layers/infrastructure'
import { PARCELS_LAYER_IDS } from './layers/parcels'
import { PROJECTS_LAYER_IDS } from './layers/projects'

/** The overlays a user can switch on and off, each with the layers it owns. */
export const OVERLAYS = ['parcels', 'projects', 'infrastructure'] as const
export type Overlay = (typeof OVERLAYS)[number]
export type OverlayVisibility = Record<Overlay, boolean>

export const OVERLAY_LAYER_IDS: Readonly<Record<Overlay, readonly string[]>> = {
  parcels: PARCELS_LAYER_IDS,
  projects: PROJECTS_LAYER_IDS,
  infrastructure: INFRASTRUCTURE_LAYER_IDS,
}

/** What the side panel shows: one parcel, one project or one infrastructure item. */
export type Selection =
  | { kind: 'parcel'; id: number }
  | { kind: 'project'; id: number }
  | { kind: 'infrastructure'; id: number }
