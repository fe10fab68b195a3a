import { type FormEvent, useEffect, useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { IMPORT_CRSS } from '../../../server/domain/import/types'
import { LAND_USES } from '../../../server/domain/vocabulary'
import { type ImportFields, type ImportReport, useParcelImport } from './use-parcel-import'

const ACCEPT = '.geojson,.json,.zip,.kml,.txt'
const SHOWN_REJECTIONS = 200
const EMPTY_FIELDS: ImportFields = {
  crs: '',
  code_field: '',
  name_field: '',
  land_use_field: '',
  default_land_use: '',
}

type RejectedRow = ImportReport['rejected'][number]

function asRejections(details: unknown[]): RejectedRow[] {
  return details.filter(
    (d): d is RejectedRow => typeof d === 'object' && d !== null && 'reason' in d && 'index' in d,
  )
}

function Rejections({
  rows,
  caption = 'parcelImport.rejectedCaption',
}: {
  rows: RejectedRow[]
  caption?: 'parcelImport.rejectedCaption' | 'parcelImport.overlapsCaption'
}) {
  const { t } = useTranslation()
  if (rows.length === 0) return null
  return (
    <div className="import-rejections">
      <table className="milestones">
        <caption>{t(caption, { count: rows.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('parcelImport.row')}</th>
            <th scope="col">{t('parcelImport.code')}</th>
            <th scope="col">{t('parcelImport.reason')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.slice(0, SHOWN_REJECTIONS).map((row) => (
            <tr key={row.index}>
              <td>{row.index + 1}</td>
              <td>{row.code ?? t('common.none')}</td>
              <td>{row.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length > SHOWN_REJECTIONS && (
        <p className="panel-note">
          {t('parcelImport.moreRejected', { count: rows.length - SHOWN_REJECTIONS })}
        </p>
      )}
    </div>
  )
}

function Warnings({ warnings }: { warnings: NonNullable<ImportReport['warnings']> }) {
  const { t, i18n } = useTranslation()
  if (warnings.length === 0) return null
  const language = i18n.language === 'en' ? 'en' : 'zh-CN'
  return (
    <div className="import-rejections" role="note">
      <p className="panel-note">{t('importFiles.warningsCaption', { count: warnings.length })}</p>
      <ul>
        {warnings.slice(0, SHOWN_REJECTIONS).map((w, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: warnings have no id and never reorder
          <li key={i}>{w.message[language]}</li>
        ))}
      </ul>
    </div>
  )
}

/** The dry run's parcels with their names as decoded, so that a garbled name is seen before anything is written. */
function Preview({ parcels }: { parcels: NonNullable<ImportReport['parcels']> }) {
  const { t } = useTranslation()
  if (parcels.length === 0) return null
  return (
    <div className="import-rejections">
      <table className="milestones">
        <caption>{t('importFiles.previewCaption', { count: parcels.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('parcelImport.row')}</th>
            <th scope="col">{t('parcelImport.code')}</th>
            <th scope="col">{t('importFiles.name')}</th>
            <th scope="col">{t('importFiles.action')}</th>
            <th scope="col">{t('importFiles.area')}</th>
          </tr>
        </thead>
        <tbody>
          {parcels.slice(0, SHOWN_REJECTIONS).map((p) => (
            <tr key={p.index}>
              <td>{p.index + 1}</td>
              <td>{p.code}</td>
              <td>{p.name ?? t('common.none')}</td>
              <td>{t(`importFiles.${p.action}`)}</td>
              <td>{t('importFiles.areaValue', { mu: p.area_mu, m2: p.area_m2 })}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {parcels.length > SHOWN_REJECTIONS && (
        <p className="panel-note">
          {t('importFiles.moreParcels', { count: parcels.length - SHOWN_REJECTIONS })}
        </p>
      )}
    </div>
  )
}

function Report({ report }: { report: ImportReport }) {
  const { t } = useTranslation()
  return (
    <div role="status">
      <p className={report.dry_run ? 'panel-note' : 'schedule-saved'}>
        {t(report.dry_run ? 'parcelImport.previewSummary' : 'parcelImport.doneSummary', {
          created: report.created,
          updated: report.updated,
          rejected: report.rejected.length,
        })}
      </p>
      <p className="panel-note">
        {t('parcelImport.crsRead', {
          crs: report.crs,
          source: t(`parcelImport.crsSource.${report.crs_source}`),
        })}
      </p>
      <Warnings warnings={report.warnings ?? []} />
      <Rejections rows={report.rejected} />
      <Rejections rows={report.overlaps ?? []} caption="parcelImport.overlapsCaption" />
      {report.dry_run && <Preview parcels={report.parcels ?? []} />}
    </div>
  )
}

type ImportDialogProps = { onClose: () => void }

/**
 * Import parcels from GeoJSON, a zipped Shapefile, KML or a boundary-point TXT: choose the file, the CRS (the
 * file's by default) and the attribute fields, check it (dry run), then import; the upload shows its progress.
 */
export function ImportDialog({ onClose }: ImportDialogProps) {
  const { t } = useTranslation()
  const id = useId()
  const dialogRef = useRef<HTMLDialogElement>(null)
  const [file, setFile] = useState<File | null>(null)
  const [fields, setFields] = useState<ImportFields>(EMPTY_FIELDS)
  const { state, run, cancel } = useParcelImport()

  useEffect(() => {
    const dialog = dialogRef.current
    if (dialog && !dialog.open) dialog.showModal()
  }, [])

  const busy = state.phase === 'uploading'
  const checked = state.phase === 'done' && state.report.dry_run && state.report.rejected.length === 0
  const set = (key: keyof ImportFields) => (event: { target: { value: string } }) => {
    setFields((current) => ({ ...current, [key]: event.target.value }))
    if (state.phase !== 'uploading') cancel()
  }
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (file) void run(file, fields, !checked)
  }

  return (
    <dialog ref={dialogRef} className="dialog" aria-labelledby={`${id}-title`} onClose={onClose}>
      <form onSubmit={submit}>
        <h3 id={`${id}-title`}>{t('parcelImport.title')}</h3>
        <div className="form-grid">
          <label htmlFor={`${id}-file`}>{t('parcelImport.file')}</label>
          <input
            id={`${id}-file`}
            type="file"
            accept={ACCEPT}
            required
            onChange={(event) => {
              setFile(event.target.files?.[0] ?? null)
              cancel()
            }}
          />
          <label htmlFor={`${id}-crs`}>{t('parcelImport.crs')}</label>
          <select id={`${id}-crs`} value={fields.crs} onChange={set('crs')}>
            <option value="">{t('parcelImport.crsFromFile')}</option>
            {IMPORT_CRSS.map((crs) => (
              <option key={crs} value={crs}>
                {t(`parcelImport.crsName.${crs}`)}
              </option>
            ))}
          </select>
          <label htmlFor={`${id}-code`}>{t('parcelImport.codeField')}</label>
          <input
            id={`${id}-code`}
            placeholder="code / DKBH"
            value={fields.code_field}
            onChange={set('code_field')}
          />
          <label htmlFor={`${id}-name`}>{t('parcelImport.nameField')}</label>
          <input
            id={`${id}-name`}
            placeholder="name / DKMC"
            value={fields.name_field}
            onChange={set('name_field')}
          />
          <label htmlFor={`${id}-use`}>{t('parcelImport.landUseField')}</label>
          <input
            id={`${id}-use`}
            placeholder="land_use / YDXZ"
            value={fields.land_use_field}
            onChange={set('land_use_field')}
          />
          <label htmlFor={`${id}-default-use`}>{t('parcelImport.defaultLandUse')}</label>
          <select id={`${id}-default-use`} value={fields.default_land_use} onChange={set('default_land_use')}>
            <option value="">{t('parcelImport.noDefault')}</option>
            {LAND_USES.map((use) => (
              <option key={use} value={use}>
                {t(`landUse.${use}`)}
              </option>
            ))}
          </select>
        </div>
        <p className="panel-note">{t('parcelImport.hint')}</p>
        {state.phase === 'uploading' && (
          <p role="status">
            <progress value={state.progress} max={1} aria-label={t('parcelImport.uploading')} />{' '}
            {state.progress < 1
              ? t('parcelImport.uploadingPercent', { percent: Math.round(state.progress * 100) })
              : t('parcelImport.checking')}
          </p>
        )}
        {state.phase === 'done' && <Report report={state.report} />}
        {state.phase === 'failed' && (
          <div className="form-error" role="alert">
            <p>{t('parcelImport.failed', { message: state.error.message })}</p>
            <Rejections rows={asRejections(state.error.details)} />
          </div>
        )}
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={!file || busy}>
            {checked ? t('parcelImport.import') : t('parcelImport.check')}
          </button>
          <button type="button" className="button-quiet" onClick={() => dialogRef.current?.close()}>
            {state.phase === 'done' && !state.report.dry_run
              ? t('parcelImport.close')
              : t('parcelImport.cancel')}
          </button>
        </div>
      </form>
    </dialog>
  )
}

/** The header's 导入地块 button, for land officers and admins; opens the import dialog. */
export function ImportParcelsButton() {
  const { t } = useTranslation()
  const [open, setOpen] = useState(false)
  return (
    <>
      <button type="button" className="button-quiet" onClick={() => setOpen(true)}>
        {t('parcelImport.open')}
      </button>
      {open && <ImportDialog onClose={() => setOpen(false)} />}
    </>
  )
}
