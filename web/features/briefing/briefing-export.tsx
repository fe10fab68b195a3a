import type { Map as MapLibreMap } from 'maplibre-gl'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { api } from '../../api/client'
import type { BriefingBody } from '../../api/types'
import { apiErrorMessage } from '../milestones/api-error-message'
import { composeBriefingPng, mapPngBase64, saveBlob } from './compose-briefing'

type BriefingExportProps = {
  map: MapLibreMap | null
  /** what the briefing shows besides the map; null while the figures load */
  briefing: Omit<BriefingBody, 'map_png'> | null
}

/** Waits for the map to finish drawing what it shows, so the exported image is the current view. */
function mapDrawn(map: MapLibreMap): Promise<void> {
  return new Promise((resolve) => {
    if (map.loaded() && !map.isMoving()) {
      map.once('render', () => resolve())
      map.triggerRepaint()
    } else {
      map.once('idle', () => resolve())
    }
  })
}

/** 导出简报: the current view as a PNG (composed here) or an A3 landscape PDF (rendered by the server). */
export function BriefingExport({ map, briefing }: BriefingExportProps) {
  const { t } = useTranslation()
  const [busy, setBusy] = useState<'png' | 'pdf' | null>(null)
  const [error, setError] = useState<string | null>(null)

  const run = async (kind: 'png' | 'pdf') => {
    if (!map || !briefing) return
    setBusy(kind)
    setError(null)
    try {
      await mapDrawn(map)
      const canvas = map.getCanvas()
      const name = `${t('leader.briefing.fileName')}-${briefing.date}.${kind}`
      if (kind === 'png') saveBlob(await composeBriefingPng(canvas, briefing), name)
      else saveBlob(await api.briefingPdf({ ...briefing, map_png: mapPngBase64(canvas) }), name)
    } catch (failure) {
      setError(t('leader.briefing.failed', { message: apiErrorMessage(failure) }))
    } finally {
      setBusy(null)
    }
  }

  const disabled = !map || !briefing || busy !== null
  return (
    <div className="briefing-export">
      <span className="map-card-title">{t('leader.briefing.title')}</span>
      <button type="button" className="button-small" disabled={disabled} onClick={() => run('png')}>
        {busy === 'png' ? t('leader.briefing.working') : t('leader.briefing.png')}
      </button>
      <button type="button" className="button-small" disabled={disabled} onClick={() => run('pdf')}>
        {busy === 'pdf' ? t('leader.briefing.working') : t('leader.briefing.pdf')}
      </button>
      {error && (
        <p className="panel-error" role="alert">
          {error}
        </p>
      )}
    </div>
  )
}
