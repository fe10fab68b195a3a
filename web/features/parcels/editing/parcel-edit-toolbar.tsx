import { type FormEvent, useEffect, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { LAND_USES, type LandUse } from '../../../../server/domain/vocabulary'
import { useShownError } from '../../milestones/shown-error'
import type { ParcelEditor } from './use-parcel-editor'

type ParcelEditToolbarProps = { editor: ParcelEditor; selectedParcelId: number | null }

/** Land officers' geometry tools over the map: draw, edit vertices, split, merge; and the form that finishes each. */
export function ParcelEditToolbar({ editor, selectedParcelId }: ParcelEditToolbarProps) {
  const { t } = useTranslation()
  const { mode, cancel } = editor

  useEffect(() => {
    if (!mode) return
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !(event.target instanceof HTMLInputElement)) cancel()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [mode, cancel])

  return (
    <section className="map-card edit-toolbar" aria-label={t('editing.title')}>
      {!mode ? (
        <>
          <div className="edit-buttons">
            <span className="map-card-title">{t('editing.title')}</span>
            <button type="button" className="button-small" onClick={editor.startDraw}>
              {t('editing.draw')}
            </button>
            <button
              type="button"
              className="button-small"
              disabled={selectedParcelId === null}
              title={selectedParcelId === null ? t('editing.selectFirst') : undefined}
              onClick={() => selectedParcelId !== null && editor.startEdit(selectedParcelId)}
            >
              {t('editing.editVertices')}
            </button>
            <button
              type="button"
              className="button-small"
              disabled={selectedParcelId === null}
              title={selectedParcelId === null ? t('editing.selectFirst') : undefined}
              onClick={() => selectedParcelId !== null && editor.startSplit(selectedParcelId)}
            >
              {t('editing.split')}
            </button>
            <button type="button" className="button-small" onClick={editor.startMerge}>
              {t('editing.merge')}
            </button>
          </div>
          <StartFailure editor={editor} />
        </>
      ) : (
        <EditSession editor={editor} />
      )}
    </section>
  )
}

/** An edit or split whose parcel could not be fetched never started: said beside the tools, with 关闭. */
function StartFailure({ editor }: { editor: ParcelEditor }) {
  const { t } = useTranslation()
  const say = useShownError()
  const { failure } = editor
  if (!failure) return null
  return (
    <div className="edit-start-failure">
      <p className="form-error" role="alert">
        {say({ key: `editing.${failure.kind}`, failure: failure.failure })}
      </p>
      <button type="button" className="button-small button-plain" onClick={editor.cancel}>
        {t('panel.close')}
      </button>
    </div>
  )
}

function EditSession({ editor }: { editor: ParcelEditor }) {
  const { t } = useTranslation()
  const say = useShownError()
  const id = useId()
  const { mode, drawn, busy, failure } = editor
  const [code, setCode] = useState('')
  const [name, setName] = useState('')
  const [landUse, setLandUse] = useState<LandUse>('M1')
  const [reason, setReason] = useState('')
  if (!mode) return null

  const hint =
    mode.kind === 'draw'
      ? t('editing.drawHint')
      : mode.kind === 'edit'
        ? t('editing.editHint', { code: mode.parcel.properties.code })
        : mode.kind === 'split'
          ? t('editing.splitHint', { code: mode.parcel.properties.code })
          : t('editing.mergeHint')
  const ready =
    mode.kind === 'merge'
      ? mode.ids.length >= 2
      : mode.kind === 'split'
        ? drawn?.type === 'LineString'
        : drawn?.type === 'Polygon' && (mode.kind !== 'draw' || code.trim() !== '')

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (!ready || busy) return
    if (mode.kind === 'draw') editor.saveNew({ code, name, land_use: landUse, reason })
    else if (mode.kind === 'edit') editor.saveEdit(reason)
    else if (mode.kind === 'split') editor.saveSplit()
    else editor.saveMerge(code)
  }

  return (
    <form className="edit-session" onSubmit={submit}>
      <p className="edit-hint" role="status">
        {hint}
      </p>
      {mode.kind === 'merge' && (
        <p className="edit-picked">
          {t('editing.picked', {
            count: mode.ids.length,
            codes:
              mode.ids.map((pid) => editor.findParcel(pid)?.properties.code ?? pid).join('、') ||
              t('common.none'),
          })}
        </p>
      )}
      {(mode.kind === 'draw' || mode.kind === 'merge') && (
        <div className="form-grid">
          <label htmlFor={`${id}-code`}>
            {mode.kind === 'merge' ? t('editing.mergedCode') : t('parcel.code')}
          </label>
          <input
            id={`${id}-code`}
            value={code}
            required={mode.kind === 'draw'}
            maxLength={50}
            onChange={(event) => setCode(event.target.value)}
          />
          {mode.kind === 'draw' && (
            <>
              <label htmlFor={`${id}-name`}>{t('parcel.name')}</label>
              <input
                id={`${id}-name`}
                value={name}
                maxLength={100}
                onChange={(event) => setName(event.target.value)}
              />
              <label htmlFor={`${id}-use`}>{t('parcel.landUse')}</label>
              <select
                id={`${id}-use`}
                value={landUse}
                onChange={(event) => setLandUse(event.target.value as LandUse)}
              >
                {LAND_USES.map((use) => (
                  <option key={use} value={use}>
                    {t(`landUse.${use}`)}
                  </option>
                ))}
              </select>
            </>
          )}
        </div>
      )}
      {mode.kind === 'edit' && (
        <div className="form-grid">
          <label htmlFor={`${id}-reason`}>{t('milestoneForm.reason')}</label>
          <input
            id={`${id}-reason`}
            value={reason}
            maxLength={500}
            onChange={(event) => setReason(event.target.value)}
          />
        </div>
      )}
      {failure && (
        <p className="form-error" role="alert">
          {failure.kind === 'conflict'
            ? t('editing.conflict')
            : say({ key: `editing.${failure.kind}`, failure: failure.failure })}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button-small button-accent" disabled={!ready || busy}>
          {busy ? t('milestoneForm.saving') : t(`editing.save.${mode.kind}`)}
        </button>
        <button type="button" className="button-small button-plain" onClick={editor.cancel}>
          {t('milestoneForm.cancel')}
        </button>
      </div>
    </form>
  )
}
