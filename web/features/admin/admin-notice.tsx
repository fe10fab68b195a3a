import { useState } from 'react'
import { useShownError } from '../milestones/shown-error'

/** The outcome of the last write in an admin section: a confirmation, or the API's error. */
export type AdminNotice = { kind: 'done'; text: string } | { kind: 'failed'; error: unknown } | null

export function AdminNoticeLine({ notice }: { notice: AdminNotice }) {
  const say = useShownError()
  if (!notice) return null
  if (notice.kind === 'done') {
    return (
      <p className="admin-notice admin-notice-done" role="status">
        {notice.text}
      </p>
    )
  }
  return (
    <p className="panel-error admin-notice" role="alert">
      {say({ key: 'admin.failed', failure: notice.error })}
    </p>
  )
}

/**
 * The writes of an admin section: which one is running (a row's id, or a form's name) and the notice of the last.
 * `run` answers whether the write succeeded; a failure becomes the notice instead of an exception.
 */
export function useAdminWrite<K>() {
  const [running, setRunning] = useState<K | null>(null)
  const [notice, setNotice] = useState<AdminNotice>(null)
  const run = async (key: K, write: () => Promise<AdminNotice>): Promise<boolean> => {
    setRunning(key)
    try {
      setNotice(await write())
      return true
    } catch (error) {
      setNotice({ kind: 'failed', error })
      return false
    } finally {
      setRunning(null)
    }
  }
  return { running, notice, setNotice, run }
}
