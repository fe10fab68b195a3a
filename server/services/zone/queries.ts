import { findSettingHistory } from '../../db/history'
import type { Pool, Queryable } from '../../db/pool'
import {
  findLandSettings,
  findParcelTotals,
  findSetting,
  findZoneExtent,
  findZoneSettingsVersion,
} from '../../db/zone'
import { BASEMAP_PMTILES_PATH } from '../../domain/tiles'
import { m2ToMu, round } from '../../domain/units'

/** The land schedule settings and the version an edit of them must carry. */
export async function zoneSettings(db: Queryable) {
  return { ...(await findLandSettings(db)), version: await findZoneSettingsVersion(db) }
}

/** The latest `limit` changes of the zone settings, newest first (each: actor, time, `changes` key → {from, to}). */
export async function zoneSettingsHistory(db: Queryable, limit: number) {
  return { changes: await findSettingHistory(db, limit) }
}

/** The zone at a glance: its name, extent, today, and its parcels counted with the area available. */
export async function zoneOverview(deps: {
  pool: Pool
  today: () => string
  basemapStyleUrl: string | null
  basemapPmtiles?: string | null
}) {
  const [bbox, name, totals] = await Promise.all([
    findZoneExtent(deps.pool),
    findSetting<string>(deps.pool, 'zone_name'),
    findParcelTotals(deps.pool),
  ])
  return {
    name: name ?? 'Guatu',
    bbox,
    today: deps.today(),
    time_zone: 'Asia/Shanghai',
    basemap_style_url: deps.basemapStyleUrl,
    // the intranet basemap's archive (GUATU_BASEMAP_PMTILES), read with range requests by the pmtiles protocol
    basemap_pmtiles_url: deps.basemapPmtiles ? BASEMAP_PMTILES_PATH : null,
    parcels: { count: totals.count, available_mu: round(m2ToMu(totals.availableM2), 2) },
  }
}
