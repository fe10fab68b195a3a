import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { api } from '../../api/client'
import type { MapSnapshot } from '../../map/map-view'
import { type ShownError, useShownError } from '../milestones/shown-error'
import { ShareButton } from '../share/share-button'
import type { BriefingContent } from './briefing-content'
import { briefingPdfBody, composeBriefingPng, saveBlob } from './compose-briefing'

type BriefingExportProps = {
  /** the map's picture, once the map has loaded */
  snapshot: MapSnapshot | null
  /** what the briefing shows besides the map; null while the figures load */
  briefing: BriefingContent | null
}

/** 导出简报: the current view as an A3 landscape page, a PNG (drawn here) or a PDF (drawn by the server). */
export function BriefingExport({ snapshot, briefing }: BriefingExportProps) {
  const { t } = useTranslation()
  const say = useShownError()
  const [busy, setBusy] = useState<'png' | 'pdf' | null>(null)
  const [error, setError] = useState<ShownError | null>(null)

  const run = async (kind: 'png' | 'pdf') => {
    if (!snapshot || !briefing) return
    setBusy(kind)
    setError(null)
    try {
      const map = await snapshot.capture()
      const name = `${t('leader.briefing.fileName')}-${briefing.date}.${kind}`
      if (kind === 'png') saveBlob(await composeBriefingPng(map, briefing), name)
      else saveBlob(await api.briefingPdf(briefingPdfBody(map, briefing)), name)
    } catch (failure) {
      setError({ key: 'leader.briefing.failed', failure })
    } finally {
      setBusy(null)
    }
  }

  const disabled = !snapshot || !briefing || busy !== null
  return (
    <div className="briefing-export">
      <span className="map-card-title">{t('leader.briefing.title')}</span>
      <button type="button" className="button-small" disabled={disabled} onClick={() => run('png')}>
        {busy === 'png' ? t('leader.briefing.working') : t('leader.briefing.png')}
      </button>
      <button type="button" className="button-small" disabled={disabled} onClick={() => run('pdf')}>
        {busy === 'pdf' ? t('leader.briefing.working') : t('leader.briefing.pdf')}
      </button>
      <ShareButton />
      {error && (
        <p className="panel-error" role="alert">
          {say(error)}
        </p>
      )}
    </div>
  )
}
