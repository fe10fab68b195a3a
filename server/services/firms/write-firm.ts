import { findFirm, insertFirm, lockFirm, setFirmParcels, updateFirmRow } from '../../db/firms'
import type { FirmCreate, FirmPatch } from '../../domain/firm'
import { fail } from '../../errors'
import { type Actor, assertVersion, runWrite, type ServiceDeps } from '../write'

function noParcels(missing: number[]): never {
  throw fail(
    400,
    'validation_failed',
    'parcel.not_found',
    { id: missing.join(', ') },
    missing.map((id) => ({ path: 'parcel_ids', message: `no parcel ${id}` })),
  )
}

/**
 * POST /api/firms: a new firm with the parcels it uses, in one transaction with its history row. A name or credit
 * code already taken, or a parcel another firm uses, answers 409 (the database's unique constraints).
 */
export async function createFirm(deps: ServiceDeps, actor: Actor, input: FirmCreate) {
  const id = await runWrite(deps, actor, async (tx) => {
    const fields = { name: input.name, credit_code: input.credit_code ?? null, sector: input.sector ?? null }
    const id = await insertFirm(tx.db, fields)
    const missing = await setFirmParcels(tx.db, id, input.parcel_ids ?? [])
    if (missing.length > 0) noParcels(missing)
    await tx.record({
      resource: 'firms',
      action: 'create',
      ids: [id],
      history: [
        {
          entityType: 'firm',
          entityId: id,
          action: 'create',
          changes: { ...fields, parcel_ids: input.parcel_ids ?? [] },
        },
      ],
    })
    return id
  })
  return findFirm(deps.pool, id)
}

/** PATCH /api/firms/:id at the version it was read (409 version_conflict when stale). */
export async function updateFirm(deps: ServiceDeps, actor: Actor, id: number, patch: FirmPatch) {
  await runWrite(deps, actor, async (tx) => {
    const before = await lockFirm(tx.db, id)
    if (!before) throw fail(404, 'not_found', 'firm.not_found', { id })
    assertVersion(before, patch.version)
    const next = {
      name: patch.name ?? before.name,
      credit_code: patch.credit_code === undefined ? before.credit_code : patch.credit_code,
      sector: patch.sector === undefined ? before.sector : patch.sector,
    }
    await updateFirmRow(tx.db, id, next)
    if (patch.parcel_ids) {
      const missing = await setFirmParcels(tx.db, id, patch.parcel_ids)
      if (missing.length > 0) noParcels(missing)
    }
    const { version: _v, ...changed } = patch
    await tx.record({
      resource: 'firms',
      action: 'update',
      ids: [id],
      history: [
        {
          entityType: 'firm',
          entityId: id,
          action: 'update',
          changes: { from: before, to: changed },
        },
      ],
    })
  })
  return findFirm(deps.pool, id)
}
