import {
  bumpZoneSettingsVersion,
  findLandSettings,
  lockZoneSettingsVersion,
  upsertSetting,
} from '../../db/zone'
import type { LandSettingsPatch } from '../../domain/settings'
import { reforecastEveryParcel } from '../land/reforecast'
import { type Actor, assertVersion, runWrite, type ServiceDeps } from '../write'
import { zoneSettings } from './queries'

/**
 * Changes some land schedule settings, at the version of the settings document they were read at (one version for
 * the whole document: an edit changes several keys at once). Each key changed gets its history row. A new at-risk
 * margin or serving distance changes forecasts: every parcel is re-forecast in the same transaction, so no reader
 * sees the new settings with the old forecasts (milestone durations only shape 倒排, not forecasts).
 */
export async function updateZoneSettings(
  deps: ServiceDeps,
  actor: Actor,
  input: { version: number; change: Omit<LandSettingsPatch, 'version'> },
) {
  await runWrite(deps, actor, async (tx) => {
    const version = await lockZoneSettingsVersion(tx.db)
    const before = await findLandSettings(tx.db)
    assertVersion({ version }, input.version, { ...before, version })
    const history = []
    for (const [key, value] of Object.entries(input.change)) {
      // durations are partial: merge them into the current ones rather than forget the others
      const next =
        key === 'milestone_durations' ? { ...before.milestone_durations, ...(value as object) } : value
      await upsertSetting(tx.db, key, next)
      history.push({
        entityType: 'setting' as const,
        entityId: 0,
        action: 'update' as const,
        changes: { [key]: { from: before[key as keyof typeof before], to: next } },
      })
    }
    if (history.length === 0) return
    const after = await findLandSettings(tx.db)
    if (
      after.at_risk_margin_days !== before.at_risk_margin_days ||
      after.serving_distance_m !== before.serving_distance_m
    ) {
      await reforecastEveryParcel(tx.db, tx.today)
    }
    await bumpZoneSettingsVersion(tx.db)
    await tx.record({ resource: 'zone', action: 'update', ids: [], history })
  })
  return zoneSettings(deps.pool)
}
