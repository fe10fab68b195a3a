import { findDeletedParcelIds, findParcelsById, type ParcelRow } from '../../db/parcels'
import { fail } from '../../errors'
import { assertVersion, type Tx } from '../write'

/** What a version conflict shows of a parcel: its editable fields and its version. */
export function parcelSnapshot(row: ParcelRow) {
  return {
    code: row.code,
    name: row.name,
    status: row.status,
    land_use: row.landUse,
    target_on: row.targetOn,
    version: row.version,
  }
}

/**
 * Locks parcels for a write (in id order, whatever order `ids` has) and answers for those that are gone: 409
 * `version_conflict` with no current record when the history records their deletion (a concurrent write
 * deleted, split or merged them after the client read them), else 404.
 */
export async function lockExistingParcels(tx: Tx, ids: readonly number[]) {
  const found = await tx.lock('parcels', ids)
  const missing = ids.filter((id) => !found.has(id))
  if (missing.length === 0) return
  const deleted = await findDeletedParcelIds(tx.db, missing)
  const gone = missing.find((id) => deleted.has(id))
  if (gone !== undefined) {
    throw fail(409, 'version_conflict', 'parcel.gone', { id: gone }, [{ current: null }])
  }
  throw fail(404, 'not_found', 'parcel.not_found', { id: missing[0] ?? '' })
}

/**
 * Locks the parcels a write changes and checks that each is still at the version the client sent; returns them
 * in the order given. 409 `version_conflict` (with the current record) for a stale version, see
 * `lockExistingParcels` for parcels that are gone.
 */
export async function lockParcels(
  tx: Tx,
  expected: readonly { id: number; version: number }[],
): Promise<ParcelRow[]> {
  await lockExistingParcels(
    tx,
    expected.map((e) => e.id),
  )
  const rows = new Map(
    (
      await findParcelsById(
        tx.db,
        expected.map((e) => e.id),
      )
    ).map((r) => [r.id, r]),
  )
  return expected.map(({ id, version }) => {
    const row = rows.get(id) as ParcelRow
    assertVersion(row, version, parcelSnapshot(row))
    return row
  })
}

/** `lockParcels` for one parcel. */
export async function lockParcel(tx: Tx, id: number, version: number): Promise<ParcelRow> {
  const [row] = await lockParcels(tx, [{ id, version }])
  return row as ParcelRow
}
