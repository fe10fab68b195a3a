import { distanceToNearestParcel, type ProjectRow, type ProjectWrite } from '../../db/projects'
import { type Messages, messagesOf } from '../../domain/messages'
import type { ProjectCreate, ProjectPatch } from '../../domain/project'
import { reasonMessages } from '../../domain/reasons'
import { type ApiError, fail } from '../../errors'
import type { Tx } from '../write'

export function badRequest(
  path: string,
  message: string,
  messages: Messages = reasonMessages(message),
): ApiError {
  return fail(400, 'validation_failed', 'request.invalid', { reason: messages }, [{ path, message }])
}

/** The columns a create or a patch writes. */
export function projectWrite(input: Omit<ProjectPatch, 'version' | 'reason'> | ProjectCreate): ProjectWrite {
  const { needs, ...rest } = input as ProjectWrite & { needs?: ProjectWrite['needs'] }
  return { ...rest, needs }
}

/** Needs as they will be after a patch: the new values over the stored ones, so min ≤ max holds across both. */
export function checkNeeds(current: ProjectRow['needs'], patch: ProjectWrite['needs']) {
  const min = patch?.area_mu_min !== undefined ? patch.area_mu_min : current.area_mu_min
  const max = patch?.area_mu_max !== undefined ? patch.area_mu_max : current.area_mu_max
  if (min != null && max != null && min > max) {
    throw badRequest('needs.area_mu_min', `area_mu_min ${min} is more than area_mu_max ${max}`)
  }
}

/** An expansion's existing site, locked while its point becomes the project's location; 400 when it is none. */
export async function lockExistingParcel(tx: Tx, id: number | null | undefined) {
  if (id != null && !(await tx.lock('parcels', [id])).has(id)) {
    throw badRequest('existing_parcel_id', `no parcel ${id}`)
  }
}

/** The recorded fields of a project (its version is not a change of its own). */
export function projectFields(p: ProjectRow): Record<string, unknown> {
  const { version: _v, ...rest } = p
  return rest
}

/**
 * How far from the zone's nearest parcel a project may be placed: a site farther off is a slip (longitude and
 * latitude swapped, another city's coordinates), not a site in the zone.
 */
export const LOCATION_REACH_M = 10_000

/** 400 when a project's location lies farther than LOCATION_REACH_M from every parcel of the zone. */
export async function checkLocation(tx: Tx, location: { coordinates: number[] } | null | undefined) {
  if (!location) return
  const [lon = 0, lat = 0] = location.coordinates
  if ((await distanceToNearestParcel(tx.db, lon, lat, LOCATION_REACH_M)) !== null) return
  const params = { lon: lon.toFixed(6), lat: lat.toFixed(6), km: LOCATION_REACH_M / 1000 }
  throw badRequest(
    'location',
    `location ${params.lon}, ${params.lat} is more than ${params.km} km from every parcel of the zone`,
    messagesOf('project.location_far', params),
  )
}
